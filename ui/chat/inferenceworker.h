#pragma once
/// @brief The worker that owns the active qiusuo::Backend and runs it on its
/// own QThread: loading (with progress and cancel) and generation. The GUI
/// thread talks to it through queued calls and queued signals only.

#include "inference/backend.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace qiusuo::ui {

/// Lives on a worker thread (moveToThread). The slots below run there and
/// may block it for as long as a load or a generation takes; the GUI thread
/// never waits for them. Every request carries an id chosen by the caller and
/// every signal echoes it, so the caller can ignore news about a request it
/// has given up on.
///
/// Streaming: the backend's deltas are gathered and emitted at most about
/// every kBatchIntervalMs, so the GUI repaints at display rate, not per
/// token; a delta arriving sooner than that after the last emission goes out
/// when the interval ends, whether or not another token comes (DeltaBatcher;
/// `deltas` may then be emitted from its timer thread). Stop is an atomic flag the backend checks
/// between tokens; requestStop() may be called from any thread.
class InferenceWorker : public QObject {
    Q_OBJECT

public:
    static constexpr int kBatchIntervalMs = 16;

    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // --- any thread ----------------------------------------------------------
    /// Asks the running generation to stop (honoured within one token); a
    /// title being written stops too.
    void requestStop()
    {
        stop_.store(true);
        titleStop_.store(true);
    }
    /// Asks the running load to give up (at its next progress report); a
    /// title being written stops too, so the load queued behind it starts.
    void requestCancelLoad()
    {
        cancelLoad_.store(true);
        titleStop_.store(true);
    }
    /// Clears the stop flag; the caller does this before queueing generate(),
    /// so a stop requested after the request was queued is never lost. It also
    /// stops a title being written or queued: the user's request waits behind
    /// it on this thread, and the user goes first.
    void armStop()
    {
        stop_.store(false);
        titleStop_.store(true);
    }
    /// Clears the cancel flag; the caller does this before queueing load().
    void armLoad() { cancelLoad_.store(false); }
    /// Clears the title's stop flag; the caller does this before queueing generateTitle().
    void armTitle() { titleStop_.store(false); }

    // --- the worker thread (queue these with QMetaObject::invokeMethod) ------
    /// Replaces the backend with `backend` and loads it. Emits loadProgress
    /// while loading, then loaded or loadFailed. A null backend unloads.
    void load(quint64 loadId, std::shared_ptr<Backend> backend);
    /// Streams an answer to `messages` with the current backend. Emits
    /// deltas while streaming, then generationFinished exactly once.
    void generate(quint64 requestId, std::vector<ChatMessage> messages, GenerationParams params);
    /// Asks the current backend for a short text in the background (a
    /// conversation's title, TitleWriter): only the answer's content is kept,
    /// its reasoning is dropped, nothing streams, and it has its own stop
    /// flag, which armStop() raises. Emits titleGenerated exactly once.
    void generateTitle(quint64 titleId, std::vector<ChatMessage> messages, GenerationParams params);

signals:
    void loadProgress(quint64 loadId, float progress);
    void loaded(quint64 loadId, const QString& displayName);
    /// `cancelled`: requestCancelLoad() ended it; otherwise `message` says why, for the user.
    void loadFailed(quint64 loadId, const QString& message, bool cancelled);
    /// Text produced since the last emission (either part may be empty).
    void deltas(quint64 requestId, const QString& reasoning, const QString& content);
    void generationFinished(quint64 requestId, const qiusuo::GenerationResult& result);
    /// `content`: the answer's text without its reasoning (as the model wrote it).
    void titleGenerated(quint64 titleId, const QString& content, const qiusuo::GenerationResult& result);

private:
    std::shared_ptr<Backend> backend_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> cancelLoad_{false};
    std::atomic<bool> titleStop_{false};
};

} // namespace qiusuo::ui
