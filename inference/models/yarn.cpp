#include "inference/models/yarn.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace qiusuo::models {

std::vector<float> yarnFreqFactors(const YarnParams& p)
{
    const std::int32_t pairs = p.ropeDims / 2;
    std::vector<float> out(static_cast<std::size_t>(pairs), 1.0f);
    if (p.factor <= 1.0 || p.originalContext <= 0)
        return out;
    const double d = p.ropeDims;
    const auto corrDim = [&](double beta) {
        return d * std::log(p.originalContext / (2.0 * std::numbers::pi * beta)) / (2.0 * std::log(p.freqBase));
    };
    const double low = std::max(0.0, std::floor(corrDim(p.betaFast)));
    const double high = std::min(d - 1.0, std::ceil(corrDim(p.betaSlow)));
    for (std::int32_t i = 0; i < pairs; ++i) {
        const double y = (i - low) / std::max(0.001, high - low);
        const double ramp = 1.0 - std::min(1.0, std::max(0.0, y));
        const double blended = (1.0 - ramp) / p.factor + ramp;  // f'_i / f_i
        out[static_cast<std::size_t>(i)] = static_cast<float>(1.0 / blended);
    }
    return out;
}

} // namespace qiusuo::models
