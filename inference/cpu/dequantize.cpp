// dequantizeRow: the exact F32 value of every stored weight, block by block,
// following the layouts in blocks.h. Portable scalar code: it is the
// reference the SIMD kernels are tested against and the precise path's input.
#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/matmul.h"
#include "inference/error.h"

#include <cstring>
#include <string>

namespace qiusuo::cpu {
namespace {

void dequantQ4_0(const BlockQ4_0* b, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, y += 32) {
        const float d = f16ToF32(b[i].d);
        for (int j = 0; j < 16; ++j) {
            y[j] = d * static_cast<float>((b[i].qs[j] & 0xF) - 8);
            y[j + 16] = d * static_cast<float>((b[i].qs[j] >> 4) - 8);
        }
    }
}

void dequantQ4_1(const BlockQ4_1* b, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, y += 32) {
        const float d = f16ToF32(b[i].d);
        const float m = f16ToF32(b[i].m);
        for (int j = 0; j < 16; ++j) {
            y[j] = d * static_cast<float>(b[i].qs[j] & 0xF) + m;
            y[j + 16] = d * static_cast<float>(b[i].qs[j] >> 4) + m;
        }
    }
}

/// The 5-bit values of a Q5_0/Q5_1 block, 0..31.
void unpack5(const std::uint8_t* qh4, const std::uint8_t* qs, int* q)
{
    std::uint32_t qh = 0;
    std::memcpy(&qh, qh4, 4);
    for (int j = 0; j < 16; ++j) {
        q[j] = (qs[j] & 0xF) | static_cast<int>(((qh >> j) & 1u) << 4);
        q[j + 16] = (qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
    }
}

void dequantQ5_0(const BlockQ5_0* b, float* y, std::int64_t nb)
{
    int q[32];
    for (std::int64_t i = 0; i < nb; ++i, y += 32) {
        const float d = f16ToF32(b[i].d);
        unpack5(b[i].qh, b[i].qs, q);
        for (int j = 0; j < 32; ++j)
            y[j] = d * static_cast<float>(q[j] - 16);
    }
}

void dequantQ5_1(const BlockQ5_1* b, float* y, std::int64_t nb)
{
    int q[32];
    for (std::int64_t i = 0; i < nb; ++i, y += 32) {
        const float d = f16ToF32(b[i].d);
        const float m = f16ToF32(b[i].m);
        unpack5(b[i].qh, b[i].qs, q);
        for (int j = 0; j < 32; ++j)
            y[j] = d * static_cast<float>(q[j]) + m;
    }
}

void dequantQ8_0(const BlockQ8_0* b, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, y += 32) {
        const float d = f16ToF32(b[i].d);
        for (int j = 0; j < 32; ++j)
            y[j] = d * static_cast<float>(b[i].qs[j]);
    }
}

void dequantQ4_K(const BlockQ4_K* b, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i) {
        const float d = f16ToF32(b[i].d);
        const float dmin = f16ToF32(b[i].dmin);
        const std::uint8_t* q = b[i].qs;
        for (int g = 0; g < 4; ++g, q += 32) {
            int sc0 = 0, mn0 = 0, sc1 = 0, mn1 = 0;
            unpackScalesK4(b[i].scales, 2 * g, sc0, mn0);
            unpackScalesK4(b[i].scales, 2 * g + 1, sc1, mn1);
            const float d0 = d * static_cast<float>(sc0), m0 = dmin * static_cast<float>(mn0);
            const float d1 = d * static_cast<float>(sc1), m1 = dmin * static_cast<float>(mn1);
            for (int l = 0; l < 32; ++l)
                *y++ = d0 * static_cast<float>(q[l] & 0xF) - m0;
            for (int l = 0; l < 32; ++l)
                *y++ = d1 * static_cast<float>(q[l] >> 4) - m1;
        }
    }
}

