#pragma once
/// @brief Measures a model's prefill and decode speed (for `qiusuo-cli bench`
/// and benchmark programs): the median of several runs.

#include <cstdint>

namespace qiusuo::models {

class Model;

struct BenchFigures {
    double prefillTokensPerSecond = 0;  ///< median over the runs
    double decodeTokensPerSecond = 0;   ///< median over the runs
    double prefillSeconds = 0;          ///< of the median run
    double decodeSeconds = 0;
};

/// Each run evaluates `promptTokens` tokens from position 0 as one prefill,
/// then `decodeTokens` tokens one at a time after them. Token ids are a fixed
/// pseudo-random sequence over the vocabulary. Throws qiusuo::Error when
/// promptTokens + decodeTokens exceeds the context or a count is not positive.
BenchFigures benchModel(Model& model, std::int32_t promptTokens, std::int32_t decodeTokens, int repeats = 3);

} // namespace qiusuo::models
