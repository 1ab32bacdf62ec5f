#include "ui/chat/titlewriter.h"

#include "storage/conversationstore.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/inferenceworker.h"
#include "ui/conversationlistmodel.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/conversationoverrides.h"

#include <QRegularExpression>
#include <QStringList>

#include <exception>

namespace qiusuo::ui {

namespace {

// Sent to the model, not shown to the user: the models follow English best,
// and "the conversation's language" keeps a Chinese chat's title Chinese.
constexpr const char* kInstruction =
    "Write a short title for the conversation above, in the language of the conversation: "
    "at most 8 words, or at most 20 characters if it is in Chinese. "
    "Reply with the title only, without quotes and without a full stop.";

bool isCjk(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0xF900 && u <= 0xFAFF);
}

/// Cuts `text` to `limit` characters with "…", never between the halves of a surrogate pair.
QString cutTo(const QString& text, qsizetype limit)
{
    if (text.size() <= limit)
        return text;
    qsizetype cut = limit;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut).trimmed() + QStringLiteral("…");
}

/// Drops what a model wrote as reasoning: every closed <think>…</think>, an
/// unclosed <think> to the end, and anything before a lone </think> (a
/// template that opened the block in the prompt).
QString withoutReasoning(QString text)
{
    static const QRegularExpression closed(QStringLiteral("<think>.*?</think>"),
                                           QRegularExpression::DotMatchesEverythingOption);
    text.remove(closed);
    const qsizetype close = text.lastIndexOf(QStringLiteral("</think>"));
    if (close >= 0)
        text = text.mid(close + 8);
    const qsizetype open = text.indexOf(QStringLiteral("<think>"));
    if (open >= 0)
        text.truncate(open);
    return text;
}

} // namespace

TitleWriter::TitleWriter(ChatController* controller, storage::ConversationStore* store,
                         ConversationListModel* conversations)
    : QObject(controller), controller_(controller), store_(store), conversations_(conversations)
{
    connect(controller_, &ChatController::answerFinished, this, &TitleWriter::onAnswerFinished);
    // The worker lives on its own thread: queued, delivered on this one.
    if (InferenceWorker* worker = controller_->session()->worker())
        connect(worker, &InferenceWorker::titleGenerated, this, &TitleWriter::onTitleGenerated);
}

QString TitleWriter::clean(const QString& reply)
{
    QString line;
    for (const QString& candidate : withoutReasoning(reply).split(QLatin1Char('\n'))) {
        line = candidate.simplified();
        if (!line.isEmpty())
            break;
    }
    static const QRegularExpression label(QStringLiteral("^(title|标题|標題)\\s*[:：]\\s*"),
                                          QRegularExpression::CaseInsensitiveOption);
    line.remove(label);
    // Quotes, brackets and Markdown around the title, and punctuation after
    // it, peeled off together until none is left ("「标题」。" → "标题").
    static const QString around = QStringLiteral("\"'`*#_“”‘’「」『』《》〈〉【】()（）[]");
    static const QString trailing = QStringLiteral(".。!！?？,，;；:：、…~～-—");
    for (bool changed = true; changed && !line.isEmpty();) {
        changed = false;
        if (around.contains(line.front()) || line.front().isSpace()) {
            line.remove(0, 1);
            changed = true;
        }
        if (!line.isEmpty() && (around.contains(line.back()) || trailing.contains(line.back()) || line.back().isSpace())) {
            line.chop(1);
            changed = true;
        }
    }
    bool hasLetterOrDigit = false;
    qsizetype cjk = 0;
    for (const QChar c : std::as_const(line)) {
        if (c == QChar::ReplacementCharacter || c.category() == QChar::Other_Control)
            return {};
        hasLetterOrDigit = hasLetterOrDigit || c.isLetterOrNumber();
        cjk += isCjk(c) ? 1 : 0;
    }
    if (!hasLetterOrDigit)
        return {};
    if (cjk * 2 > line.size())
        return cutTo(line, kMaxCjkChars);
    const QStringList words = line.split(QLatin1Char(' '));
    if (words.size() > kMaxWords)
        line = words.mid(0, kMaxWords).join(QLatin1Char(' ')) + QStringLiteral("…");
    return cutTo(line, ChatController::kTitleMaxChars);
}

