#pragma once
/// @brief The GUI thread's handle on the InferenceWorker: it owns the worker
/// thread, chooses and loads the backend, and forwards one generation at a
/// time. Exposed to QML for the model label, load progress and errors.

#include "inference/backend.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace qiusuo::ui {

class AppSettings;

class InferenceWorker;

/// States: NoModel (nothing chosen) → Loading → Ready, or → Failed (with
/// errorText). Choosing another backend while one loads cancels the first.
/// Only the newest load and the newest generation are reported: signals
/// about requests given up on are dropped here, so callers never see them.
class InferenceSession : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatController")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    /// What the composer shows: the model file's name or the remote model.
    Q_PROPERTY(QString label READ label NOTIFY labelChanged)
    /// "local" | "remote" | "" (none chosen).
    Q_PROPERTY(QString kind READ kind NOTIFY labelChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY loadProgressChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)

public:
    enum class State { NoModel, Loading, Ready, Failed };
    Q_ENUM(State)

    explicit InferenceSession(QObject* parent = nullptr);
    /// Stops any generation and load and joins the worker thread.
    ~InferenceSession() override;

    /// Loads a local GGUF model with the default engine options.
    Q_INVOKABLE void setLocalModel(const QString& path);
    /// Where setLocalModel() takes the context, threads and GPU use from
    /// (null: the engine's defaults, on the GPU when one has room).
    void setSettings(AppSettings* settings);
    /// Entry point for other parts of the app (settings, model library):
    /// makes `backend` the active one and loads it on the worker thread.
    /// `label` is shown in the composer, `kind` is "local" or "remote".
    /// A null backend unloads (state NoModel).
    void setBackend(std::shared_ptr<Backend> backend, const QString& label, const QString& kind);
    Q_INVOKABLE void cancelLoad();
    /// Stops any generation or load and lets the model go (its memory is
    /// freed once the worker drops it); state NoModel.
    Q_INVOKABLE void unload();

    /// Starts generating; returns false (and does nothing) unless Ready and
    /// idle. Results come as deltas() and finished().
    bool generate(std::vector<ChatMessage> messages, GenerationParams params);
    /// Asks the running generation to stop (within one token).
    Q_INVOKABLE void stop();
    /// Stops and waits for the worker to finish its current work, delivering
    /// the generation's last signals before returning. For shutdown.
    void shutdown();

    State state() const { return state_; }
    QString label() const { return label_; }
    QString kind() const { return kind_; }
    double loadProgress() const { return loadProgress_; }
    QString errorText() const { return errorText_; }
    bool generating() const { return generating_; }
    /// The backend's own name once loaded (e.g. "Local: tiny (CPU)").
    QString displayName() const { return displayName_; }
    /// The worker, for background requests on its thread (TitleWriter's
    /// titles); null once shutdown() has run.
    InferenceWorker* worker() const { return worker_; }

signals:
    void stateChanged();
    void labelChanged();
    void loadProgressChanged();
    void generatingChanged();
    void deltas(const QString& reasoning, const QString& content);
    void finished(const qiusuo::GenerationResult& result);

private:
    void onLoadProgress(quint64 loadId, float progress);
    void onLoaded(quint64 loadId, const QString& displayName);
    void onLoadFailed(quint64 loadId, const QString& message, bool cancelled);
    void onDeltas(quint64 requestId, const QString& reasoning, const QString& content);
    void onFinished(quint64 requestId, const qiusuo::GenerationResult& result);
    void setState(State state, const QString& errorText = {});
    void setGenerating(bool generating);

    QThread thread_;
    InferenceWorker* worker_ = nullptr; ///< lives on thread_; deleted by shutdown()
    QPointer<AppSettings> settings_;
    State state_ = State::NoModel;
    QString label_;
    QString kind_;
    QString displayName_;
    QString errorText_;
    double loadProgress_ = 0;
    bool generating_ = false;
    quint64 loadId_ = 0;
    quint64 requestId_ = 0;
};

} // namespace qiusuo::ui
