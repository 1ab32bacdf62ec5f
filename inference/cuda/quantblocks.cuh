#pragma once
// Device-side decoding of GGUF weight blocks (layouts: inference/cpu/blocks.h).
//
// Every type is read in "chunks" of 16 weights, so one kernel template serves
// all of them: chunk c of a row yields w[0..8) for row elements base0..base0+7
// and w[8..16) for base1..base1+7. A row of `cols` elements has cols/16 chunks;
// neighbouring chunks lie next to each other in memory, so a warp whose lanes
// take neighbouring chunks reads whole cache lines.

#include "inference/gguf/ggmltype.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

namespace qiusuo::cuda::detail {

using gguf::GgmlType;

__device__ __forceinline__ float halfBits(std::uint16_t h)
{
    return __half2float(__ushort_as_half(h));
}

__device__ __forceinline__ std::uint16_t load16(const std::uint8_t* p)
{
    return *reinterpret_cast<const std::uint16_t*>(p);
}

/// Eight bytes from an address that is only 2-byte aligned (Q4_0, Q5_0, Q8_0
/// and Q6_K blocks have odd sizes), as two 32-bit words.
__device__ __forceinline__ void load8Aligned2(const std::uint8_t* p, std::uint32_t& lo, std::uint32_t& hi)
{
    lo = load16(p) | (static_cast<std::uint32_t>(load16(p + 2)) << 16);
    hi = load16(p + 4) | (static_cast<std::uint32_t>(load16(p + 6)) << 16);
}

/// Eight bytes from an 8-byte aligned address.
__device__ __forceinline__ void load8(const std::uint8_t* p, std::uint32_t& lo, std::uint32_t& hi)
{
    const uint2 v = *reinterpret_cast<const uint2*>(p);
    lo = v.x;
    hi = v.y;
}

__device__ __forceinline__ int byteOf(std::uint32_t lo, std::uint32_t hi, int k)
{
    return static_cast<int>(((k < 4 ? lo : hi) >> (8 * (k & 3))) & 0xFF);
}

template <GgmlType T>
struct Chunk;

template <>
struct Chunk<GgmlType::F32> {
    static constexpr int kBlockElems = 16, kBlockBytes = 64;
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const float4* p = reinterpret_cast<const float4*>(row + 64 * c);
        const float4 a = p[0], b = p[1], d = p[2], e = p[3];
        w[0] = a.x; w[1] = a.y; w[2] = a.z; w[3] = a.w; w[4] = b.x; w[5] = b.y; w[6] = b.z; w[7] = b.w;
        w[8] = d.x; w[9] = d.y; w[10] = d.z; w[11] = d.w; w[12] = e.x; w[13] = e.y; w[14] = e.z; w[15] = e.w;
        base0 = 16 * c;
        base1 = base0 + 8;
    }
};

template <>
struct Chunk<GgmlType::F16> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const uint4* p = reinterpret_cast<const uint4*>(row + 32 * c);
        const uint4 a = p[0], b = p[1];
        const std::uint32_t words[8] = {a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w};
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            w[2 * i] = halfBits(static_cast<std::uint16_t>(words[i] & 0xFFFF));
            w[2 * i + 1] = halfBits(static_cast<std::uint16_t>(words[i] >> 16));
        }
        base0 = 16 * c;
        base1 = base0 + 8;
    }
};

template <>
struct Chunk<GgmlType::BF16> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const uint4* p = reinterpret_cast<const uint4*>(row + 32 * c);
        const uint4 a = p[0], b = p[1];
        const std::uint32_t words[8] = {a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w};
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            w[2 * i] = __uint_as_float(words[i] << 16);
            w[2 * i + 1] = __uint_as_float(words[i] & 0xFFFF0000u);
        }
        base0 = 16 * c;
        base1 = base0 + 8;
    }
};

// Q4_0 (18 bytes: d, qs[16]): element j < 16 is the low nibble of qs[j],
// element 16 + j the high nibble; w = d (q - 8). Chunk c: half h = c & 1 of
// block c >> 1, bytes qs[8h .. 8h+8).
template <>
struct Chunk<GgmlType::Q4_0> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const int b = c >> 1, h = c & 1;
        const std::uint8_t* p = row + 18 * b;
        const float d = halfBits(load16(p));
        std::uint32_t lo, hi;
        load8Aligned2(p + 2 + 8 * h, lo, hi);
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int q = byteOf(lo, hi, k);
            w[k] = d * static_cast<float>((q & 0xF) - 8);
            w[8 + k] = d * static_cast<float>((q >> 4) - 8);
        }
        base0 = 32 * b + 8 * h;
        base1 = base0 + 16;
    }
};

