#include "inference/models/modelbench.h"

#include "inference/error.h"
#include "inference/models/model.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace qiusuo::models {

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t mid = v.size() / 2;
    return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

} // namespace

BenchFigures benchModel(Model& model, std::int32_t promptTokens, std::int32_t decodeTokens, int repeats)
{
    if (promptTokens <= 0 || decodeTokens < 0 || repeats <= 0)
        throw Error("a benchmark needs at least one prompt token and one run (and no negative token counts)");
    if (static_cast<std::int64_t>(promptTokens) + decodeTokens > model.contextSize())
        throw Error("a benchmark of " + std::to_string(promptTokens) + " prompt and " +
                    std::to_string(decodeTokens) + " generated tokens does not fit the context (" +
                    std::to_string(model.contextSize()) + " tokens)");
    const std::int32_t vocab = model.vocabSize();
    // A fixed linear congruential walk over the vocabulary: every run sees the same ids.
    std::vector<std::int32_t> ids(static_cast<std::size_t>(promptTokens + decodeTokens));
    std::uint32_t state = 12345;
    for (std::int32_t& id : ids) {
        state = state * 1664525u + 1013904223u;
        id = static_cast<std::int32_t>((state >> 8) % static_cast<std::uint32_t>(vocab));
    }

    using Clock = std::chrono::steady_clock;
    std::vector<double> prefill, decode;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        model.evaluate({ids.data(), static_cast<std::size_t>(promptTokens)}, 0);
        const auto t1 = Clock::now();
        for (std::int32_t i = 0; i < decodeTokens; ++i)
            model.evaluate({&ids[static_cast<std::size_t>(promptTokens + i)], 1}, promptTokens + i);
        const auto t2 = Clock::now();
        prefill.push_back(std::chrono::duration<double>(t1 - t0).count());
        decode.push_back(std::chrono::duration<double>(t2 - t1).count());
    }
    BenchFigures f;
    f.prefillSeconds = median(prefill);
    f.decodeSeconds = median(decode);
    f.prefillTokensPerSecond = promptTokens / f.prefillSeconds;
    f.decodeTokensPerSecond = decodeTokens > 0 ? decodeTokens / f.decodeSeconds : 0.0;
    return f;
}

} // namespace qiusuo::models
