#include "ui/chat/inferencesession.h"

#include "inference/localbackend.h"
#include "ui/chat/inferenceworker.h"
#include "ui/settings/appsettings.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace qiusuo::ui {

InferenceSession::InferenceSession(QObject* parent) : QObject(parent)
{
    thread_.setObjectName(QStringLiteral("inference"));
    worker_ = new InferenceWorker;
    worker_->moveToThread(&thread_);
    // The worker lives on another thread: these connections are queued.
    connect(worker_, &InferenceWorker::loadProgress, this, &InferenceSession::onLoadProgress);
    connect(worker_, &InferenceWorker::loaded, this, &InferenceSession::onLoaded);
    connect(worker_, &InferenceWorker::loadFailed, this, &InferenceSession::onLoadFailed);
    connect(worker_, &InferenceWorker::deltas, this, &InferenceSession::onDeltas);
    connect(worker_, &InferenceWorker::generationFinished, this, &InferenceSession::onFinished);
    thread_.start();
}

InferenceSession::~InferenceSession()
{
    shutdown();
}

void InferenceSession::shutdown()
{
    if (!thread_.isRunning())
        return;
    worker_->requestStop();
    worker_->requestCancelLoad();
    thread_.quit();
    thread_.wait();
    // The worker's last signals (the final deltas, generationFinished) were
    // queued to this thread; deliver them now, so the partial answer is saved.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    // The thread has ended, so its object may be deleted from here.
    delete worker_;
    worker_ = nullptr;
}

void InferenceSession::setSettings(AppSettings* settings)
{
    settings_ = settings;
}

void InferenceSession::setLocalModel(const QString& path)
{
    LocalBackendOptions options;
    options.modelPath = QFileInfo(path).absoluteFilePath().toStdString();
    // The GPU when one has room for the model (and this build has CUDA), else
    // as many blocks as fit with the rest on the CPU, else the CPU; the
    // settings' GPU layers ask for a number (0: the CPU only).
    options.model.device = models::ComputeDevice::Auto;
    if (settings_) {
        options.model.context = settings_->contextLength();
        options.model.threads = settings_->cpuThreads();
        options.model.gpuIndex = settings_->gpuDevice();
        options.model.gpuLayers = settings_->gpuLayers();
    }
    setBackend(std::make_shared<LocalBackend>(std::move(options)), QFileInfo(path).fileName(),
               QStringLiteral("local"));
}

void InferenceSession::unload()
{
    setBackend(nullptr, QString(), QString());
}

void InferenceSession::setBackend(std::shared_ptr<Backend> backend, const QString& label, const QString& kind)
{
    if (!worker_)
        return;
    // A generation in flight keeps the old backend alive (the worker holds
    // it) until it ends; the load is queued behind it.
    if (generating_)
        stop();
    worker_->requestCancelLoad();
    const quint64 id = ++loadId_;
    label_ = backend ? label : QString();
    kind_ = backend ? kind : QString();
    displayName_.clear();
    emit labelChanged();
    loadProgress_ = 0;
    emit loadProgressChanged();
    setState(backend ? State::Loading : State::NoModel);
    InferenceWorker* worker = worker_;
    // Arm inside the queued call: a cancel for the previous load (requested
    // above) must reach that load, not this one.
    QMetaObject::invokeMethod(
        worker,
        [worker, id, backend = std::move(backend)]() mutable {
            worker->armLoad();
            worker->load(id, std::move(backend));
        },
        Qt::QueuedConnection);
}

void InferenceSession::cancelLoad()
{
    if (state_ != State::Loading || !worker_)
        return;
    worker_->requestCancelLoad();
}

bool InferenceSession::generate(std::vector<ChatMessage> messages, GenerationParams params)
{
    if (state_ != State::Ready || generating_ || !worker_)
        return false;
    const quint64 id = ++requestId_;
    worker_->armStop();
    InferenceWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker,
        [worker, id, messages = std::move(messages), params = std::move(params)]() mutable {
            worker->generate(id, std::move(messages), std::move(params));
        },
        Qt::QueuedConnection);
    setGenerating(true);
    return true;
}

void InferenceSession::stop()
{
    if (worker_ && generating_)
        worker_->requestStop();
}

void InferenceSession::onLoadProgress(quint64 loadId, float progress)
{
    if (loadId != loadId_)
        return;
    loadProgress_ = double(progress);
    emit loadProgressChanged();
}

void InferenceSession::onLoaded(quint64 loadId, const QString& displayName)
{
    if (loadId != loadId_ || state_ != State::Loading)
        return;
    displayName_ = displayName;
    loadProgress_ = 1;
    emit loadProgressChanged();
    setState(State::Ready);
}

void InferenceSession::onLoadFailed(quint64 loadId, const QString& message, bool cancelled)
{
    if (loadId != loadId_ || state_ != State::Loading)
        return;
    if (cancelled)
        setState(State::Failed, tr("Loading %1 was cancelled.").arg(label_));
    else
        setState(State::Failed, message);
}

void InferenceSession::onDeltas(quint64 requestId, const QString& reasoning, const QString& content)
{
    if (requestId == requestId_ && generating_)
        emit deltas(reasoning, content);
}

void InferenceSession::onFinished(quint64 requestId, const qiusuo::GenerationResult& result)
{
    if (requestId != requestId_ || !generating_)
        return;
    setGenerating(false);
    emit finished(result);
}

void InferenceSession::setState(State state, const QString& errorText)
{
    if (state == state_ && errorText == errorText_)
        return;
    state_ = state;
    errorText_ = errorText;
    emit stateChanged();
}

void InferenceSession::setGenerating(bool generating)
{
    if (generating == generating_)
        return;
    generating_ = generating;
    emit generatingChanged();
}

} // namespace qiusuo::ui
