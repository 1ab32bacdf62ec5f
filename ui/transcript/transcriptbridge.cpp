#include "ui/transcript/transcriptbridge.h"

#include "ui/markdown/markdownrenderer.h"
#include "ui/transcript/transcriptpageendpoint.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <algorithm>

namespace qiusuo::ui {
namespace {

QString renderMarkdown(const QString& markdown)
{
    if (markdown.isEmpty())
        return {};
    const QByteArray utf8 = markdown.toUtf8();
    const std::string html = markdown::renderHtml(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    return QString::fromUtf8(html.data(), qsizetype(html.size()));
}

QString toJsonText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

TranscriptBridge::TranscriptBridge(QObject* parent)
    : QObject(parent)
    , channel_(new QQmlWebChannel(this))
{
    channel_->registerObject(QStringLiteral("bridge"), new TranscriptPageEndpoint(this));
}

TranscriptBridge::Entry TranscriptBridge::describe(const TranscriptMessage& m)
{
    Entry e;
    e.message = m;
    e.json = QJsonObject{
        {QStringLiteral("id"), double(m.id)},
        {QStringLiteral("role"), m.role},
        {QStringLiteral("reasoningMs"), double(m.reasoningMs)},
        {QStringLiteral("reasoningActive"), m.reasoningActive},
        {QStringLiteral("streaming"), m.streaming},
        {QStringLiteral("siblingIndex"), m.siblingIndex},
        {QStringLiteral("siblingCount"), m.siblingCount},
        {QStringLiteral("stats"), m.stats},
        {QStringLiteral("error"), m.error},
        {QStringLiteral("interrupted"), m.interrupted},
    };
    return e;
}

void TranscriptBridge::render(Entry& e, const Entry* previous)
{
    // Streaming calls this every ~16 ms: re-render only what changed.
    const bool known = previous && previous->rendered;
    const bool sameContent = known && previous->message.markdown == e.message.markdown;
    const bool sameReasoning = known && previous->message.reasoning == e.message.reasoning;
    e.json.insert(QStringLiteral("html"), sameContent ? previous->json.value(QLatin1String("html"))
                                                      : QJsonValue(renderMarkdown(e.message.markdown)));
    e.json.insert(QStringLiteral("reasoningHtml"), sameReasoning ? previous->json.value(QLatin1String("reasoningHtml"))
                                                                 : QJsonValue(renderMarkdown(e.message.reasoning)));
    e.rendered = true;
}

int TranscriptBridge::indexOf(qint64 id) const
{
    for (int i = 0; i < messages_.size(); ++i) {
        if (messages_[i].message.id == id)
            return i;
    }
    return -1;
}

void TranscriptBridge::post(QJsonObject change)
{
    change.insert(QStringLiteral("seq"), double(++seq_));
    emit posted(toJsonText(change));
}

void TranscriptBridge::setMessages(const QList<TranscriptMessage>& path)
{
    // The page opens at the bottom: render what will be on screen at once,
    // the rest when the page asks for it.
    constexpr qsizetype kRenderedTail = 24;
    const int before = count();
    messages_.clear();
    messages_.reserve(path.size());
    QJsonArray list;
    for (qsizetype i = 0; i < path.size(); ++i) {
        Entry e = describe(path[i]);
        if (i >= path.size() - kRenderedTail)
            render(e, nullptr);
        list.append(e.json);
        messages_.append(std::move(e));
    }
    post({{QStringLiteral("op"), QStringLiteral("set")}, {QStringLiteral("messages"), list}});
    if (before != count())
        emit countChanged();
}

void TranscriptBridge::appendMessage(const TranscriptMessage& m)
{
    if (indexOf(m.id) >= 0) {
        updateMessage(m);
        return;
    }
    Entry e = describe(m);
    render(e, nullptr);
    messages_.append(std::move(e));
    post({{QStringLiteral("op"), QStringLiteral("append")}, {QStringLiteral("message"), messages_.last().json}});
    emit countChanged();
}

void TranscriptBridge::updateMessage(const TranscriptMessage& m)
{
    const int i = indexOf(m.id);
    if (i < 0)
        return;
    Entry next = describe(m);
    render(next, &messages_[i]);
    if (next.json == messages_[i].json)
        return;
    messages_[i] = std::move(next);
    post({{QStringLiteral("op"), QStringLiteral("update")}, {QStringLiteral("message"), messages_[i].json}});
}

QJsonArray TranscriptBridge::renderForPage(const QList<qint64>& ids)
{
    QJsonArray list;
    for (const qint64 id : ids) {
        const int i = indexOf(id);
        if (i < 0)
            continue;
        if (!messages_[i].rendered)
            render(messages_[i], nullptr);
        list.append(messages_[i].json);
    }
    return list;
}

void TranscriptBridge::removeMessage(qint64 id)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    messages_.removeAt(i);
    post({{QStringLiteral("op"), QStringLiteral("remove")}, {QStringLiteral("id"), double(id)}});
    emit countChanged();
}

void TranscriptBridge::clear()
{
    const bool hadMessages = !messages_.isEmpty();
    messages_.clear();
    pendingScroll_ = 0;
    post({{QStringLiteral("op"), QStringLiteral("clear")}});
    if (hadMessages)
        emit countChanged();
}

void TranscriptBridge::scrollToMessage(qint64 id)
{
    pendingScroll_ = attached_ ? 0 : id;
    post({{QStringLiteral("op"), QStringLiteral("scrollTo")}, {QStringLiteral("id"), double(id)}});
}

void TranscriptBridge::setReasoningMode(const QString& mode)
{
    const QString valid = (mode == QLatin1String("expanded") || mode == QLatin1String("hidden"))
        ? mode : QStringLiteral("collapsed");
    if (valid == reasoningMode_)
        return;
    reasoningMode_ = valid;
    post({{QStringLiteral("op"), QStringLiteral("mode")}, {QStringLiteral("reasoningMode"), reasoningMode_}});
    emit reasoningModeChanged();
}

void TranscriptBridge::setTheme(const QString& theme)
{
    const QString valid = theme == QLatin1String("dark") ? theme : QStringLiteral("light");
    if (valid == theme_)
        return;
    theme_ = valid;
    postAppearance();
    emit themeChanged();
}

void TranscriptBridge::setFontSize(int pixels)
{
    const int valid = std::clamp(pixels, 10, 28);
    if (valid == fontSize_)
        return;
    fontSize_ = valid;
    postAppearance();
    emit fontSizeChanged();
}

void TranscriptBridge::postAppearance()
{
    post({{QStringLiteral("op"), QStringLiteral("appearance")},
          {QStringLiteral("theme"), theme_},
          {QStringLiteral("fontSize"), fontSize_}});
}

qint64 TranscriptBridge::lastMessageId(const QString& role) const
{
    for (auto it = messages_.crbegin(); it != messages_.crend(); ++it) {
        if (it->message.role == role)
            return it->message.id;
    }
    return 0;
}

bool TranscriptBridge::editLastUserMessage()
{
    const qint64 id = lastMessageId(QStringLiteral("user"));
    if (id == 0)
        return false;
    emit editRequested(id);
    return true;
}

bool TranscriptBridge::copyLastAnswer()
{
    const qint64 id = lastMessageId(QStringLiteral("assistant"));
    if (id == 0)
        return false;
    emit copyRequested(id);
    return true;
}

QJsonObject TranscriptBridge::messageJson(qint64 id) const
{
    const int i = indexOf(id);
    return i < 0 ? QJsonObject() : messages_[i].json;
}

QJsonObject TranscriptBridge::pageStrings()
{
    // An explicit context: tr() in a namespaced class would look up
    // "qiusuo::ui::TranscriptBridge", which lupdate does not write.
    struct PageString {
        const char* key;
        const char* text;
    };
    static constexpr PageString kStrings[] = {
        {"thinking", QT_TRANSLATE_NOOP("TranscriptBridge", "Thinking… %1 s")},
        {"thought", QT_TRANSLATE_NOOP("TranscriptBridge", "Thought for %1 s")},
        {"copy", QT_TRANSLATE_NOOP("TranscriptBridge", "Copy")},
        {"copied", QT_TRANSLATE_NOOP("TranscriptBridge", "Copied")},
        {"copyCode", QT_TRANSLATE_NOOP("TranscriptBridge", "Copy code")},
        {"edit", QT_TRANSLATE_NOOP("TranscriptBridge", "Edit")},
        {"regenerate", QT_TRANSLATE_NOOP("TranscriptBridge", "Regenerate")},
        {"delete", QT_TRANSLATE_NOOP("TranscriptBridge", "Delete")},
        {"previous", QT_TRANSLATE_NOOP("TranscriptBridge", "Previous version")},
        {"next", QT_TRANSLATE_NOOP("TranscriptBridge", "Next version")},
        {"stopped", QT_TRANSLATE_NOOP("TranscriptBridge", "Stopped")},
        {"jumpToLatest", QT_TRANSLATE_NOOP("TranscriptBridge", "Jump to latest")},
        {"code", QT_TRANSLATE_NOOP("TranscriptBridge", "code")},
        {"formulaError", QT_TRANSLATE_NOOP("TranscriptBridge", "This formula could not be typeset")},
    };
    QJsonObject strings;
    for (const PageString& s : kStrings)
        strings.insert(QLatin1String(s.key), QCoreApplication::translate("TranscriptBridge", s.text));
    return strings;
}

QString TranscriptBridge::attach()
{
    QJsonArray list;
    for (const Entry& e : messages_)
        list.append(e.json);
    QJsonObject snapshot{
        {QStringLiteral("seq"), double(seq_)},
        {QStringLiteral("strings"), pageStrings()},
        {QStringLiteral("reasoningMode"), reasoningMode_},
        {QStringLiteral("theme"), theme_},
        {QStringLiteral("fontSize"), fontSize_},
        {QStringLiteral("messages"), list},
        {QStringLiteral("scrollTo"), double(pendingScroll_)},
    };
    pendingScroll_ = 0;
    if (!attached_) {
        attached_ = true;
        emit attachedChanged();
    }
    return toJsonText(snapshot);
}

bool TranscriptBridge::openLink(const QString& url)
{
    const QUrl u(url, QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    const bool allowed = u.isValid() && !u.isRelative()
        && ((scheme == QLatin1String("http") || scheme == QLatin1String("https")) ? !u.host().isEmpty()
                                                                                   : scheme == QLatin1String("mailto"));
    const bool opened = allowed && QDesktopServices::openUrl(u);
    emit linkActivated(url, opened);
    return opened;
}

void TranscriptBridge::copyText(const QString& text)
{
    if (QClipboard* clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
}

} // namespace qiusuo::ui
