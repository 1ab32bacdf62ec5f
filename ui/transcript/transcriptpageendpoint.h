#pragma once
/// @brief What the transcript page sees of TranscriptBridge: the one object
/// registered on the QWebChannel (as "bridge"). QWebChannel hands the page
/// every property, signal and invokable of a registered object, so the page
/// gets this narrow facade instead of the bridge itself.

#include <QObject>
#include <QString>
#include <QVariantList>

namespace qiusuo::ui {

class TranscriptBridge;

class TranscriptPageEndpoint : public QObject {
    Q_OBJECT

public:
    /// Forwards to `bridge`, which owns this object.
    explicit TranscriptPageEndpoint(TranscriptBridge* bridge);

    /// The snapshot (see TranscriptBridge); the page calls it on connecting.
    Q_INVOKABLE QString attach();
    /// Messages `ids` with their HTML, a JSON array as text.
    Q_INVOKABLE QString render(const QVariantList& ids);
    Q_INVOKABLE void copyMessage(double id);
    Q_INVOKABLE void editMessage(double id);
    Q_INVOKABLE void regenerateMessage(double id);
    Q_INVOKABLE void switchSibling(double id, int delta);
    Q_INVOKABLE void deleteMessage(double id);
    Q_INVOKABLE bool openLink(const QString& url);
    Q_INVOKABLE void copyText(const QString& text);

signals:
    /// One change for the page, compact JSON text.
    void posted(const QString& json);

private:
    TranscriptBridge* bridge_;
};

} // namespace qiusuo::ui
