#pragma once
/// @brief The desktop app's export and import: the conversations of the
/// current profile to Markdown, JSON, HTML or PDF files, and JSON files
/// (ours or ChatGPT's) back in. For ExportDialog.qml.
///
/// Uses its own connection to the profile's database (SQLite allows several;
/// WAL lets it read while the window writes). Markdown, JSON and HTML are
/// written at once; PDF is printed by qiusuo-html2pdf (installed next to the
/// app) in a separate process, so the window never waits for it.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace qiusuo::ui {

class ConversationExporter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit ConversationExporter(QObject* parent = nullptr);
    ~ConversationExporter() override;

    bool busy() const { return process_ != nullptr; }

    /// Exports the conversations with these uuids (all when empty) as
    /// "md", "json", "html" or "pdf" to `file`. finished() follows.
    Q_INVOKABLE void exportTo(const QStringList& uuids, const QString& format, const QUrl& file,
                              bool includeReasoning);
    /// Imports a Qiusuo or ChatGPT JSON file; finished() follows.
    Q_INVOKABLE void importFrom(const QUrl& file);
    /// The file name suggested for an export: "<title>.<ext>" made safe.
    Q_INVOKABLE QString suggestedFileName(const QString& title, const QString& format) const;

signals:
    void busyChanged();
    /// `ok` false: `message` says what went wrong, in the user's words.
    void finished(bool ok, const QString& message);

private:
    void finishPdf(int exitCode, QProcess::ExitStatus status);

    std::unique_ptr<QProcess> process_;
    QString pdfTarget_;
    QString tempDir_;
};

} // namespace qiusuo::ui
