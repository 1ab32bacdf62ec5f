#include "inference/models/rope.h"

#include "inference/error.h"

#include <array>
#include <cmath>
#include <string>

namespace qiusuo::models {

namespace {
constexpr std::int32_t kMaxPairs = 512;
}

Rope::Rope(std::int32_t headDim, std::int32_t ropeDims, double freqBase, RopeLayout layout,
           double freqScale, std::span<const float> freqFactors, double attnFactor)
    : headDim_(headDim), ropeDims_(ropeDims), layout_(layout), attnFactor_(attnFactor)
{
    if (ropeDims <= 0 || ropeDims % 2 != 0 || ropeDims > headDim || ropeDims / 2 > kMaxPairs)
        throw Error("RoPE over " + std::to_string(ropeDims) + " of " + std::to_string(headDim) +
                    " head dimensions is not supported");
    const std::int32_t pairs = ropeDims / 2;
    if (!freqFactors.empty() && static_cast<std::int32_t>(freqFactors.size()) != pairs)
        throw Error("the RoPE frequency factors (rope_freqs) have " +
                    std::to_string(freqFactors.size()) + " entries, but the model rotates " +
                    std::to_string(pairs) + " pairs per head");
    freq_.resize(static_cast<std::size_t>(pairs));
    for (std::int32_t i = 0; i < pairs; ++i) {
        double f = freqScale * std::pow(freqBase, -2.0 * i / ropeDims);
        if (!freqFactors.empty())
            f /= static_cast<double>(freqFactors[static_cast<std::size_t>(i)]);
        freq_[static_cast<std::size_t>(i)] = f;
    }
}

void Rope::apply(float* heads, std::int32_t nHeads, std::int32_t pos) const
{
    const std::int32_t pairs = ropeDims_ / 2;
    std::array<float, kMaxPairs> cosv;
    std::array<float, kMaxPairs> sinv;
    for (std::int32_t i = 0; i < pairs; ++i) {
        const double theta = pos * freq_[static_cast<std::size_t>(i)];
        cosv[static_cast<std::size_t>(i)] = static_cast<float>(std::cos(theta) * attnFactor_);
        sinv[static_cast<std::size_t>(i)] = static_cast<float>(std::sin(theta) * attnFactor_);
    }
    // Offsets of the two members of pair i: (2i, 2i+1) or (i, i + pairs).
    const std::int32_t firstStride = layout_ == RopeLayout::Normal ? 2 : 1;
    const std::int32_t secondOffset = layout_ == RopeLayout::Normal ? 1 : pairs;
    for (std::int32_t h = 0; h < nHeads; ++h) {
        float* x = heads + static_cast<std::int64_t>(h) * headDim_;
        for (std::int32_t i = 0; i < pairs; ++i) {
            float* a = x + i * firstStride;
            float* b = a + secondOffset;
            const float c = cosv[static_cast<std::size_t>(i)];
            const float s = sinv[static_cast<std::size_t>(i)];
            const float x0 = *a;
            const float x1 = *b;
            *a = x0 * c - x1 * s;
            *b = x0 * s + x1 * c;
        }
    }
}

} // namespace qiusuo::models