// Q5_0 (22 bytes: d, qh[4], qs[16]): as Q4_0 with bit j of qh as the fifth
// bit of element j; w = d (q - 16).
template <>
struct Chunk<GgmlType::Q5_0> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const int b = c >> 1, h = c & 1;
        const std::uint8_t* p = row + 22 * b;
        const float d = halfBits(load16(p));
        const std::uint32_t qh = load16(p + 2) | (static_cast<std::uint32_t>(load16(p + 4)) << 16);
        std::uint32_t lo, hi;
        load8Aligned2(p + 6 + 8 * h, lo, hi);
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int q = byteOf(lo, hi, k);
            const int j0 = 8 * h + k, j1 = 16 + 8 * h + k;
            const int hi0 = static_cast<int>((qh >> j0) & 1u), hi1 = static_cast<int>((qh >> j1) & 1u);
            w[k] = d * static_cast<float>(((q & 0xF) | (hi0 << 4)) - 16);
            w[8 + k] = d * static_cast<float>(((q >> 4) | (hi1 << 4)) - 16);
        }
        base0 = 32 * b + 8 * h;
        base1 = base0 + 16;
    }
};

// Q8_0 (34 bytes: d, qs[32]): w = d qs[j]. Chunk c: half c & 1 of block c >> 1.
template <>
struct Chunk<GgmlType::Q8_0> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const int b = c >> 1, h = c & 1;
        const std::uint8_t* p = row + 34 * b;
        const float d = halfBits(load16(p));
        std::uint32_t a0, a1, b0, b1;
        load8Aligned2(p + 2 + 16 * h, a0, a1);
        load8Aligned2(p + 10 + 16 * h, b0, b1);
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            w[k] = d * static_cast<float>(static_cast<std::int8_t>(byteOf(a0, a1, k)));
            w[8 + k] = d * static_cast<float>(static_cast<std::int8_t>(byteOf(b0, b1, k)));
        }
        base0 = 32 * b + 16 * h;
        base1 = base0 + 8;
    }
};

/// 6-bit scale and min of sub-block j of a Q4_K/Q5_K block (cpu::unpackScalesK4).
__device__ __forceinline__ void scaleMinK4(const std::uint8_t* q, int j, int& sc, int& mn)
{
    if (j < 4) {
        sc = q[j] & 63;
        mn = q[j + 4] & 63;
    } else {
        sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        mn = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

// Q4_K (144 bytes: d, dmin, scales[12], qs[128]). Chunk c: super-block c >> 4,
// j = c & 15, group g = j >> 2, i = j & 3: the 8 bytes qs[32g + 8i ..] hold
// elements 64g + 8i + k (low nibbles, sub-block 2g) and 64g + 32 + 8i + k
// (high nibbles, sub-block 2g + 1); w = d sc q - dmin mn.
template <>
struct Chunk<GgmlType::Q4_K> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const int s = c >> 4, j = c & 15, g = j >> 2, i = j & 3;
        const std::uint8_t* p = row + 144 * s;
        const float d = halfBits(load16(p)), dmin = halfBits(load16(p + 2));
        int sc0, mn0, sc1, mn1;
        scaleMinK4(p + 4, 2 * g, sc0, mn0);
        scaleMinK4(p + 4, 2 * g + 1, sc1, mn1);
        const float d0 = d * sc0, m0 = dmin * mn0, d1 = d * sc1, m1 = dmin * mn1;
        std::uint32_t lo, hi;
        load8(p + 16 + 32 * g + 8 * i, lo, hi);
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int q = byteOf(lo, hi, k);
            w[k] = d0 * static_cast<float>(q & 0xF) - m0;
            w[8 + k] = d1 * static_cast<float>(q >> 4) - m1;
        }
        base0 = 256 * s + 64 * g + 8 * i;
        base1 = base0 + 32;
    }
};

