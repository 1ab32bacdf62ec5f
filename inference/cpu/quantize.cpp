// Quantizers for the 32-element block types and the dispatch of quantizeRow;
// the K-quant fits are in quantizek.cpp.
#include "inference/cpu/quantize.h"

#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/quantizek.h"
#include "inference/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace qiusuo::cpu {
namespace {

/// The value of largest magnitude, with its sign.
float signedAbsMax(const float* x, int n)
{
    float best = 0.0f;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > std::fabs(best))
            best = x[i];
    return best;
}

int roundClamp(float v, int lo, int hi)
{
    return std::clamp(static_cast<int>(std::lround(v)), lo, hi);
}

void quantizeQ8_0(const float* x, BlockQ8_0* b, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 32) {
        float amax = 0.0f;
        for (int j = 0; j < 32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        b[i].d = f32ToF16(amax / 127.0f);
        // Divide by the scale as stored, so the rounding fits what is decoded.
        const float d = f16ToF32(b[i].d);
        const float inv = d > 0.0f ? 1.0f / d : 0.0f;
        for (int j = 0; j < 32; ++j)
            b[i].qs[j] = static_cast<std::int8_t>(roundClamp(x[j] * inv, -127, 127));
    }
}

/// Q4_0 / Q5_0: the extreme value maps to the most negative level (-8 or
/// -16), which uses the whole asymmetric range [-2^(b-1), 2^(b-1) - 1].
template <int bits>
void quantizeSymmetric32(const float* x, std::uint16_t& dOut, int* q)
{
    constexpr int half = 1 << (bits - 1);
    const float mx = signedAbsMax(x, 32);
    dOut = f32ToF16(mx / -static_cast<float>(half));
    const float d = f16ToF32(dOut);
    const float inv = d != 0.0f ? 1.0f / d : 0.0f;
    for (int j = 0; j < 32; ++j)
        q[j] = roundClamp(x[j] * inv, -half, half - 1) + half;
}

void quantizeQ4_0(const float* x, BlockQ4_0* b, std::int64_t nb)
{
    int q[32];
    for (std::int64_t i = 0; i < nb; ++i, x += 32) {
        quantizeSymmetric32<4>(x, b[i].d, q);
        for (int j = 0; j < 16; ++j)
            b[i].qs[j] = static_cast<std::uint8_t>(q[j] | (q[j + 16] << 4));
    }
}

void quantizeQ5_0(const float* x, BlockQ5_0* b, std::int64_t nb)
{
    int q[32];
    for (std::int64_t i = 0; i < nb; ++i, x += 32) {
        quantizeSymmetric32<5>(x, b[i].d, q);
        std::uint32_t qh = 0;
        for (int j = 0; j < 16; ++j) {
            b[i].qs[j] = static_cast<std::uint8_t>((q[j] & 0xF) | ((q[j + 16] & 0xF) << 4));
            qh |= static_cast<std::uint32_t>(q[j] >> 4) << j;
            qh |= static_cast<std::uint32_t>(q[j + 16] >> 4) << (j + 16);
        }
        std::memcpy(b[i].qh, &qh, 4);
    }
}

} // namespace

bool canQuantize(gguf::GgmlType type)
{
    switch (type) {
    case gguf::GgmlType::F32: case gguf::GgmlType::F16: case gguf::GgmlType::BF16:
    case gguf::GgmlType::Q8_0: case gguf::GgmlType::Q4_0: case gguf::GgmlType::Q5_0:
    case gguf::GgmlType::Q4_K: case gguf::GgmlType::Q5_K: case gguf::GgmlType::Q6_K:
        return true;
    default:
        return false;
    }
}

void quantizeRow(gguf::GgmlType type, const float* src, void* dst, std::int64_t n)
{
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    if (!traits || !canQuantize(type))
        throw Error("Cannot quantize to " + std::string(traits ? traits->name : "an unknown type") +
                    "; the supported targets are F32, F16, BF16, Q8_0, Q4_0, Q5_0, Q4_K, Q5_K and Q6_K.");
    if (n < 0 || n % traits->blockSize != 0)
        throw Error("Cannot quantize " + std::to_string(n) + " values to " + std::string(traits->name) +
                    ": the count must be a multiple of " + std::to_string(traits->blockSize) + ".");
    const std::int64_t nb = n / traits->blockSize;
    switch (type) {
    case gguf::GgmlType::F32:
        std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(float));
        return;
    case gguf::GgmlType::F16:
        for (std::int64_t i = 0; i < n; ++i)
            static_cast<std::uint16_t*>(dst)[i] = f32ToF16(src[i]);
        return;
    case gguf::GgmlType::BF16:
        for (std::int64_t i = 0; i < n; ++i)
            static_cast<std::uint16_t*>(dst)[i] = f32ToBf16(src[i]);
        return;
    case gguf::GgmlType::Q8_0: quantizeQ8_0(src, static_cast<BlockQ8_0*>(dst), nb); return;
    case gguf::GgmlType::Q4_0: quantizeQ4_0(src, static_cast<BlockQ4_0*>(dst), nb); return;
    case gguf::GgmlType::Q5_0: quantizeQ5_0(src, static_cast<BlockQ5_0*>(dst), nb); return;
    case gguf::GgmlType::Q4_K: quantizeQ4_K(src, static_cast<BlockQ4_K*>(dst), nb); return;
    case gguf::GgmlType::Q5_K: quantizeQ5_K(src, static_cast<BlockQ5_K*>(dst), nb); return;
    case gguf::GgmlType::Q6_K: quantizeQ6_K(src, static_cast<BlockQ6_K*>(dst), nb); return;
    default: return;
    }
}

} // namespace qiusuo::cpu
