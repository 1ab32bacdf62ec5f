#pragma once
// A Backend that replays fixed deltas and records what it was asked: the
// server's protocol, queueing and disconnect handling are tested with it over
// real sockets (the tiny-model end-to-end test uses the real engine).

#include "inference/backend.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace qiusuo::test {

class ScriptedBackend : public Backend {
public:
    std::vector<Delta> script;
    std::chrono::milliseconds perDelta{0};
    int promptTokens = 7;

    std::mutex mutex;
    std::vector<GenerationParams> seenParams;
    std::vector<std::vector<ChatMessage>> seenMessages;
    std::atomic<int> running{0};
    std::atomic<int> maxConcurrent{0};
    std::atomic<bool> sawStop{false};

    std::string displayName() const override { return "scripted"; }
    bool load(const ProgressCallback&) override { return true; }

    GenerationResult generate(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                              const DeltaCallback& onDelta, const std::atomic<bool>& stop) override
    {
        const int now = ++running;
        int prev = maxConcurrent.load();
        while (now > prev && !maxConcurrent.compare_exchange_weak(prev, now)) {
        }
        {
            std::lock_guard lock(mutex);
            seenParams.push_back(params);
            seenMessages.push_back(messages);
        }
        GenerationResult result;
        int produced = 0;
        for (const Delta& d : script) {
            if (stop.load()) {
                sawStop = true;
                result.status = GenerationResult::Status::Stopped;
                break;
            }
            if (params.maxTokens > 0 && produced >= params.maxTokens)
                break;
            std::this_thread::sleep_for(perDelta);
            onDelta(d);
            ++produced;
        }
        result.stats.promptTokens = promptTokens;
        result.stats.completionTokens = produced;
        --running;
        return result;
    }
};

} // namespace qiusuo::test
