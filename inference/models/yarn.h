#pragma once
/// @brief YaRN RoPE frequencies (as ggml's rope_yarn computes them), given as
/// per-pair divisors for Rope's `freqFactors`.
///
/// Pair i has the plain frequency f_i = base^(-2i/d). YaRN blends the
/// interpolated f_i/factor and the original f_i with a ramp r_i that is 1 for
/// fast-turning pairs (kept) and 0 for slow ones (interpolated):
///   f'_i = f_i/factor · (1 - r_i) + f_i · r_i,
///   r_i = 1 - clamp((i - low) / max(0.001, high - low), 0, 1),
/// where low = floor(c(betaFast)), high = ceil(c(betaSlow)) clamped to
/// [0, d-1] and c(β) = d · ln(origCtx / (2πβ)) / (2 ln base) is the pair
/// index that turns β times over the original context. The rotation keeps
/// unit magnitude: deepseek2 applies YaRN's mscale in the attention scale.

#include <cstdint>
#include <vector>

namespace qiusuo::models {

struct YarnParams {
    std::int32_t ropeDims = 0;
    double freqBase = 10000.0;
    double factor = 1.0;                 ///< context scaling factor (>= 1)
    std::int32_t originalContext = 0;    ///< context the model was trained at before scaling
    double betaFast = 32.0;
    double betaSlow = 1.0;
};

/// ropeDims/2 divisors g_i with f'_i = f_i / g_i.
std::vector<float> yarnFreqFactors(const YarnParams& p);

} // namespace qiusuo::models