void dequantQ5_K(const BlockQ5_K* b, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i) {
        const float d = f16ToF32(b[i].d);
        const float dmin = f16ToF32(b[i].dmin);
        const std::uint8_t* q = b[i].qs;
        for (int g = 0; g < 4; ++g, q += 32) {
            int sc0 = 0, mn0 = 0, sc1 = 0, mn1 = 0;
            unpackScalesK4(b[i].scales, 2 * g, sc0, mn0);
            unpackScalesK4(b[i].scales, 2 * g + 1, sc1, mn1);
            const float d0 = d * static_cast<float>(sc0), m0 = dmin * static_cast<float>(mn0);
            const float d1 = d * static_cast<float>(sc1), m1 = dmin * static_cast<float>(mn1);
            for (int l = 0; l < 32; ++l) {
                const int hi = (b[i].qh[l] >> (2 * g)) & 1;
                *y++ = d0 * static_cast<float>((q[l] & 0xF) | (hi << 4)) - m0;
            }
            for (int l = 0; l < 32; ++l) {
                const int hi = (b[i].qh[l] >> (2 * g + 1)) & 1;
                *y++ = d1 * static_cast<float>((q[l] >> 4) | (hi << 4)) - m1;
            }
        }
    }
}

void dequantQ6_K(const BlockQ6_K* b, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i) {
        const float d = f16ToF32(b[i].d);
        for (int h = 0; h < 2; ++h, y += 128) {
            const std::uint8_t* ql = b[i].ql + 64 * h;
            const std::uint8_t* qh = b[i].qh + 32 * h;
            const std::int8_t* sc = b[i].scales + 8 * h;
            for (int l = 0; l < 32; ++l) {
                const int s = l / 16;
                const int q0 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32;
                const int q1 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q2 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q3 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * static_cast<float>(sc[s]) * static_cast<float>(q0);
                y[l + 32] = d * static_cast<float>(sc[s + 2]) * static_cast<float>(q1);
                y[l + 64] = d * static_cast<float>(sc[s + 4]) * static_cast<float>(q2);
                y[l + 96] = d * static_cast<float>(sc[s + 6]) * static_cast<float>(q3);
            }
        }
    }
}

template <typename Block>
const Block* as(const void* p)
{
    return static_cast<const Block*>(p);
}

} // namespace

void dequantizeRow(gguf::GgmlType type, const void* src, float* dst, std::int64_t n)
{
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    if (!traits)
        throw Error("Cannot dequantize tensor type id " +
                    std::to_string(static_cast<std::uint32_t>(type)) + ": no such ggml type.");
    if (n < 0 || n % traits->blockSize != 0)
        throw Error("Cannot dequantize " + std::to_string(n) + " elements of type " +
                    std::string(traits->name) + ": the count must be a multiple of its block size " +
                    std::to_string(traits->blockSize) + ".");
    const std::int64_t nb = n / traits->blockSize;
    switch (type) {
    case gguf::GgmlType::F32:
        std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(float));
        return;
    case gguf::GgmlType::F16: {
        const auto* h = static_cast<const std::uint16_t*>(src);
        for (std::int64_t i = 0; i < n; ++i)
            dst[i] = f16ToF32(h[i]);
        return;
    }
    case gguf::GgmlType::BF16: {
        const auto* h = static_cast<const std::uint16_t*>(src);
        for (std::int64_t i = 0; i < n; ++i)
            dst[i] = bf16ToF32(h[i]);
        return;
    }
    case gguf::GgmlType::Q4_0: dequantQ4_0(as<BlockQ4_0>(src), dst, nb); return;
    case gguf::GgmlType::Q4_1: dequantQ4_1(as<BlockQ4_1>(src), dst, nb); return;
    case gguf::GgmlType::Q5_0: dequantQ5_0(as<BlockQ5_0>(src), dst, nb); return;
    case gguf::GgmlType::Q5_1: dequantQ5_1(as<BlockQ5_1>(src), dst, nb); return;
    case gguf::GgmlType::Q8_0: dequantQ8_0(as<BlockQ8_0>(src), dst, nb); return;
    case gguf::GgmlType::Q4_K: dequantQ4_K(as<BlockQ4_K>(src), dst, nb); return;
    case gguf::GgmlType::Q5_K: dequantQ5_K(as<BlockQ5_K>(src), dst, nb); return;
    case gguf::GgmlType::Q6_K: dequantQ6_K(as<BlockQ6_K>(src), dst, nb); return;
    default:
        throw Error("Tensor type " + std::string(traits->name) +
                    " is not supported by the CPU engine (supported: F32, F16, BF16, Q4_0, Q4_1, "
                    "Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K).");
    }
}

} // namespace qiusuo::cpu
