#pragma once
/// @brief Rotary position embedding in both layouts, with per-pair
/// frequency factors (llama3's rope_freqs) and linear position scaling.
///
/// Pair i (i < ropeDims/2) turns by the angle pos · freqScale · base^(-2i/ropeDims) / factor[i]
/// (ggml: theta / freq_factors[i], theta scaled by freq_scale), then cos and
/// sin are multiplied by `attnFactor`. Pair i is (x[2i], x[2i+1]) in the
/// Normal layout (llama, deepseek2) and (x[i], x[i + ropeDims/2]) in the
/// NeoX layout (qwen2). Dimensions past ropeDims are left as they are.

#include <cstdint>
#include <span>
#include <vector>

namespace qiusuo::models {

enum class RopeLayout {
    Normal,  ///< adjacent pairs
    NeoX,    ///< split halves
};

class Rope {
public:
    /// `freqFactors`: empty, or ropeDims/2 divisors of the pair frequencies.
    Rope(std::int32_t headDim, std::int32_t ropeDims, double freqBase, RopeLayout layout,
         double freqScale = 1.0, std::span<const float> freqFactors = {}, double attnFactor = 1.0);

    /// Rotates `nHeads` heads stored one after another ([nHeads][headDim]),
    /// all at position `pos`.
    void apply(float* heads, std::int32_t nHeads, std::int32_t pos) const;

    std::int32_t headDim() const { return headDim_; }
    std::int32_t ropeDims() const { return ropeDims_; }

private:
    std::int32_t headDim_;
    std::int32_t ropeDims_;
    RopeLayout layout_;
    double attnFactor_;
    std::vector<double> freq_;  ///< radians per position, one per pair
};

} // namespace qiusuo::models
