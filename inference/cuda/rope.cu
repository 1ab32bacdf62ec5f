// RoPE on q and k, fused with storing k and v into the F16 cache. One thread
// per rotated pair (of every q and k head), one per cached element.
//
// Pair i turns by theta = pos · freq[i] (freq precomputed on the host in
// double, as the CPU engine does), cos and sin times attnFactor; its members
// are (2i, 2i+1) in the Normal layout and (i, i + ropeDims/2) in NeoX.
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace qiusuo::cuda {

namespace {

constexpr int kThreads = 256;

__global__ void ropeKernel(float* q, float* k, int n, int qHeads, int kvHeads, int headDim, int pairs,
                           bool neox, const double* __restrict__ freq, float attnFactor,
                           const std::int32_t* __restrict__ pos0)
{
    const int heads = qHeads + kvHeads;
    const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (idx >= static_cast<std::int64_t>(n) * heads * pairs)
        return;
    const int i = static_cast<int>(idx % pairs);
    const int h = static_cast<int>((idx / pairs) % heads);
    const int t = static_cast<int>(idx / (static_cast<std::int64_t>(pairs) * heads));
    float* x = h < qHeads ? q + (static_cast<std::int64_t>(t) * qHeads + h) * headDim
                          : k + (static_cast<std::int64_t>(t) * kvHeads + (h - qHeads)) * headDim;
    double s, c;
    sincos(static_cast<double>(*pos0 + t) * freq[i], &s, &c);
    const float cf = static_cast<float>(c) * attnFactor;
    const float sf = static_cast<float>(s) * attnFactor;
    float* a = neox ? x + i : x + 2 * i;
    float* b = neox ? a + pairs : a + 1;
    const float x0 = *a, x1 = *b;
    *a = x0 * cf - x1 * sf;
    *b = x0 * sf + x1 * cf;
}

__global__ void storeKvKernel(const float* __restrict__ k, const float* __restrict__ v, int n, int kvHeads,
                              int headDim, const std::int32_t* __restrict__ pos0, __half* kCache, __half* vCache,
                              int context)
{
    const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    const std::int64_t perToken = static_cast<std::int64_t>(kvHeads) * headDim;
    if (idx >= n * perToken)
        return;
    const int t = static_cast<int>(idx / perToken);
    const int h = static_cast<int>((idx % perToken) / headDim);
    const int d = static_cast<int>(idx % headDim);
    const std::int64_t dst = (static_cast<std::int64_t>(h) * context + (*pos0 + t)) * headDim + d;
    kCache[dst] = __float2half_rn(k[idx]);
    vCache[dst] = __float2half_rn(v[idx]);
}

} // namespace

void ropeAndStoreKv(float* q, float* k, const float* v, std::int32_t n, std::int32_t qHeads, std::int32_t kvHeads,
                    const RopeParams& rope, const std::int32_t* pos0, void* kCache, void* vCache,
                    std::int32_t context, Stream stream)
{
    if (n <= 0)
        return;
    const int pairs = rope.ropeDims / 2;
    const std::int64_t rotations = static_cast<std::int64_t>(n) * (qHeads + kvHeads) * pairs;
    if (rotations > 0) {
        ropeKernel<<<static_cast<unsigned>((rotations + kThreads - 1) / kThreads), kThreads, 0, stream>>>(
            q, k, n, qHeads, kvHeads, rope.headDim, pairs, rope.layout == RopeLayout::NeoX, rope.freq,
            rope.attnFactor, pos0);
        check(cudaGetLastError(), "RoPE");
    }
    const std::int64_t elements = static_cast<std::int64_t>(n) * kvHeads * rope.headDim;
    storeKvKernel<<<static_cast<unsigned>((elements + kThreads - 1) / kThreads), kThreads, 0, stream>>>(
        k, v, n, kvHeads, rope.headDim, pos0, static_cast<__half*>(kCache), static_cast<__half*>(vCache), context);
    check(cudaGetLastError(), "storing the KV cache");
}

} // namespace qiusuo::cuda
