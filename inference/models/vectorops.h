#pragma once
/// @brief Element-wise steps of a transformer block: residual adds, biases,
/// the SwiGLU gate.

#include <cmath>
#include <cstdint>
#include <vector>

namespace qiusuo::models {

/// x[i] += y[i] for i < n (the residual connection).
inline void addInPlace(float* x, const float* y, std::int64_t n)
{
    for (std::int64_t i = 0; i < n; ++i)
        x[i] += y[i];
}

/// Adds `bias` (dim elements) to each of nRows rows; nothing when bias is empty.
inline void addBias(float* x, const std::vector<float>& bias, std::int64_t nRows)
{
    const auto dim = static_cast<std::int64_t>(bias.size());
    for (std::int64_t r = 0; r < nRows && dim > 0; ++r)
        addInPlace(x + r * dim, bias.data(), dim);
}

/// SwiGLU: gate[i] = silu(gate[i]) · up[i], silu(g) = g / (1 + e^-g).
inline void siluMul(float* gate, const float* up, std::int64_t n)
{
    for (std::int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        gate[i] = g / (1.0f + std::exp(-g)) * up[i];
    }
}

} // namespace qiusuo::models
