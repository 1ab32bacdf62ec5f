#include "ui/chat/chatcontroller.h"

#include "storage/conversationstore.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/titlewriter.h"
#include "ui/chat/transcriptmapping.h"
#include "ui/conversationlistmodel.h"
#include "ui/settings/conversationoverrides.h"
#include "ui/transcript/transcriptbridge.h"

#include <QClipboard>
#include <QGuiApplication>

#include <algorithm>
#include <exception>

namespace qiusuo::ui {

namespace {

ChatMessage::Role toChatRole(storage::MessageRole role)
{
    switch (role) {
    case storage::MessageRole::System:
        return ChatMessage::Role::System;
    case storage::MessageRole::Assistant:
        return ChatMessage::Role::Assistant;
    case storage::MessageRole::User:
    case storage::MessageRole::Tool:
        break;
    }
    return ChatMessage::Role::User;
}

storage::MessageStatus toStatus(GenerationResult::Status status, bool closing)
{
    switch (status) {
    case GenerationResult::Status::Complete:
        return storage::MessageStatus::Complete;
    case GenerationResult::Status::Stopped:
        // Stopped by the window closing, not by the user: shown as cut off.
        return closing ? storage::MessageStatus::Interrupted : storage::MessageStatus::Stopped;
    case GenerationResult::Status::Error:
        return storage::MessageStatus::Error;
    case GenerationResult::Status::Interrupted:
        break;
    }
    return storage::MessageStatus::Interrupted;
}

} // namespace

ChatController::ChatController(storage::ConversationStore* store, ConversationListModel* conversations,
                               TranscriptBridge* bridge, QObject* parent)
    : QObject(parent), store_(store), conversations_(conversations), bridge_(bridge),
      session_(new InferenceSession(this)), conversationSettings_(new ConversationSettingsModel(store, this))
{
    connect(conversationSettings_, &ConversationSettingsModel::errorOccurred, this, &ChatController::errorOccurred);
    connect(session_, &InferenceSession::deltas, this, &ChatController::onDeltas);
    connect(session_, &InferenceSession::finished, this, &ChatController::onFinished);
    connect(session_, &InferenceSession::generatingChanged, this, &ChatController::generatingChanged);
    saveTimer_.setInterval(kSaveIntervalMs);
    connect(&saveTimer_, &QTimer::timeout, this, &ChatController::saveStreaming);
    // Model-written titles after a conversation's first answer (a child; it
    // watches answerFinished, connected first so a send in reply to that
    // signal stops the title it asks for).
    new TitleWriter(this, store_, conversations_);
    if (bridge_) {
        connect(bridge_, &TranscriptBridge::copyRequested, this, &ChatController::copyMessage);
        connect(bridge_, &TranscriptBridge::editRequested, this, &ChatController::editMessage);
        connect(bridge_, &TranscriptBridge::regenerateRequested, this, &ChatController::regenerate);
        connect(bridge_, &TranscriptBridge::siblingRequested, this, &ChatController::switchSibling);
        connect(bridge_, &TranscriptBridge::deleteRequested, this, &ChatController::deleteMessage);
    }
}

ChatController::~ChatController()
{
    shutdown();
}

void ChatController::shutdown()
{
    closing_ = true;
    // Delivers the generation's last signals (onFinished saves the answer).
    session_->shutdown();
    if (streaming_) {
        // No finished signal came (the worker was busy loading): save what we have.
        GenerationResult cut;
        cut.status = GenerationResult::Status::Interrupted;
        onFinished(cut);
    }
}

bool ChatController::generating() const
{
    return session_->generating();
}

void ChatController::setDeepThinking(bool on)
{
    if (on == deepThinking_)
        return;
    deepThinking_ = on;
    emit deepThinkingChanged();
}

void ChatController::setMaxTokens(int tokens)
{
    tokens = tokens <= 0 ? -1 : tokens;
    if (tokens == maxTokens_)
        return;
    maxTokens_ = tokens;
    emit maxTokensChanged();
}

void ChatController::setSeed(qint64 seed)
{
    seed_ = seed < 0 ? std::nullopt : std::optional<std::uint64_t>(std::uint64_t(seed));
}

QString ChatController::defaultTitle() const
{
    return tr("New chat");
}

QString ChatController::titleFrom(const QString& text)
{
    QString line;
    for (const QString& candidate : text.split(QLatin1Char('\n'))) {
        line = candidate.simplified();
        if (!line.isEmpty())
            break;
    }
    if (line.size() <= kTitleMaxChars)
        return line;
    qsizetype cut = kTitleMaxChars;
    if (line.at(cut - 1).isHighSurrogate())
        --cut; // never split a character outside the BMP
    return line.left(cut).trimmed() + QStringLiteral("…");
}

void ChatController::openConversation(const QString& uuid)
{
    if (uuid == conversationUuid_ && (uuid.isEmpty() || conversationDbId_ != 0)) {
        return;
    }
    if (editTarget_) {
        editTarget_.reset();
        emit editingChanged();
    }
    conversationUuid_ = uuid;
    conversationDbId_ = 0;
    if (!uuid.isEmpty()) {
        try {
            conversationDbId_ = store_->conversationByUuid(uuid.toStdString()).id;
        } catch (const std::exception& error) {
            conversationUuid_.clear();
            reportError(error);
        }
    }
    showActivePath();
    emit conversationChanged();
}

void ChatController::openAtMessage(const QString& uuid, qint64 messageId)
{
    try {
        // The hit may lie on another branch: make it part of the path shown.
        if (!(streaming_ && streaming_->messageId == messageId))
            store_->setActive(messageId);
    } catch (const std::exception& error) {
        reportError(error);
        return;
    }
    if (uuid == conversationUuid_ && conversationDbId_ != 0)
        showActivePath();
    else
        openConversation(uuid);
    if (bridge_)
        bridge_->scrollToMessage(messageId);
}

bool ChatController::send(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || generating() || session_->state() != InferenceSession::State::Ready)
        return false;
    try {
        if (conversationDbId_ == 0) {
            // No conversation open: the first message creates one.
            const QString uuid = conversations_ ? conversations_->createConversation(titleFrom(trimmed)) : QString();
            if (uuid.isEmpty())
                return false;
            openConversation(uuid);
            emit conversationCreated(uuid);
        }
        const storage::Conversation conversation = store_->conversation(conversationDbId_);
        std::optional<std::int64_t> parent = conversation.currentLeafId;
        if (editTarget_) {
            // Resend as a new branch: a sibling of the edited message.
            parent = store_->message(*editTarget_).parentId;
            editTarget_.reset();
            emit editingChanged();
        }
        if (store_->messageCount(conversationDbId_) == 0
            && (conversation.title.empty() || QString::fromStdString(conversation.title) == defaultTitle())
            && conversations_) {
            conversations_->rename(conversationUuid_, titleFrom(trimmed));
        }
        storage::NewMessage user;
        user.role = storage::MessageRole::User;
        user.content = trimmed.toStdString();
        const qint64 userId = store_->appendMessage(conversationDbId_, parent, user);
        store_->setModelAndBackend(conversationDbId_, session_->label().toStdString(), session_->kind().toStdString());
        return startAnswer(conversationDbId_, userId);
    } catch (const std::exception& error) {
        reportError(error);
        return false;
    }
}

