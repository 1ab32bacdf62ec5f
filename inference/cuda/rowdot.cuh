#pragma once
// One weight row's dot product with an activation, computed by one warp: the
// building block of the decode products (matvec.cu) and of the expert
// products (moe.cu), which differ only in where their rows start. Lanes take
// neighbouring 16-weight chunks (quantblocks.cuh), so a warp reads
// consecutive bytes; the F32 form multiplies decoded weights with F32
// activations, the Q8 form takes 8-bit activations (matvecq8.cuh).

#include "inference/cuda/matvecq8.cuh"
#include "inference/cuda/quantblocks.cuh"

namespace qiusuo::cuda::detail {

__device__ __forceinline__ float warpSum(float v)
{
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        v += __shfl_xor_sync(0xFFFFFFFFu, v, off);
    return v;
}

__device__ __forceinline__ float dot8(const float* w, const float* x)
{
    const float4 a = *reinterpret_cast<const float4*>(x);
    const float4 b = *reinterpret_cast<const float4*>(x + 4);
    return w[0] * a.x + w[1] * a.y + w[2] * a.z + w[3] * a.w + w[4] * b.x + w[5] * b.y + w[6] * b.z + w[7] * b.w;
}

/// Row · x (F32) over `chunks` 16-weight chunks; every lane gets the sum.
template <GgmlType T>
__device__ __forceinline__ float rowDot(const std::uint8_t* row, int chunks, const float* x, int lane)
{
    float sum = 0.0f;
#pragma unroll 2
    for (int c = lane; c < chunks; c += 32) {
        float w[16];
        int b0, b1;
        Chunk<T>::decode(row, c, w, b0, b1);
        sum += dot8(w, x + b0) + dot8(w + 8, x + b1);
    }
    return warpSum(sum);
}

/// Row · x with x quantized (q, d) over `cols` elements; every lane gets the sum.
template <GgmlType T>
__device__ __forceinline__ float rowDotQ8(const std::uint8_t* row, int cols, const std::int8_t* xq, const float* xd,
                                          int lane)
{
    const int chunks = cols / ChunkQ8<T>::kWeights;
    float sum = 0.0f;
#pragma unroll 2
    for (int c = lane; c < chunks; c += 32)
        sum += ChunkQ8<T>::dot(row, c, xq, xd);
    return warpSum(sum);
}

/// Two rows' dot products with the same quantized x in one pass: twice the
/// weight loads in flight per lane, one pass over x.
template <GgmlType T>
__device__ __forceinline__ void rowDotQ8Pair(const std::uint8_t* rowA, const std::uint8_t* rowB, int cols,
                                             const std::int8_t* xq, const float* xd, int lane, float& a, float& b)
{
    const int chunks = cols / ChunkQ8<T>::kWeights;
    float sa = 0.0f, sb = 0.0f;
#pragma unroll 2
    for (int c = lane; c < chunks; c += 32) {
        sa += ChunkQ8<T>::dot(rowA, c, xq, xd);
        sb += ChunkQ8<T>::dot(rowB, c, xq, xd);
    }
    a = warpSum(sa);
    b = warpSum(sb);
}

} // namespace qiusuo::cuda::detail

/// As QIUSUO_CUDA_DISPATCH_TYPE for the types the integer products read.
#define QIUSUO_CUDA_DISPATCH_Q8(type, CALL)                                                        \
    switch (type) {                                                                                \
    case ::qiusuo::gguf::GgmlType::Q4_0: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q4_0; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q8_0: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q8_0; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q4_K: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q4_K; CALL; break; } \
    case ::qiusuo::gguf::GgmlType::Q6_K: { constexpr auto kT = ::qiusuo::gguf::GgmlType::Q6_K; CALL; break; } \
    default: throw ::qiusuo::Error("the integer GPU products do not read weights of this type");   \
    }
