#pragma once
/// @brief The C++ side of the transcript page (resources/web/transcript.*):
/// the chat controller sets and streams messages here, the bridge renders
/// their Markdown to HTML (ui/markdown) and posts JSON to the page over a
/// QWebChannel; the page's buttons come back as signals.

#include "ui/transcript/transcriptmessage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QQmlWebChannel>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace qiusuo::ui {

/// Protocol with the page (transcript.js), which sees only a
/// TranscriptPageEndpoint registered as "bridge":
/// - The page calls attach() once its channel is up (again after a reload)
///   and gets a snapshot: {"seq", "strings", "reasoningMode", "theme",
///   "fontSize", "messages", "scrollTo"}.
/// - Every later change is one posted(json) signal {"seq", "op", ...} with
///   op = set | append | update | remove | clear | scrollTo | mode |
///   appearance ({"theme", "fontSize"}: restyled in place); the page
///   drops posts whose seq is not newer than its snapshot's.
/// - A message is {"id", "role", "html", "reasoningHtml", "reasoningMs",
///   "reasoningActive", "streaming", "siblingIndex", "siblingCount",
///   "stats", "error", "interrupted"}; HTML comes only from the Markdown
///   renderer (raw HTML escaped), texts are inserted as text by the page.
///   Messages of a "set" far from the end come without "html" and
///   "reasoningHtml": the page asks for them (renderForPage) when they come
///   near its viewport.
/// The page's own words (buttons, "Thinking… 12 s") come from pageStrings(),
/// translated here with tr().
class TranscriptBridge : public QObject {
    Q_OBJECT
    QML_ELEMENT
    /// "collapsed" (default) | "expanded" | "hidden": how reasoning shows.
    Q_PROPERTY(QString reasoningMode READ reasoningMode WRITE setReasoningMode NOTIFY reasoningModeChanged)
    /// "light" (default) | "dark": the page's colours, changed without a reload.
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    /// The app's body text size in pixels (10..28, default 14); the page's
    /// text scales from it.
    Q_PROPERTY(int fontSize READ fontSize WRITE setFontSize NOTIFY fontSizeChanged)
    /// Assign to the view: WebEngineView { webChannel: bridge.channel }.
    Q_PROPERTY(QQmlWebChannel* channel READ channel CONSTANT)
    /// True once a page has attached (and after each reload).
    Q_PROPERTY(bool attached READ attached NOTIFY attachedChanged)
    /// Number of messages shown.
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit TranscriptBridge(QObject* parent = nullptr);

    // The chat controller's API.
    /// Replaces everything (conversation opened, branch switched).
    void setMessages(const QList<TranscriptMessage>& path);
    void appendMessage(const TranscriptMessage& m);
    /// Updates the message with m.id (ignored when absent); while streaming
    /// only its changed parts are re-rendered.
    void updateMessage(const TranscriptMessage& m);
    void removeMessage(qint64 id);
    Q_INVOKABLE void clear();
    /// Scrolls the page to the message (now, or once the page attaches).
    void scrollToMessage(qint64 id);

    QString reasoningMode() const { return reasoningMode_; }
    /// Unknown modes fall back to "collapsed".
    void setReasoningMode(const QString& mode);
    QString theme() const { return theme_; }
    /// Anything but "dark" is "light".
    void setTheme(const QString& theme);
    int fontSize() const { return fontSize_; }
    /// Clamped to 10..28.
    void setFontSize(int pixels);
    QQmlWebChannel* channel() const { return channel_; }
    bool attached() const { return attached_; }
    int count() const { return int(messages_.size()); }

    /// The JSON of message `id` (empty when absent), as the page has it.
    QJsonObject messageJson(qint64 id) const;
    /// Renders the messages `ids` (those the page is about to show) and
    /// returns their JSON with HTML. setMessages() renders only the last
    /// few messages: a long conversation costs what is on screen.
    QJsonArray renderForPage(const QList<qint64>& ids);
    /// The id of the last message with `role` ("user", "assistant") shown, 0 when none.
    Q_INVOKABLE qint64 lastMessageId(const QString& role) const;
    /// Asks the chat controller to edit the last user message shown, as the
    /// page's "Edit" button does; false when there is none.
    Q_INVOKABLE bool editLastUserMessage();
    /// Asks the chat controller to copy the last answer shown (its Markdown),
    /// as the page's "Copy" button does; false when there is none.
    Q_INVOKABLE bool copyLastAnswer();
    /// The page's translated words, keyed as transcript.js uses them.
    static QJsonObject pageStrings();

    // The page's side, reached through TranscriptPageEndpoint.
    /// Returns the snapshot (compact JSON text) and marks the page attached.
    QString attach();
    /// Opens an http(s) or mailto link in the system browser; anything
    /// else is refused. The page calls it only from a trusted click.
    bool openLink(const QString& url);
    /// Puts `text` (a code block) on the clipboard.
    void copyText(const QString& text);

signals:
    // The page's buttons, for the chat controller.
    void copyRequested(qint64 id);
    void editRequested(qint64 id);
    void regenerateRequested(qint64 id);
    void siblingRequested(qint64 id, int delta);
    void deleteRequested(qint64 id);
    /// A link the user clicked that was opened (or refused when !opened).
    void linkActivated(const QString& url, bool opened);

    /// To the page: one change, compact JSON text (see the class comment).
    void posted(const QString& json);

    void reasoningModeChanged();
    void themeChanged();
    void fontSizeChanged();
    void attachedChanged();
    void countChanged();

private:
    struct Entry {
        TranscriptMessage message;
        QJsonObject json; ///< as posted; "html"/"reasoningHtml" once rendered
        bool rendered = false;
    };

    static Entry describe(const TranscriptMessage& m);
    /// Adds the HTML, reusing `previous`'s where its Markdown is the same.
    static void render(Entry& e, const Entry* previous);
    int indexOf(qint64 id) const;
    void post(QJsonObject change);
    void postAppearance();

    QQmlWebChannel* channel_ = nullptr;
    QList<Entry> messages_;
    QString reasoningMode_ = QStringLiteral("collapsed");
    QString theme_ = QStringLiteral("light");
    int fontSize_ = 14;
    qint64 seq_ = 0;
    qint64 pendingScroll_ = 0;
    bool attached_ = false;
};

} // namespace qiusuo::ui
