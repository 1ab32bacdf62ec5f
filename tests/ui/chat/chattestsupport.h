#pragma once
// Shared by the chat tests: where the tiny reference models are, and a
// scripted Backend for timing-sensitive cases (streaming saves, stop,
// closing mid-answer) that a 2,000 tokens/s tiny model would race through.

#include "inference/backend.h"
#include "storage/message.h"

#include <QString>

#include <chrono>
#include <filesystem>
#include <thread>

namespace qiusuo::test {

/// Roles and statuses by their stored names, for QCOMPARE (which cannot
/// print the enums: ADL finds storage::toString, returning a string_view).
inline QString name(storage::MessageRole role)
{
    return QString::fromLatin1(storage::toString(role));
}
inline QString name(storage::MessageStatus status)
{
    return QString::fromLatin1(storage::toString(status));
}

#ifdef QIUSUO_TESTDATA_DIR
/// The tiny model `name` under the test data (QIUSUO_TESTDATA overrides the
/// configured folder), or empty when absent: the caller QSKIPs saying so.
inline QString tinyModel(const char* name = "models/tiny-qwen2-Q8_0.gguf")
{
    QString dir = qEnvironmentVariable("QIUSUO_TESTDATA");
    if (dir.isEmpty())
        dir = QStringLiteral(QIUSUO_TESTDATA_DIR);
    const std::filesystem::path path = std::filesystem::path(dir.toStdString()) / name;
    return std::filesystem::exists(path) ? QString::fromStdString(path.string()) : QString();
}
#endif

/// Streams `steps` deltas "r<i> " (reasoning) for the first half and
/// "c<i> " (content) for the rest, one every `interval`, honouring stop
/// between them like the engine does. Records what it was asked.
class ScriptedBackend : public Backend {
public:
    ScriptedBackend(int steps, std::chrono::milliseconds interval) : steps_(steps), interval_(interval) {}

    std::string displayName() const override { return "Scripted"; }
    bool load(const ProgressCallback& progress) override { return progress(0.5f) && progress(1.0f); }
    GenerationResult generate(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                              const DeltaCallback& onDelta, const std::atomic<bool>& stop) override
    {
        lastMessages = messages;
        lastParams = params;
        GenerationResult result;
        for (int i = 0; i < steps_; ++i) {
            if (stop.load()) {
                result.status = GenerationResult::Status::Stopped;
                return result;
            }
            Delta d;
            (i < steps_ / 2 ? d.reasoning : d.content) = (i < steps_ / 2 ? "r" : "c") + std::to_string(i) + " ";
            onDelta(d);
            ++result.stats.completionTokens;
            std::this_thread::sleep_for(interval_);
        }
        result.stats.decodeTokensPerSecond = 1000.0 / double(interval_.count());
        return result;
    }

    std::vector<ChatMessage> lastMessages;
    GenerationParams lastParams;

private:
    int steps_;
    std::chrono::milliseconds interval_;
};

} // namespace qiusuo::test
