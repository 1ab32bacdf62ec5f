#pragma once
/// @brief The open conversation: what the composer sends, the generation
/// streaming into the store and the transcript, and the transcript's message
/// actions (edit, regenerate, switch sibling, delete, copy).

#include "inference/backend.h"
#include "ui/chat/inferencesession.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/conversationsettingsmodel.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <optional>
#include <vector>

namespace qiusuo::storage {
class ConversationStore;
struct Message;
}

namespace qiusuo::ui {

class ConversationListModel;
class TranscriptBridge;
struct TranscriptMessage;

/// Data flow of one turn (see DESIGN.md): send() stores the user message and
/// an empty assistant message (status Streaming), then asks the session to
/// generate from the active path. Deltas go to the transcript as they come
/// (the worker batches them ~16 ms) and to the store every kSaveIntervalMs,
/// and once more with the final status, statistics and error.
///
/// Conversations are identified by uuid in QML (as in ConversationListModel).
/// Store errors never throw into QML: errorOccurred() carries the message.
/// Closing while generating: shutdown() stops the generation, waits for it
/// and saves the partial answer as Interrupted.
class ChatController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application and passed to Main.qml")
    Q_PROPERTY(InferenceSession* session READ session CONSTANT)
    /// Sampling, the default system prompt and the local engine's options
    /// come from here when set (the settings dialog's object).
    Q_PROPERTY(qiusuo::ui::AppSettings* settings READ settings WRITE setSettings NOTIFY settingsChanged)
    /// The "Conversation settings" dialog's model: a conversation's own
    /// sampling values and system prompt, applied by every send.
    Q_PROPERTY(qiusuo::ui::ConversationSettingsModel* conversationSettings READ conversationSettings CONSTANT)
    Q_PROPERTY(QString conversationId READ conversationId NOTIFY conversationChanged)
    /// "深度思考 (R1)" / "Deep thinking": passed to the backend as GenerationParams::thinking.
    Q_PROPERTY(bool deepThinking READ deepThinking WRITE setDeepThinking NOTIFY deepThinkingChanged)
    /// True after edit was requested on a user message: the next send() resends it as a new branch.
    Q_PROPERTY(bool editing READ editing NOTIFY editingChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    /// Tokens at most per answer; -1: until the model ends (or the context is full).
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY maxTokensChanged)
    /// The title a new conversation has until its first message names it.
    Q_PROPERTY(QString defaultTitle READ defaultTitle CONSTANT)

public:
    static constexpr int kSaveIntervalMs = 500;
    static constexpr int kTitleMaxChars = 48;

    /// `store`, `conversations` and `bridge` must outlive the controller.
    ChatController(storage::ConversationStore* store, ConversationListModel* conversations,
                   TranscriptBridge* bridge, QObject* parent = nullptr);
    ~ChatController() override;

    InferenceSession* session() const { return session_; }
    AppSettings* settings() const { return settings_; }
    void setSettings(AppSettings* settings);
    ConversationSettingsModel* conversationSettings() const { return conversationSettings_; }
    QString conversationId() const { return conversationUuid_; }
    bool deepThinking() const { return deepThinking_; }
    void setDeepThinking(bool on);
    bool editing() const { return editTarget_.has_value(); }
    bool generating() const;
    int maxTokens() const { return maxTokens_; }
    void setMaxTokens(int tokens);
    QString defaultTitle() const;
    /// Fixes the sampling seed of every answer (tests, benchmarks); a
    /// negative value goes back to a fresh random seed per answer.
    void setSeed(qint64 seed);

    /// Shows conversation `uuid` ("" shows none). A generation running in
    /// another conversation keeps running and saving.
    Q_INVOKABLE void openConversation(const QString& uuid);
    /// Opens `uuid` with `messageId` on the active path, scrolled to it.
    Q_INVOKABLE void openAtMessage(const QString& uuid, qint64 messageId);
    /// Sends `text` (trimmed; blank is refused) in the open conversation,
    /// creating one when none is open. Returns false when it was not sent
    /// (no model ready, a generation running, a store error).
    Q_INVOKABLE bool send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void cancelEdit();

    // The transcript's actions (connected to the bridge's signals).
    Q_INVOKABLE void copyMessage(qint64 id);
    Q_INVOKABLE void editMessage(qint64 id);
    Q_INVOKABLE bool regenerate(qint64 assistantId);
    Q_INVOKABLE void switchSibling(qint64 id, int delta);
    Q_INVOKABLE void deleteMessage(qint64 id);

    /// For the window closing: stops a running generation, waits for it and
    /// keeps its partial answer (status Interrupted). Idempotent.
    void shutdown();

    /// The title a first message gives its conversation: its first line,
    /// white space simplified, cut at kTitleMaxChars with "…".
    static QString titleFrom(const QString& text);

signals:
    void settingsChanged();
    void conversationChanged();
    void deepThinkingChanged();
    void editingChanged();
    void generatingChanged();
    void maxTokensChanged();
    /// A conversation was created by send(); the sidebar selects it.
    void conversationCreated(const QString& uuid);
    /// Put `text` into the composer (edit a user message).
    void composerTextRequested(const QString& text);
    /// An answer ended (complete, stopped, failed).
    void answerFinished(qint64 messageId);
    void errorOccurred(const QString& message);

private:
    struct Streaming {
        qint64 messageId = 0;
        qint64 conversationId = 0;
        QString model;
        QString reasoning;
        QString content;
        QElapsedTimer clock;
        qint64 reasoningStartMs = -1;
        qint64 reasoningEndMs = -1;
        int siblingIndex = 0;
        int siblingCount = 1;
        bool dirty = false;
    };

    /// Appends the assistant message below `parentId` and starts generating.
    bool startAnswer(qint64 conversationId, qint64 parentId);
    void onDeltas(const QString& reasoning, const QString& content);
    void onFinished(const qiusuo::GenerationResult& result);
    void saveStreaming();
    TranscriptMessage streamingMessage() const;
    /// Sends the open conversation's active path to the transcript.
    void showActivePath();
    /// Sampling for an answer in `conversationId`: AppSettings with the
    /// conversation's overrides (ConversationOverrides) applied.
    GenerationParams generationParams(qint64 conversationId);
    /// The messages the model sees for an answer below `parentId`; the
    /// conversation's own system prompt replaces the settings' default.
    std::vector<ChatMessage> historyUpTo(qint64 conversationId, qint64 parentId);
    bool conversationShown(qint64 conversationId) const;
    void reportError(const std::exception& error);

    storage::ConversationStore* store_;
    QPointer<ConversationListModel> conversations_;
    QPointer<TranscriptBridge> bridge_;
    InferenceSession* session_;
    QPointer<AppSettings> settings_;
    ConversationSettingsModel* conversationSettings_;
    qint64 conversationDbId_ = 0;
    QString conversationUuid_;
    bool deepThinking_ = true;
    int maxTokens_ = -1;
    std::optional<std::uint64_t> seed_;
    std::optional<qint64> editTarget_;
    std::optional<Streaming> streaming_;
    std::optional<qint64> pendingDelete_; ///< deleteMessage() during a generation
    QTimer saveTimer_;
    bool closing_ = false;
};

} // namespace qiusuo::ui
