#pragma once
/// @brief RMSNorm: out = x / sqrt(mean(x²) + eps) · weight, row by row.

#include <cstdint>

namespace qiusuo::models {

/// Normalises `nRows` rows of `n` floats; `out` may equal `x`.
void rmsNorm(const float* x, const float* weight, float* out, std::int64_t n, std::int64_t nRows,
             float eps);

} // namespace qiusuo::models
