#pragma once
/// @brief Random data for the GPU kernel tests of deepseek2's blocks: F32
/// vectors, quantized matrices with their exact values (the CPU's
/// dequantization), and 8-bit activations quantized as the GPU does.

#include "cudatest.h"

#include "inference/cpu/matmul.h"
#include "inference/cpu/quantize.h"
#include "inference/cuda/kernels.h"
#include "inference/gguf/ggmltype.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace qiusuo::test {

inline std::vector<float> randomValues(std::size_t n, std::uint32_t seed, float scale = 1.0f)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    return v;
}

/// `rows` rows of `cols` quantized values on the host and the GPU. A stack of
/// E experts of R rows each is the matrix of E·R rows.
struct QuantMatrix {
    gguf::GgmlType type;
    std::int64_t rows, cols;
    std::size_t rowBytes;
    std::vector<std::uint8_t> bytes;
    std::vector<float> values;  ///< the CPU's dequantization
    cuda::DeviceBuffer device;

    cuda::DeviceWeight weight() const { return {type, device.get(), rows, cols, rowBytes}; }
    float at(std::int64_t r, std::int64_t c) const { return values[static_cast<std::size_t>(r * cols + c)]; }
};

inline QuantMatrix quantMatrix(gguf::GgmlType type, std::int64_t rows, std::int64_t cols, std::uint32_t seed)
{
    const auto traits = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    QuantMatrix m{type, rows, cols, static_cast<std::size_t>(cols / traits.blockSize * traits.typeSize), {}, {}, {}};
    const std::vector<float> src = randomValues(static_cast<std::size_t>(rows * cols), seed, 0.5f);
    m.bytes.resize(m.rowBytes * static_cast<std::size_t>(rows));
    m.values.resize(src.size());
    for (std::int64_t r = 0; r < rows; ++r) {
        cpu::quantizeRow(type, src.data() + r * cols, m.bytes.data() + r * m.rowBytes, cols);
        cpu::dequantizeRow(type, m.bytes.data() + r * m.rowBytes, m.values.data() + r * cols, cols);
    }
    m.device = toDevice(m.bytes);
    return m;
}

/// x quantized as the GPU does (warpquant.cuh): per 32, d = max|x| / 127,
/// q = round(x / d); `exact` receives q·d, the values the products see.
inline void quantize8(const std::vector<float>& x, std::vector<std::int8_t>& q, std::vector<float>& d,
                      std::vector<float>& exact)
{
    q.resize(x.size());
    d.resize(x.size() / 32);
    exact.resize(x.size());
    for (std::size_t b = 0; b < d.size(); ++b) {
        float amax = 0;
        for (std::size_t i = 0; i < 32; ++i)
            amax = std::max(amax, std::fabs(x[32 * b + i]));
        d[b] = amax / 127.0f;
        for (std::size_t i = 0; i < 32; ++i) {
            const std::size_t j = 32 * b + i;
            q[j] = static_cast<std::int8_t>(d[b] > 0 ? std::nearbyint(x[j] / d[b]) : 0);
            exact[j] = static_cast<float>(q[j]) * d[b];
        }
    }
}

} // namespace qiusuo::test
