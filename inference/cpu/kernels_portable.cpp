// Portable scalar kernels: the integer math of kernels.h written plainly.
// They define what the SIMD kernels must compute and run where no SIMD set
// is available (or QIUSUO_CPU_ISA=portable).
#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/kernels.h"
#include "inference/cpu/matmul.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qiusuo::cpu {
namespace {

void quantizeActs(const float* x, std::int64_t n, int block, std::int8_t* q, float* d,
                  std::int16_t* sums)
{
    for (std::int64_t b = 0; b < n / block; ++b) {
        const float* xb = x + b * block;
        float amax = 0.0f;
        for (int i = 0; i < block; ++i)
            amax = std::max(amax, std::fabs(xb[i]));
        const float scale = amax / 127.0f;
        const float inv = amax > 0.0f ? 127.0f / amax : 0.0f;
        d[b] = scale;
        for (int i = 0; i < block; ++i)
            q[b * block + i] = static_cast<std::int8_t>(std::nearbyint(xb[i] * inv));
    }
    for (std::int64_t s = 0; s < n / 16; ++s) {
        int sum = 0;
        for (int i = 0; i < 16; ++i)
            sum += q[s * 16 + i];
        sums[s] = static_cast<std::int16_t>(sum);
    }
}

/// Dot of one weight row with one token, per type. `a`, `d`, `s` point at the
/// token's quantized values, block scales and 16-sums.
float dotQ8_0(const void* w, std::int64_t nb, const std::int8_t* a, const float* d, const std::int16_t*)
{
    const auto* b = static_cast<const BlockQ8_0*>(w);
    float acc = 0.0f;
    for (std::int64_t i = 0; i < nb; ++i) {
        int sum = 0;
        for (int j = 0; j < 32; ++j)
            sum += b[i].qs[j] * a[32 * i + j];
        acc += f16ToF32(b[i].d) * d[i] * static_cast<float>(sum);
    }
    return acc;
}

float dotQ4_0(const void* w, std::int64_t nb, const std::int8_t* a, const float* d, const std::int16_t* s)
{
    const auto* b = static_cast<const BlockQ4_0*>(w);
    float acc = 0.0f;
    for (std::int64_t i = 0; i < nb; ++i) {
        int sum = 0;
        for (int j = 0; j < 16; ++j)
            sum += (b[i].qs[j] & 0xF) * a[32 * i + j] + (b[i].qs[j] >> 4) * a[32 * i + 16 + j];
        sum -= 8 * (s[2 * i] + s[2 * i + 1]);
        acc += f16ToF32(b[i].d) * d[i] * static_cast<float>(sum);
    }
    return acc;
}

float dotQ5_0(const void* w, std::int64_t nb, const std::int8_t* a, const float* d, const std::int16_t* s)
{
    const auto* b = static_cast<const BlockQ5_0*>(w);
    float acc = 0.0f;
    for (std::int64_t i = 0; i < nb; ++i) {
        std::uint32_t qh = 0;
        std::memcpy(&qh, b[i].qh, 4);
        int sum = 0;
        for (int j = 0; j < 16; ++j) {
            const int lo = (b[i].qs[j] & 0xF) | static_cast<int>(((qh >> j) & 1u) << 4);
            const int hi = (b[i].qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
            sum += lo * a[32 * i + j] + hi * a[32 * i + 16 + j];
        }
        sum -= 16 * (s[2 * i] + s[2 * i + 1]);
        acc += f16ToF32(b[i].d) * d[i] * static_cast<float>(sum);
    }
    return acc;
}

float dotQ4_K(const void* w, std::int64_t nb, const std::int8_t* a, const float* d, const std::int16_t* s)
{
    const auto* b = static_cast<const BlockQ4_K*>(w);
    float acc = 0.0f;
    for (std::int64_t i = 0; i < nb; ++i, a += 256, s += 16) {
        int dot = 0, mins = 0;
        for (int g = 0; g < 4; ++g) {
            int sc0 = 0, mn0 = 0, sc1 = 0, mn1 = 0;
            unpackScalesK4(b[i].scales, 2 * g, sc0, mn0);
            unpackScalesK4(b[i].scales, 2 * g + 1, sc1, mn1);
            int s0 = 0, s1 = 0;
            for (int l = 0; l < 32; ++l) {
                s0 += (b[i].qs[32 * g + l] & 0xF) * a[64 * g + l];
                s1 += (b[i].qs[32 * g + l] >> 4) * a[64 * g + 32 + l];
            }
            dot += sc0 * s0 + sc1 * s1;
            mins += mn0 * (s[4 * g] + s[4 * g + 1]) + mn1 * (s[4 * g + 2] + s[4 * g + 3]);
        }
        acc += d[i] * (f16ToF32(b[i].d) * static_cast<float>(dot) -
                       f16ToF32(b[i].dmin) * static_cast<float>(mins));
    }
    return acc;
}

float dotQ5_K(const void* w, std::int64_t nb, const std::int8_t* a, const float* d, const std::int16_t* s)
{
    const auto* b = static_cast<const BlockQ5_K*>(w);
    float acc = 0.0f;
    for (std::int64_t i = 0; i < nb; ++i, a += 256, s += 16) {
        int dot = 0, mins = 0;
        for (int g = 0; g < 4; ++g) {
            int sc0 = 0, mn0 = 0, sc1 = 0, mn1 = 0;
            unpackScalesK4(b[i].scales, 2 * g, sc0, mn0);
            unpackScalesK4(b[i].scales, 2 * g + 1, sc1, mn1);
            int s0 = 0, s1 = 0;
            for (int l = 0; l < 32; ++l) {
                const int h = b[i].qh[l] >> (2 * g);
                s0 += ((b[i].qs[32 * g + l] & 0xF) | ((h & 1) << 4)) * a[64 * g + l];
                s1 += ((b[i].qs[32 * g + l] >> 4) | ((h & 2) << 3)) * a[64 * g + 32 + l];
            }
            dot += sc0 * s0 + sc1 * s1;
            mins += mn0 * (s[4 * g] + s[4 * g + 1]) + mn1 * (s[4 * g + 2] + s[4 * g + 3]);
        }
        acc += d[i] * (f16ToF32(b[i].d) * static_cast<float>(dot) -
                       f16ToF32(b[i].dmin) * static_cast<float>(mins));
    }
    return acc;
}

float dotQ6_K(const void* w, std::int64_t nb, const std::int8_t* a, const float* d, const std::int16_t* s)
{
    const auto* b = static_cast<const BlockQ6_K*>(w);
    float acc = 0.0f;
    for (std::int64_t i = 0; i < nb; ++i, a += 256, s += 16) {
        int sub[16] = {};
        for (int h = 0; h < 2; ++h) {
            const std::uint8_t* ql = b[i].ql + 64 * h;
            const std::uint8_t* qh = b[i].qh + 32 * h;
            const std::int8_t* ah = a + 128 * h;
            for (int l = 0; l < 32; ++l) {
                const int q0 = (ql[l] & 0xF) | ((qh[l] & 3) << 4);
                const int q1 = (ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4);
                const int q2 = (ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4);
                const int q3 = (ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4);
                const int s16 = 8 * h + l / 16;
                sub[s16] += q0 * ah[l];
                sub[s16 + 2] += q1 * ah[l + 32];
                sub[s16 + 4] += q2 * ah[l + 64];
                sub[s16 + 6] += q3 * ah[l + 96];
            }
        }
        int dot = 0;
        for (int k = 0; k < 16; ++k)
            dot += b[i].scales[k] * (sub[k] - 32 * s[k]);
        acc += d[i] * f16ToF32(b[i].d) * static_cast<float>(dot);
    }
    return acc;
}

using DotFn = float (*)(const void*, std::int64_t, const std::int8_t*, const float*, const std::int16_t*);

template <DotFn dot, int block>
void quantTile(const TileArgs& t)
{
    const std::int64_t nb = t.cols / block;
    for (std::int64_t r = 0; r < t.nRows; ++r) {
        const std::uint8_t* w = t.w + static_cast<std::size_t>(r) * t.rowBytes;
        for (std::int64_t k = 0; k < t.nTok; ++k)
            t.y[k * t.yStride + r] = dot(w, nb, t.a.q + k * t.a.qStride, t.a.d + k * t.a.dStride,
                                         t.a.sums + k * t.a.sumStride);
    }
}

float dotF32(const float* a, const float* b, std::int64_t n)
{
    // Eight partial sums: the same association as the SIMD lanes, and an
    // error growing with n/8 rather than n.
    float acc[8] = {};
    std::int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; ++l)
            acc[l] += a[i + l] * b[i + l];
    for (; i < n; ++i)
        acc[0] += a[i] * b[i];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

/// Float weights on the fast path: convert a row, then F32 dots.
template <gguf::GgmlType type>
void floatTile(const TileArgs& t)
{
    float row[256];
    for (std::int64_t r = 0; r < t.nRows; ++r) {
        const std::uint8_t* w = t.w + static_cast<std::size_t>(r) * t.rowBytes;
        for (std::int64_t k = 0; k < t.nTok; ++k) {
            const float* x = t.x + k * t.xStride;
            float acc = 0.0f;
            for (std::int64_t c = 0; c < t.cols; c += 256) {
                const std::int64_t len = std::min<std::int64_t>(256, t.cols - c);
                const std::size_t elem = type == gguf::GgmlType::F32 ? 4 : 2;
                dequantizeRow(type, w + static_cast<std::size_t>(c) * elem, row, len);
                acc += dotF32(row, x + c, len);
            }
            t.y[k * t.yStride + r] = acc;
        }
    }
}

TileFn fastTile(gguf::GgmlType type)
{
    switch (type) {
    case gguf::GgmlType::F32: return floatTile<gguf::GgmlType::F32>;
    case gguf::GgmlType::F16: return floatTile<gguf::GgmlType::F16>;
    case gguf::GgmlType::BF16: return floatTile<gguf::GgmlType::BF16>;
    case gguf::GgmlType::Q8_0: return quantTile<dotQ8_0, 32>;
    case gguf::GgmlType::Q4_0: return quantTile<dotQ4_0, 32>;
    case gguf::GgmlType::Q5_0: return quantTile<dotQ5_0, 32>;
    case gguf::GgmlType::Q4_K: return quantTile<dotQ4_K, 256>;
    case gguf::GgmlType::Q5_K: return quantTile<dotQ5_K, 256>;
    case gguf::GgmlType::Q6_K: return quantTile<dotQ6_K, 256>;
    default: return nullptr;
    }
}

} // namespace

int activationBlock(gguf::GgmlType type)
{
    switch (type) {
    case gguf::GgmlType::Q4_K: case gguf::GgmlType::Q5_K: case gguf::GgmlType::Q6_K:
        return 256;
    case gguf::GgmlType::Q8_0: case gguf::GgmlType::Q4_0: case gguf::GgmlType::Q5_0:
        return 32;
    default:
        return 0;
    }
}

const KernelSet& portableKernels()
{
    static const KernelSet set{"portable", quantizeActs, fastTile, dotF32, dequantizeRow};
    return set;
}

} // namespace qiusuo::cpu
