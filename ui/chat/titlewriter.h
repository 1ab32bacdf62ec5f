#pragma once
/// @brief Model-written conversation titles: after a conversation's first
/// answer, asks the same backend in the background for a short title and
/// renames the conversation with it, unless the user renamed it meanwhile.

#include "inference/backend.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <optional>
#include <vector>

namespace qiusuo::storage {
class ConversationStore;
}

namespace qiusuo::ui {

class ChatController;
class ConversationListModel;

/// Created by ChatController, which it watches (answerFinished). A title is
/// asked for when the first answer of a conversation completes (not stopped,
/// not failed), AppSettings::modelTitles is on (a controller without settings
/// writes none), and the conversation still has the title its first message
/// gave it. The request is the conversation so far (system prompt, first
/// message, the answer's content; never its reasoning) plus one instruction,
/// without thinking (GenerationParams::thinking false), so a local model
/// reuses the prompt it already holds and the user's next message reuses it
/// in turn.
///
/// It runs on the InferenceWorker's thread with its own stop flag: when the
/// user sends (or regenerates) meanwhile, the title stops within one token
/// and the user's message goes first; the title is asked for again once that
/// answer has ended. A rename by the user always wins: the title is written
/// only while the conversation still has the title it had when asked.
class TitleWriter : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxTokens = 32;
    static constexpr int kMaxWords = 8;
    static constexpr int kMaxCjkChars = 20;

    /// `controller` is the parent; `store` and `conversations` must outlive it.
    TitleWriter(ChatController* controller, storage::ConversationStore* store, ConversationListModel* conversations);

    /// The title a model's reply gives: reasoning (`<think>…</think>`) cut,
    /// the first non-empty line, a "Title:" label, quotes, brackets, Markdown
    /// emphasis and trailing punctuation stripped, white space simplified,
    /// at most kMaxWords words (kMaxCjkChars characters for Chinese) and
    /// ChatController::kTitleMaxChars characters. Empty when nothing usable
    /// is left (no letter or digit, a replacement or control character).
    static QString clean(const QString& reply);
    /// The messages of a title request.
    static std::vector<ChatMessage> request(const std::string& systemPrompt, const std::string& question,
                                            const std::string& answer);
    /// Sampling of a title request: no thinking, low temperature, kMaxTokens.
    static GenerationParams params();

    /// True while a title request is on the worker.
    bool writing() const { return pending_.has_value(); }

signals:
    /// A title was asked for (tests and the log).
    void titleRequested(qint64 conversationId);
    /// A title request ended: `renamed` when the conversation got `title`;
    /// false when it was stopped, failed, gave nothing usable or the user
    /// renamed the conversation first.
    void titleFinished(qint64 conversationId, bool renamed, const QString& title);

private:
    struct Request {
        quint64 id = 0;
        qint64 conversationId = 0;
        QString uuid;
        QString expectedTitle; ///< the title when asked: any other means the user renamed it
        std::vector<ChatMessage> messages;
    };

    void onAnswerFinished(qint64 answerId);
    /// The request for answer `answerId`, when it is a first answer that qualifies.
    std::optional<Request> requestFor(qint64 answerId);
    void start(Request request);
    void onTitleGenerated(quint64 titleId, const QString& content, const qiusuo::GenerationResult& result);

    ChatController* controller_;
    storage::ConversationStore* store_;
    QPointer<ConversationListModel> conversations_;
    QSet<qint64> asked_;              ///< conversations given a title request in this run
    std::optional<Request> pending_;  ///< on the worker now
    std::optional<Request> retry_;    ///< stopped for the user's message: asked again after it
    quint64 nextId_ = 0;
};

} // namespace qiusuo::ui
