// RoPE on q and k, fused with storing k and v into the F16 cache: one thread
// per pair of dimensions of every q and k head.
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

/// Thread per (token, head, slot), slot < headDim / 2. Slots below ropeDims/2
/// rotate pair `slot`; the others carry two unrotated dimensions past
/// ropeDims. Key heads also write their two (rotated) key and value elements
/// to the cache, so every cached element is written exactly once.
__global__ void ropeStoreKernel(float* q, float* k, const float* __restrict__ v, int n, int qHeads, int kvHeads,
                                int headDim, int pairs, bool neox, const double* __restrict__ freq, float attnFactor,
                                const std::int32_t* __restrict__ pos0, __half* kCache, __half* vCache, int context)
{
    const int heads = qHeads + kvHeads;
    const int slots = headDim / 2;
    const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (idx >= static_cast<std::int64_t>(n) * heads * slots)
        return;
    const int slot = static_cast<int>(idx % slots);
    const int h = static_cast<int>((idx / slots) % heads);
    const int t = static_cast<int>(idx / (static_cast<std::int64_t>(slots) * heads));
    const bool isKey = h >= qHeads;
    const int kvh = h - qHeads;
    const std::int64_t rowOffset = isKey ? (static_cast<std::int64_t>(t) * kvHeads + kvh) * headDim
                                         : (static_cast<std::int64_t>(t) * qHeads + h) * headDim;
    float* x = (isKey ? k : q) + rowOffset;
    const int pos = *pos0 + t;
    int a, b;
    if (slot < pairs) {
        a = neox ? slot : 2 * slot;
        b = neox ? slot + pairs : a + 1;
        double sn, cs;
        sincos(static_cast<double>(pos) * freq[slot], &sn, &cs);
        const float cf = static_cast<float>(cs) * attnFactor;
        const float sf = static_cast<float>(sn) * attnFactor;
        const float x0 = x[a], x1 = x[b];
        x[a] = x0 * cf - x1 * sf;
        x[b] = x0 * sf + x1 * cf;
    } else {
        a = 2 * pairs + 2 * (slot - pairs);
        b = a + 1;
    }
    if (isKey) {
        const std::int64_t dst = (static_cast<std::int64_t>(kvh) * context + pos) * headDim;
        kCache[dst + a] = __float2half_rn(x[a]);
        kCache[dst + b] = __float2half_rn(x[b]);
        const float* vr = v + rowOffset;
        vCache[dst + a] = __float2half_rn(vr[a]);
        vCache[dst + b] = __float2half_rn(vr[b]);
    }
}

} // namespace

void ropeAndStoreKv(float* q, float* k, const float* v, std::int32_t n, std::int32_t qHeads, std::int32_t kvHeads,
                    const RopeParams& rope, const std::int32_t* pos0, void* kCache, void* vCache,
                    std::int32_t context, Stream stream)
{
    if (n <= 0)
        return;
    const std::int64_t threads = static_cast<std::int64_t>(n) * (qHeads + kvHeads) * (rope.headDim / 2);
    ropeStoreKernel<<<static_cast<unsigned>((threads + kThreads - 1) / kThreads), kThreads, 0, stream>>>(
        q, k, v, n, qHeads, kvHeads, rope.headDim, rope.ropeDims / 2, rope.layout == RopeLayout::NeoX, rope.freq,
        rope.attnFactor, pos0, static_cast<__half*>(kCache), static_cast<__half*>(vCache), context);
    check(cudaGetLastError(), "RoPE and the KV cache");
}

} // namespace qiusuo::cuda