bool ChatController::regenerate(qint64 assistantId)
{
    if (generating() || session_->state() != InferenceSession::State::Ready)
        return false;
    try {
        const storage::Message answer = store_->message(assistantId);
        if (answer.role != storage::MessageRole::Assistant || !answer.parentId)
            return false;
        // A new sibling of the answer: a child of the same user message.
        return startAnswer(answer.conversationId, *answer.parentId);
    } catch (const std::exception& error) {
        reportError(error);
        return false;
    }
}

bool ChatController::startAnswer(qint64 conversationId, qint64 parentId)
{
    std::vector<ChatMessage> history = historyUpTo(conversationId, parentId);
    GenerationParams params = generationParams(conversationId);
    storage::NewMessage answer;
    answer.role = storage::MessageRole::Assistant;
    answer.status = storage::MessageStatus::Streaming;
    answer.model = session_->label().toStdString();
    const qint64 answerId = store_->appendMessage(conversationId, parentId, answer);
    if (!session_->generate(std::move(history), params)) {
        store_->finishMessage(answerId, storage::MessageStatus::Error, {}, {}, {},
                              tr("The model is not ready.").toStdString());
        showActivePath();
        return false;
    }
    Streaming s;
    s.messageId = answerId;
    s.conversationId = conversationId;
    s.model = session_->label();
    const std::vector<std::int64_t> siblings = store_->siblingIds(answerId);
    s.siblingCount = int(siblings.size());
    s.siblingIndex = int(std::find(siblings.begin(), siblings.end(), answerId) - siblings.begin());
    s.clock.start();
    streaming_ = std::move(s);
    saveTimer_.start();
    showActivePath();
    return true;
}

