#pragma once
// Integer dot products of weight chunks (see quantblocks.cuh for the chunk
// layout) with 8-bit activations: each chunk's 16 weights are unpacked into
// four 32-bit words of bytes and multiplied with the activation bytes by
// __dp4a, four products per instruction; the block scales are applied once
// per chunk. Weights with an offset (Q4_0's 8, Q6_K's 32) or a min (Q4_K)
// take the sum of the activation bytes, also by __dp4a.

#include "inference/cuda/quantblocks.cuh"

namespace qiusuo::cuda::detail {

__device__ __forceinline__ void loadX8(const std::int8_t* xq, int e, int& a, int& b)
{
    const int2 v = *reinterpret_cast<const int2*>(xq + e);
    a = v.x;
    b = v.y;
}

__device__ __forceinline__ int sum8(int a, int b)
{
    return __dp4a(0x01010101, a, __dp4a(0x01010101, b, 0));
}

template <GgmlType T>
struct ChunkQ8;

template <>
struct ChunkQ8<GgmlType::Q8_0> {
    static constexpr int kWeights = 16;
    __device__ static float dot(const std::uint8_t* row, int c, const std::int8_t* xq, const float* xd)
    {
        const int b = c >> 1, h = c & 1;
        const std::uint8_t* p = row + 34 * b;
        const float d = halfBits(load16(p));
        std::uint32_t w0, w1, w2, w3;
        load8Aligned2(p + 2 + 16 * h, w0, w1);
        load8Aligned2(p + 10 + 16 * h, w2, w3);
        const int e = 32 * b + 16 * h;
        const int4 x = *reinterpret_cast<const int4*>(xq + e);
        int s = __dp4a(static_cast<int>(w0), x.x, 0);
        s = __dp4a(static_cast<int>(w1), x.y, s);
        s = __dp4a(static_cast<int>(w2), x.z, s);
        s = __dp4a(static_cast<int>(w3), x.w, s);
        return d * xd[b] * static_cast<float>(s);
    }
};

template <>
struct ChunkQ8<GgmlType::Q4_0> {
    static constexpr int kWeights = 16;
    __device__ static float dot(const std::uint8_t* row, int c, const std::int8_t* xq, const float* xd)
    {
        const int b = c >> 1, h = c & 1;
        const std::uint8_t* p = row + 18 * b;
        const float d = halfBits(load16(p));
        std::uint32_t lo, hi;
        load8Aligned2(p + 2 + 8 * h, lo, hi);
        const int e0 = 32 * b + 8 * h, e1 = e0 + 16;
        int x0, x1, x2, x3;
        loadX8(xq, e0, x0, x1);
        loadX8(xq, e1, x2, x3);
        int s = __dp4a(static_cast<int>(lo & 0x0F0F0F0Fu), x0, 0);
        s = __dp4a(static_cast<int>(hi & 0x0F0F0F0Fu), x1, s);
        s = __dp4a(static_cast<int>((lo >> 4) & 0x0F0F0F0Fu), x2, s);
        s = __dp4a(static_cast<int>((hi >> 4) & 0x0F0F0F0Fu), x3, s);
        const int sx = sum8(x0, x1) + sum8(x2, x3);
        return d * xd[b] * static_cast<float>(s - 8 * sx);
    }
};

template <>
struct ChunkQ8<GgmlType::Q4_K> {
    static constexpr int kWeights = 16;
    __device__ static float dot(const std::uint8_t* row, int c, const std::int8_t* xq, const float* xd)
    {
        const int s = c >> 4, j = c & 15, g = j >> 2, i = j & 3;
        const std::uint8_t* p = row + 144 * s;
        const float d = halfBits(load16(p)), dmin = halfBits(load16(p + 2));
        int sc0, mn0, sc1, mn1;
        scaleMinK4(p + 4, 2 * g, sc0, mn0);
        scaleMinK4(p + 4, 2 * g + 1, sc1, mn1);
        std::uint32_t lo, hi;
        load8(p + 16 + 32 * g + 8 * i, lo, hi);
        const int e0 = 256 * s + 64 * g + 8 * i, e1 = e0 + 32;
        int x0, x1, x2, x3;
        loadX8(xq, e0, x0, x1);
        loadX8(xq, e1, x2, x3);
        const int s0 = __dp4a(static_cast<int>(lo & 0x0F0F0F0Fu), x0, __dp4a(static_cast<int>(hi & 0x0F0F0F0Fu), x1, 0));
        const int s1 = __dp4a(static_cast<int>((lo >> 4) & 0x0F0F0F0Fu), x2,
                              __dp4a(static_cast<int>((hi >> 4) & 0x0F0F0F0Fu), x3, 0));
        const float v0 = d * static_cast<float>(sc0 * s0) - dmin * static_cast<float>(mn0 * sum8(x0, x1));
        const float v1 = d * static_cast<float>(sc1 * s1) - dmin * static_cast<float>(mn1 * sum8(x2, x3));
        return xd[e0 / 32] * v0 + xd[e1 / 32] * v1;
    }
};

template <>
struct ChunkQ8<GgmlType::Q6_K> {
    static constexpr int kWeights = 16;
    __device__ static float dot(const std::uint8_t* row, int c, const std::int8_t* xq, const float* xd)
    {
        const int s = c >> 4, j = c & 15, h = j >> 3, r = j & 7, pair = r >> 2, l0 = 8 * (r & 3);
        const std::uint8_t* p = row + 210 * s;
        const float d = halfBits(load16(p + 208));
        const int e0 = 128 * h + 32 * pair + l0, e1 = e0 + 64;  // within the super-block
        const float d0 = d * static_cast<float>(static_cast<std::int8_t>(p[192 + e0 / 16]));
        const float d1 = d * static_cast<float>(static_cast<std::int8_t>(p[192 + e1 / 16]));
        std::uint32_t lo, hi, hlo, hhi;
        load8Aligned2(p + 64 * h + 32 * pair + l0, lo, hi);
        load8Aligned2(p + 128 + 32 * h + l0, hlo, hhi);
        const int m0 = 2 * pair, m1 = 2 * (pair + 2);
        const int q0 = static_cast<int>((lo & 0x0F0F0F0Fu) | (((hlo >> m0) & 0x03030303u) << 4));
        const int q1 = static_cast<int>((hi & 0x0F0F0F0Fu) | (((hhi >> m0) & 0x03030303u) << 4));
        const int q2 = static_cast<int>(((lo >> 4) & 0x0F0F0F0Fu) | (((hlo >> m1) & 0x03030303u) << 4));
        const int q3 = static_cast<int>(((hi >> 4) & 0x0F0F0F0Fu) | (((hhi >> m1) & 0x03030303u) << 4));
        int x0, x1, x2, x3;
        loadX8(xq, 256 * s + e0, x0, x1);
        loadX8(xq, 256 * s + e1, x2, x3);
        const int s0 = __dp4a(q0, x0, __dp4a(q1, x1, 0)) - 32 * sum8(x0, x1);
        const int s1 = __dp4a(q2, x2, __dp4a(q3, x3, 0)) - 32 * sum8(x2, x3);
        return xd[(256 * s + e0) / 32] * d0 * static_cast<float>(s0) + xd[(256 * s + e1) / 32] * d1 * static_cast<float>(s1);
    }
};

} // namespace qiusuo::cuda::detail