// Q5_K (176 bytes: d, dmin, scales[12], qh[32], qs[128]): Q4_K with a fifth
// bit: element 64g + l takes bit 2g of qh[l], element 64g + 32 + l bit 2g + 1.
template <>
struct Chunk<GgmlType::Q5_K> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const int s = c >> 4, j = c & 15, g = j >> 2, i = j & 3;
        const std::uint8_t* p = row + 176 * s;
        const float d = halfBits(load16(p)), dmin = halfBits(load16(p + 2));
        int sc0, mn0, sc1, mn1;
        scaleMinK4(p + 4, 2 * g, sc0, mn0);
        scaleMinK4(p + 4, 2 * g + 1, sc1, mn1);
        const float d0 = d * sc0, m0 = dmin * mn0, d1 = d * sc1, m1 = dmin * mn1;
        std::uint32_t lo, hi, hlo, hhi;
        load8(p + 48 + 32 * g + 8 * i, lo, hi);
        load8(p + 16 + 8 * i, hlo, hhi);
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int q = byteOf(lo, hi, k);
            const int bits = byteOf(hlo, hhi, k);
            w[k] = d0 * static_cast<float>((q & 0xF) | (((bits >> (2 * g)) & 1) << 4)) - m0;
            w[8 + k] = d1 * static_cast<float>((q >> 4) | (((bits >> (2 * g + 1)) & 1) << 4)) - m1;
        }
        base0 = 256 * s + 64 * g + 8 * i;
        base1 = base0 + 32;
    }
};

// Q6_K (210 bytes: ql[128], qh[64], scales[16], d). Chunk c: super-block c >> 4,
// j = c & 15, half h = j >> 3, r = j & 7, pair = r >> 2, l0 = 8 (r & 3): the
// 8 bytes ql[64h + 32 pair + l0 ..] hold elements 128h + 32 pair + l0 + k (low
// nibbles, top bits m = pair of qh) and 128h + 64 + 32 pair + l0 + k (high
// nibbles, m = pair + 2); the top two bits are bits 2m, 2m+1 of qh[32h + l0 + k];
// w = d scales[element / 16] (q - 32).
template <>
struct Chunk<GgmlType::Q6_K> {
    __device__ static void decode(const std::uint8_t* row, int c, float* w, int& base0, int& base1)
    {
        const int s = c >> 4, j = c & 15, h = j >> 3, r = j & 7, pair = r >> 2, l0 = 8 * (r & 3);
        const std::uint8_t* p = row + 210 * s;
        const float d = halfBits(load16(p + 208));
        const int e0 = 128 * h + 32 * pair + l0;  // element of w[0] within the super-block
        const float d0 = d * static_cast<float>(static_cast<std::int8_t>(p[192 + e0 / 16]));
        const float d1 = d * static_cast<float>(static_cast<std::int8_t>(p[192 + (e0 + 64) / 16]));
        std::uint32_t lo, hi, hlo, hhi;
        load8Aligned2(p + 64 * h + 32 * pair + l0, lo, hi);
        load8Aligned2(p + 128 + 32 * h + l0, hlo, hhi);
        const int m0 = pair, m1 = pair + 2;
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const int q = byteOf(lo, hi, k);
            const int bits = byteOf(hlo, hhi, k);
            w[k] = d0 * static_cast<float>(((q & 0xF) | (((bits >> (2 * m0)) & 3) << 4)) - 32);
            w[8 + k] = d1 * static_cast<float>(((q >> 4) | (((bits >> (2 * m1)) & 3) << 4)) - 32);
        }
        base0 = 256 * s + e0;
        base1 = base0 + 64;
    }
};

} // namespace qiusuo::cuda::detail

/// Calls F<T>::run(args...) for the GgmlType value `type` (host side), or
/// returns false for a type the GPU kernels do not read.
#define QIUSUO_CUDA_DISPATCH_TYPE(type, CALL)                                          \
    switch (type) {                                                                    \
    case ::qiusuo::gguf::GgmlType::F32: { constexpr auto kT = ::qiusuo::gguf::GgmlType::F32; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::F16: { constexpr auto kT = ::qiusuo::gguf::GgmlType::F16; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::BF16: { constexpr auto kT = ::qiusuo::gguf::GgmlType::BF16; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q4_0: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q4_0; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q5_0: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q5_0; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q8_0: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q8_0; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q4_K: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q4_K; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q5_K: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q5_K; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q6_K: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q6_K; CALL; break; } \
    default: throw ::qiusuo::Error("the GPU kernels cannot read weights of this type"); \
    }