GenerationParams ChatController::generationParams(qint64 conversationId)
{
    // The settings' sampling, then this conversation's overrides; the
    // controller's own max tokens and seed (the test and benchmark knobs) win
    // over both when set.
    GenerationParams params = settings_ ? settings_->generationParams() : GenerationParams{};
    if (!settings_) {
        params.maxTokens = maxTokens_;
        params.seed = seed_;
    }
    const storage::Conversation conversation = store_->conversation(conversationId);
    params = ConversationOverrides::fromJson(QString::fromStdString(conversation.settingsJson)).apply(params);
    if (maxTokens_ >= 0)
        params.maxTokens = maxTokens_;
    if (seed_)
        params.seed = seed_;
    params.thinking = deepThinking_;
    return params;
}

std::vector<ChatMessage> ChatController::historyUpTo(qint64 conversationId, qint64 parentId)
{
    std::vector<ChatMessage> history;
    // The conversation's own prompt, else the settings' default, unless the
    // conversation chose "No system prompt".
    const storage::Conversation conversation = store_->conversation(conversationId);
    const QString systemPrompt = ConversationOverrides::fromJson(QString::fromStdString(conversation.settingsJson))
                                     .systemPrompt(QString::fromStdString(conversation.systemPrompt),
                                                   settings_ ? settings_->systemPrompt() : QString());
    if (!systemPrompt.isEmpty())
        history.push_back({ChatMessage::Role::System, systemPrompt.toStdString(), {}});
    // Walk up from the parent: the history is the path to it, whatever
    // branch is active elsewhere.
    std::vector<storage::Message> path;
    for (std::optional<std::int64_t> id = parentId; id; id = path.back().parentId)
        path.push_back(store_->message(*id));
    std::reverse(path.begin(), path.end());
    for (const storage::Message& m : path) {
        if (m.role == storage::MessageRole::Tool)
            continue;
        // Reasoning is never sent back to a model (the backends drop it too).
        history.push_back({toChatRole(m.role), m.content, {}});
    }
    return history;
}

void ChatController::stop()
{
    session_->stop();
}

void ChatController::cancelEdit()
{
    if (!editTarget_)
        return;
    editTarget_.reset();
    emit editingChanged();
}

void ChatController::onDeltas(const QString& reasoning, const QString& content)
{
    if (!streaming_)
        return;
    Streaming& s = *streaming_;
    if (!reasoning.isEmpty() && s.reasoningStartMs < 0)
        s.reasoningStartMs = s.clock.elapsed();
    if (!content.isEmpty() && s.reasoningStartMs >= 0 && s.reasoningEndMs < 0)
        s.reasoningEndMs = s.clock.elapsed();
    s.reasoning += reasoning;
    s.content += content;
    s.dirty = true;
    if (bridge_ && conversationShown(s.conversationId))
        bridge_->updateMessage(streamingMessage());
}

TranscriptMessage ChatController::streamingMessage() const
{
    const Streaming& s = *streaming_;
    TranscriptMessage m;
    m.id = s.messageId;
    m.role = QStringLiteral("assistant");
    m.markdown = s.content;
    m.reasoning = s.reasoning;
    if (s.reasoningStartMs >= 0)
        m.reasoningMs = (s.reasoningEndMs >= 0 ? s.reasoningEndMs : s.clock.elapsed()) - s.reasoningStartMs;
    m.reasoningActive = s.reasoningStartMs >= 0 && s.reasoningEndMs < 0;
    m.streaming = true;
    m.siblingIndex = s.siblingIndex;
    m.siblingCount = s.siblingCount;
    return m;
}

void ChatController::saveStreaming()
{
    if (!streaming_ || !streaming_->dirty)
        return;
    try {
        store_->updateStreaming(streaming_->messageId, streaming_->content.toStdString(),
                                streaming_->reasoning.toStdString());
        streaming_->dirty = false;
    } catch (const std::exception& error) {
        reportError(error);
    }
}

