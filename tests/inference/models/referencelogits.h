#pragma once
/// @brief llama.cpp's reference logits and greedy generations from
/// ../shared/testdata/reference (layout in its README and the .json files),
/// and the differences our logits have from them.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace qiusuo::test {

/// <m>.logits.json with the two binary files it names: float32 LE [n][vocab].
struct ReferenceLogits {
    std::vector<std::int32_t> tokens;
    std::int32_t vocab = 0;
    std::vector<float> batch;       ///< evaluated as one batch
    std::vector<float> sequential;  ///< one token at a time
    /// batch_vs_seq_max_abs_diff: how far llama.cpp's two computations of the
    /// same logits disagree (printed for context, never added to a bound).
    /// About 5e-6 where llama.cpp computes in F32; 4.6e-3 in kv_f32 for the
    /// F16 file, whose products llama.cpp takes with activations rounded to
    /// F16 (which is why that file is checked against deq_kv_f32).
    double selfDisagreement = 0;
};

/// <m>.gen.json: greedy tokens after a prompt, and the logits each came from.
struct ReferenceGeneration {
    std::vector<std::int32_t> promptIds;
    std::vector<std::int32_t> generatedIds;
    std::int32_t vocab = 0;
    std::vector<float> logits;  ///< [generated][vocab]
};

/// `folder` is kv_f32, deq_kv_f32 or kv_f16; `model` the file name without .gguf.
ReferenceLogits loadReferenceLogits(const std::filesystem::path& folder, const std::string& model);
ReferenceGeneration loadReferenceGeneration(const std::filesystem::path& folder, const std::string& model);

/// Reads float32 little-endian values; fails the test when the size is not `count`.
std::vector<float> readFloats(const std::filesystem::path& path, std::size_t count);

/// Index of the largest value, the lowest index on ties.
std::int32_t argmax(const float* row, std::int32_t n);

struct LogitsDiff {
    double maxAbs = 0;       ///< over every position and vocabulary entry
    double meanAbs = 0;
    int argmaxMatches = 0;   ///< positions whose argmax agrees
    int rows = 0;
    int worstRow = -1;       ///< where maxAbs occurs
};

LogitsDiff compareLogits(const float* got, const float* want, std::int32_t rows, std::int32_t vocab);

} // namespace qiusuo::test
