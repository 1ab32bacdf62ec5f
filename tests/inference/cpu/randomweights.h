#pragma once
// Random weight matrices of any supported type for kernel tests: random bytes
// for the quantized values, with every F16 scale overwritten by a sane value
// (random bytes would give infinities and NaNs).
#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/matmul.h"

#include <cstdint>
#include <random>
#include <vector>

namespace qiusuo::cpu::test {

struct RandomMatrix {
    std::vector<std::uint8_t> bytes;
    WeightView view;
};

inline RandomMatrix randomWeights(gguf::GgmlType type, std::int64_t rows, std::int64_t cols,
                                  std::uint32_t seed)
{
    const auto traits = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    RandomMatrix m;
    m.view.type = type;
    m.view.rows = rows;
    m.view.cols = cols;
    m.view.rowBytes = static_cast<std::size_t>(cols / traits.blockSize) * traits.typeSize;
    m.bytes.resize(m.view.rowBytes * static_cast<std::size_t>(rows));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_real_distribution<float> scale(0.001f, 0.02f);
    std::normal_distribution<float> normal(0.0f, 0.5f);
    for (auto& b : m.bytes)
        b = static_cast<std::uint8_t>(byte(rng));
    const std::size_t nBlocks = m.bytes.size() / traits.typeSize;
    auto* p = m.bytes.data();
    auto half = [&](float v) { return f32ToF16(v); };
    for (std::size_t i = 0; i < nBlocks; ++i, p += traits.typeSize) {
        switch (type) {
        case gguf::GgmlType::F32: *reinterpret_cast<float*>(p) = normal(rng); break;
        case gguf::GgmlType::F16: *reinterpret_cast<std::uint16_t*>(p) = half(normal(rng)); break;
        case gguf::GgmlType::BF16:
            *reinterpret_cast<std::uint16_t*>(p) = f32ToBf16(normal(rng));
            break;
        case gguf::GgmlType::Q4_0: reinterpret_cast<BlockQ4_0*>(p)->d = half(scale(rng)); break;
        case gguf::GgmlType::Q5_0: reinterpret_cast<BlockQ5_0*>(p)->d = half(scale(rng)); break;
        case gguf::GgmlType::Q8_0: reinterpret_cast<BlockQ8_0*>(p)->d = half(scale(rng)); break;
        case gguf::GgmlType::Q4_1:
            reinterpret_cast<BlockQ4_1*>(p)->d = half(scale(rng));
            reinterpret_cast<BlockQ4_1*>(p)->m = half(-8 * scale(rng));
            break;
        case gguf::GgmlType::Q5_1:
            reinterpret_cast<BlockQ5_1*>(p)->d = half(scale(rng));
            reinterpret_cast<BlockQ5_1*>(p)->m = half(-16 * scale(rng));
            break;
        case gguf::GgmlType::Q4_K:
            reinterpret_cast<BlockQ4_K*>(p)->d = half(scale(rng) / 16);
            reinterpret_cast<BlockQ4_K*>(p)->dmin = half(scale(rng) / 8);
            break;
        case gguf::GgmlType::Q5_K:
            reinterpret_cast<BlockQ5_K*>(p)->d = half(scale(rng) / 32);
            reinterpret_cast<BlockQ5_K*>(p)->dmin = half(scale(rng) / 8);
            break;
        case gguf::GgmlType::Q6_K: reinterpret_cast<BlockQ6_K*>(p)->d = half(scale(rng) / 64); break;
        default: break;
        }
    }
    m.view.data = m.bytes.data();
    return m;
}

/// Activations like a normalised hidden state: mostly N(0,1), a few outliers.
inline std::vector<float> randomActivations(std::int64_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(static_cast<std::size_t>(n));
    for (auto& v : x)
        v = normal(rng);
    for (std::size_t i = 0; i < x.size(); i += 97)
        x[i] *= 8.0f;
    return x;
}

/// y[t][r] in float64 from the exactly dequantized rows.
inline std::vector<double> referenceProduct(const WeightView& w, const float* x, std::int64_t nTokens)
{
    std::vector<double> y(static_cast<std::size_t>(nTokens * w.rows));
    std::vector<float> row(static_cast<std::size_t>(w.cols));
    const auto* base = static_cast<const std::uint8_t*>(w.data);
    for (std::int64_t r = 0; r < w.rows; ++r) {
        dequantizeRow(w.type, base + static_cast<std::size_t>(r) * w.rowBytes, row.data(), w.cols);
        for (std::int64_t t = 0; t < nTokens; ++t) {
            double acc = 0;
            for (std::int64_t c = 0; c < w.cols; ++c)
                acc += static_cast<double>(row[static_cast<std::size_t>(c)]) * x[t * w.cols + c];
            y[static_cast<std::size_t>(t * w.rows + r)] = acc;
        }
    }
    return y;
}

} // namespace qiusuo::cpu::test