void ChatController::onFinished(const qiusuo::GenerationResult& result)
{
    if (!streaming_)
        return;
    saveTimer_.stop();
    const Streaming s = std::move(*streaming_);
    streaming_.reset();
    storage::MessageStats stats = toMessageStats(result.stats);
    if (!stats.reasoningDurationMs && s.reasoningStartMs >= 0)
        stats.reasoningDurationMs = (s.reasoningEndMs >= 0 ? s.reasoningEndMs : s.clock.elapsed()) - s.reasoningStartMs;
    try {
        store_->finishMessage(s.messageId, toStatus(result.status, closing_), s.content.toStdString(),
                              s.reasoning.toStdString(), stats, result.error);
        if (conversations_)
            conversations_->refresh(QString::fromStdString(store_->conversation(s.conversationId).uuid));
    } catch (const std::exception& error) {
        reportError(error);
    }
    if (!closing_ && bridge_ && conversationShown(s.conversationId)) {
        try {
            bridge_->updateMessage(toTranscriptMessage(store_->message(s.messageId), s.siblingIndex, s.siblingCount));
        } catch (const std::exception& error) {
            reportError(error);
        }
    }
    emit answerFinished(s.messageId);
    if (pendingDelete_ && !closing_) {
        const qint64 id = *pendingDelete_;
        pendingDelete_.reset();
        deleteMessage(id);
    }
}

void ChatController::copyMessage(qint64 id)
{
    try {
        const storage::Message m = store_->message(id);
        if (QClipboard* clipboard = QGuiApplication::clipboard())
            clipboard->setText(QString::fromStdString(m.content));
    } catch (const std::exception& error) {
        reportError(error);
    }
}

void ChatController::editMessage(qint64 id)
{
    try {
        const storage::Message m = store_->message(id);
        if (m.role != storage::MessageRole::User)
            return;
        editTarget_ = id;
        emit editingChanged();
        emit composerTextRequested(QString::fromStdString(m.content));
    } catch (const std::exception& error) {
        reportError(error);
    }
}

void ChatController::switchSibling(qint64 id, int delta)
{
    try {
        const std::vector<std::int64_t> siblings = store_->siblingIds(id);
        const auto at = std::find(siblings.begin(), siblings.end(), id);
        if (at == siblings.end())
            return;
        const auto index = (at - siblings.begin()) + delta;
        if (index < 0 || index >= qsizetype(siblings.size()))
            return;
        store_->setActive(siblings[size_t(index)]);
    } catch (const std::exception& error) {
        reportError(error);
        return;
    }
    showActivePath();
}

void ChatController::deleteMessage(qint64 id)
{
    if (streaming_) {
        // The answer being written may be the message or lie below it: stop
        // first, delete once the answer is saved.
        pendingDelete_ = id;
        session_->stop();
        return;
    }
    try {
        store_->deleteMessage(id);
    } catch (const std::exception& error) {
        reportError(error);
    }
    showActivePath();
}

void ChatController::showActivePath()
{
    if (!bridge_)
        return;
    if (conversationDbId_ == 0) {
        bridge_->clear();
        return;
    }
    QList<TranscriptMessage> shown;
    try {
        for (const storage::Message& m : store_->activePath(conversationDbId_)) {
            if (streaming_ && m.id == streaming_->messageId) {
                shown.append(streamingMessage());
                continue;
            }
            const std::vector<std::int64_t> siblings = store_->siblingIds(m.id);
            const auto index = std::find(siblings.begin(), siblings.end(), m.id) - siblings.begin();
            shown.append(toTranscriptMessage(m, int(index), int(siblings.size())));
        }
    } catch (const std::exception& error) {
        reportError(error);
    }
    bridge_->setMessages(shown);
}

bool ChatController::conversationShown(qint64 conversationId) const
{
    return conversationId == conversationDbId_;
}

void ChatController::reportError(const std::exception& error)
{
    emit errorOccurred(QString::fromUtf8(error.what()));
}

void ChatController::setSettings(AppSettings* settings)
{
    if (settings_ == settings)
        return;
    settings_ = settings;
    session_->setSettings(settings);
    conversationSettings_->setSettings(settings);
    emit settingsChanged();
}

} // namespace qiusuo::ui
