#include "ui/chat/inferenceworker.h"

#include "ui/chat/deltabatcher.h"

#include <QElapsedTimer>

#include <exception>
#include <string>

namespace qiusuo::ui {

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<qiusuo::GenerationResult>();
}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::load(quint64 loadId, std::shared_ptr<Backend> backend)
{
    backend_.reset();
    if (!backend) {
        emit loadFailed(loadId, QString(), true);
        return;
    }
    // Progress is reported at most every ~50 ms: a model maps in thousands
    // of small steps and the GUI needs only a smooth bar.
    QElapsedTimer sinceReport;
    sinceReport.start();
    const auto progress = [&](float fraction) {
        if (cancelLoad_.load())
            return false;
        if (sinceReport.elapsed() >= 50 || fraction >= 1.0f) {
            emit loadProgress(loadId, fraction);
            sinceReport.restart();
        }
        return true;
    };
    try {
        if (!backend->load(progress)) {
            emit loadFailed(loadId, QString(), true);
            return;
        }
    } catch (const std::exception& error) {
        emit loadFailed(loadId, QString::fromUtf8(error.what()), false);
        return;
    }
    if (cancelLoad_.load()) {
        emit loadFailed(loadId, QString(), true);
        return;
    }
    backend_ = std::move(backend);
    emit loaded(loadId, QString::fromStdString(backend_->displayName()));
}

void InferenceWorker::generate(quint64 requestId, std::vector<ChatMessage> messages, GenerationParams params)
{
    if (!backend_) {
        GenerationResult result;
        result.status = GenerationResult::Status::Error;
        result.error = tr("No model is loaded. Choose a model first.").toStdString();
        emit generationFinished(requestId, result);
        return;
    }
    GenerationResult result;
    {
        // Batches go out from this thread or the batcher's timer thread;
        // both emit through the same queued connection, in order.
        DeltaBatcher batcher(std::chrono::milliseconds(kBatchIntervalMs),
                             [&](const std::string& reasoning, const std::string& content) {
                                 emit deltas(requestId, QString::fromStdString(reasoning),
                                             QString::fromStdString(content));
                             });
        const auto onDelta = [&](const Delta& delta) { batcher.add(delta.reasoning, delta.content); };
        try {
            result = backend_->generate(messages, params, onDelta, stop_);
        } catch (const std::exception& error) {
            // Backends promise not to throw; should one do so anyway, the user
            // still gets the message and the partial answer is kept.
            result.status = GenerationResult::Status::Error;
            result.error = error.what();
        }
        batcher.flush();
    }
    emit generationFinished(requestId, result);
}

void InferenceWorker::generateTitle(quint64 titleId, std::vector<ChatMessage> messages, GenerationParams params)
{
    GenerationResult result;
    std::string content;
    if (!backend_) {
        result.status = GenerationResult::Status::Error;
        result.error = tr("No model is loaded. Choose a model first.").toStdString();
    } else {
        // Reasoning never feeds a title: only the answer's text is kept.
        const auto onDelta = [&](const Delta& delta) { content += delta.content; };
        try {
            result = backend_->generate(messages, params, onDelta, titleStop_);
        } catch (const std::exception& error) {
            result.status = GenerationResult::Status::Error;
            result.error = error.what();
        }
    }
    emit titleGenerated(titleId, QString::fromStdString(content), result);
}

} // namespace qiusuo::ui