std::vector<ChatMessage> TitleWriter::request(const std::string& systemPrompt, const std::string& question,
                                              const std::string& answer)
{
    // The conversation as the model saw it (reasoning never goes back), so a
    // local model reuses the prompt it holds; then the instruction.
    std::vector<ChatMessage> messages;
    if (!systemPrompt.empty())
        messages.push_back({ChatMessage::Role::System, systemPrompt, {}});
    messages.push_back({ChatMessage::Role::User, question, {}});
    messages.push_back({ChatMessage::Role::Assistant, answer, {}});
    messages.push_back({ChatMessage::Role::User, kInstruction, {}});
    return messages;
}

GenerationParams TitleWriter::params()
{
    GenerationParams params;
    params.temperature = 0.3f;
    params.topP = 0.9f;
    params.maxTokens = kMaxTokens;
    params.thinking = false;
    return params;
}

std::optional<TitleWriter::Request> TitleWriter::requestFor(qint64 answerId)
{
    const AppSettings* settings = controller_->settings();
    if (!settings || !settings->modelTitles())
        return std::nullopt;
    const storage::Message answer = store_->message(answerId);
    if (answer.role != storage::MessageRole::Assistant || answer.status != storage::MessageStatus::Complete
        || !answer.parentId || asked_.contains(answer.conversationId) || answer.content.empty())
        return std::nullopt;
    // The first answer: its question opens the conversation.
    const storage::Message question = store_->message(*answer.parentId);
    if (question.role != storage::MessageRole::User || question.parentId)
        return std::nullopt;
    const storage::Conversation conversation = store_->conversation(answer.conversationId);
    const QString title = QString::fromStdString(conversation.title);
    // Renamed by the user (or titled by an earlier run): theirs stays.
    if (title != ChatController::titleFrom(QString::fromStdString(question.content)))
        return std::nullopt;
    // The system prompt the answer was written under (as ChatController
    // chooses it), so a local model's cached prompt stays usable.
    const QString systemPrompt = ConversationOverrides::fromJson(QString::fromStdString(conversation.settingsJson))
                                     .systemPrompt(QString::fromStdString(conversation.systemPrompt),
                                                   settings->systemPrompt());
    Request request;
    request.conversationId = answer.conversationId;
    request.uuid = QString::fromStdString(conversation.uuid);
    request.expectedTitle = title;
    request.messages = TitleWriter::request(systemPrompt.toStdString(), question.content, answer.content);
    return request;
}

void TitleWriter::onAnswerFinished(qint64 answerId)
{
    std::optional<Request> request;
    try {
        request = requestFor(answerId);
    } catch (const std::exception&) {
        // The answer or its conversation is gone (deleted meanwhile): no title.
        return;
    }
    if (request) {
        asked_.insert(request->conversationId);
        retry_.reset();
        start(std::move(*request));
    } else if (retry_ && !pending_) {
        // The user's message that stopped the title has been answered.
        Request again = std::move(*retry_);
        retry_.reset();
        start(std::move(again));
    }
}

void TitleWriter::start(Request request)
{
    InferenceWorker* worker = controller_->session()->worker();
    if (!worker || controller_->session()->state() != InferenceSession::State::Ready)
        return;
    request.id = ++nextId_;
    const quint64 id = request.id;
    std::vector<ChatMessage> messages = request.messages;
    const qint64 conversationId = request.conversationId;
    pending_ = std::move(request);
    // Armed here, before queueing: a user request queued after this one
    // raises the flag again, and the title then stops at once.
    worker->armTitle();
    QMetaObject::invokeMethod(
        worker,
        [worker, id, messages = std::move(messages)]() mutable {
            worker->generateTitle(id, std::move(messages), TitleWriter::params());
        },
        Qt::QueuedConnection);
    emit titleRequested(conversationId);
}

void TitleWriter::onTitleGenerated(quint64 titleId, const QString& content, const qiusuo::GenerationResult& result)
{
    if (!pending_ || pending_->id != titleId)
        return;
    Request request = std::move(*pending_);
    pending_.reset();
    if (result.status == GenerationResult::Status::Stopped) {
        retry_ = std::move(request);
        emit titleFinished(retry_->conversationId, false, {});
        return;
    }
    const QString title = result.status == GenerationResult::Status::Complete ? clean(content) : QString();
    bool renamed = false;
    try {
        const storage::Conversation now = store_->conversation(request.conversationId);
        // Only over the title it had when asked: a user's rename wins.
        if (!title.isEmpty() && QString::fromStdString(now.title) == request.expectedTitle && conversations_)
            renamed = conversations_->rename(request.uuid, title);
    } catch (const std::exception&) {
        // The conversation was deleted meanwhile: nothing to name.
    }
    emit titleFinished(request.conversationId, renamed, renamed ? title : QString());
}

} // namespace qiusuo::ui
