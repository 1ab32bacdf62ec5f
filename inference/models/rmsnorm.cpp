#include "inference/models/rmsnorm.h"

#include <cmath>

namespace qiusuo::models {

void rmsNorm(const float* x, const float* weight, float* out, std::int64_t n, std::int64_t nRows,
             float eps)
{
    for (std::int64_t r = 0; r < nRows; ++r) {
        const float* xr = x + r * n;
        float* outr = out + r * n;
        // The sum of squares in double, as ggml does, so long rows lose nothing.
        double sum = 0.0;
        for (std::int64_t i = 0; i < n; ++i)
            sum += static_cast<double>(xr[i]) * xr[i];
        const float mean = static_cast<float>(sum / static_cast<double>(n));
        const float scale = 1.0f / std::sqrt(mean + eps);
        for (std::int64_t i = 0; i < n; ++i)
            outr[i] = xr[i] * scale * weight[i];
    }
}

} // namespace qiusuo::models
