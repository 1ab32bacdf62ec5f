// Causal attention over the F16 KV cache, F32 arithmetic with an online
// softmax (running max m, running sum l, rescaled accumulator).
//
// Decode (one query): flash-decoding. The positions 0..pos are cut into
// splits of kSplit; block (head, split) reduces its positions with four warps
// (each a strided subset), merges them, and writes (m, l, acc[headDim]); a
// second kernel merges the splits of each head. Blocks past the last position
// exit at once, so the grid can be sized for the whole context and a captured
// CUDA graph serves every position.
//
// Prefill (n queries): one warp per (query, head) walks its causal range.
// Within a warp, lane j holds dimensions j, j+32, ... of q, the accumulator
// and each key/value row it reads.
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"
#include "inference/cuda/warpquant.cuh"
#include "inference/error.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace qiusuo::cuda {

namespace {

constexpr int kSplit = 32;        // positions per decode block: many blocks, short serial chains
constexpr int kWarps = 4;
constexpr int kMaxDimsPerLane = 8;  // headDim <= 256
constexpr float kEmpty = -1e30f;    // running max of a warp that saw no position

struct Running {
    float m = kEmpty;
    float l = 0.0f;
    float acc[kMaxDimsPerLane] = {};
};

/// Folds positions first, first+stride, ... < end into `r`.
template <int ND>
__device__ void attendRange(const float* qv, const __half* __restrict__ keys, const __half* __restrict__ values,
                            int headDim, int first, int end, int stride, int lane, Running& r)
{
    for (int p = first; p < end; p += stride) {
        const __half* kr = keys + static_cast<std::int64_t>(p) * headDim;
        float dot = 0.0f;
#pragma unroll
        for (int i = 0; i < ND; ++i)
            dot += qv[i] * __half2float(kr[lane + 32 * i]);
#pragma unroll
        for (int off = 16; off > 0; off >>= 1)
            dot += __shfl_xor_sync(0xFFFFFFFFu, dot, off);
        const float mNew = fmaxf(r.m, dot);
        const float corr = __expf(r.m - mNew);
        const float pw = __expf(dot - mNew);
        r.l = r.l * corr + pw;
        const __half* vr = values + static_cast<std::int64_t>(p) * headDim;
#pragma unroll
        for (int i = 0; i < ND; ++i)
            r.acc[i] = r.acc[i] * corr + pw * __half2float(vr[lane + 32 * i]);
        r.m = mNew;
    }
}

/// One warp per (head, split of kSplit = 32 positions): lane j scores
/// position begin + j on its own (its key row read with 16-byte loads, q from
/// shared memory), the warp takes the softmax of the 32 scores at once, then
/// every lane accumulates its dimensions over the 32 value rows. All loads
/// are independent, so the latency is paid about twice per block, not per
/// position.
template <int ND>
__global__ void decodeKernel(const float* __restrict__ q, const __half* __restrict__ kCache,
                             const __half* __restrict__ vCache, const std::int32_t* __restrict__ pos0, int heads,
                             int kvHeads, int headDim, int context, float scale, float* __restrict__ partial)
{
    const int head = blockIdx.x;
    const int split = blockIdx.y;
    const int positions = *pos0 + 1;
    const int begin = split * kSplit;
    if (begin >= positions)
        return;
    const int lane = threadIdx.x;
    const int kvh = head / (heads / kvHeads);
    const std::int64_t base = static_cast<std::int64_t>(kvh) * context * headDim;

    __shared__ float sq[kMaxDimsPerLane * 32];
    for (int d = lane; d < headDim; d += 32)
        sq[d] = q[static_cast<std::int64_t>(head) * headDim + d] * scale;
    __syncwarp();

    const int p = begin + lane;
    const bool valid = p < positions;
    float score = kEmpty;
    if (valid) {
        const uint4* kr = reinterpret_cast<const uint4*>(kCache + base + static_cast<std::int64_t>(p) * headDim);
        float dot = 0.0f;
#pragma unroll
        for (int c = 0; c < ND * 4; ++c) {
            const uint4 w = kr[c];
            const __half2* h = reinterpret_cast<const __half2*>(&w);
#pragma unroll
            for (int i = 0; i < 4; ++i) {
                const float2 f = __half22float2(h[i]);
                dot += f.x * sq[8 * c + 2 * i] + f.y * sq[8 * c + 2 * i + 1];
            }
        }
        score = dot;
    }
    float m = score;
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        m = fmaxf(m, __shfl_xor_sync(0xFFFFFFFFu, m, off));
    const float e = valid ? __expf(score - m) : 0.0f;
    float l = e;
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        l += __shfl_xor_sync(0xFFFFFFFFu, l, off);

    float acc[ND] = {};
    const int count = min(kSplit, positions - begin);
    const __half* vbase = vCache + base + static_cast<std::int64_t>(begin) * headDim;
#pragma unroll 4
    for (int j = 0; j < count; ++j) {
        const float pj = __shfl_sync(0xFFFFFFFFu, e, j);
        const __half* vr = vbase + static_cast<std::int64_t>(j) * headDim;
#pragma unroll
        for (int i = 0; i < ND; ++i)
            acc[i] += pj * __half2float(vr[lane + 32 * i]);
    }
    float* out = partial + (static_cast<std::int64_t>(head) * gridDim.y + split) * (headDim + 2);
#pragma unroll
    for (int i = 0; i < ND; ++i)
        out[2 + lane + 32 * i] = acc[i];
    if (lane == 0) {
        out[0] = m;
        out[1] = l;
    }
}

__global__ void combineKernel(const float* __restrict__ partial, const std::int32_t* __restrict__ pos0,
                              int splitsAllocated, int headDim, float* __restrict__ out, std::int8_t* __restrict__ q8,
                              float* __restrict__ d8)
{
    const int head = blockIdx.x;
    const int splits = (*pos0 + 1 + kSplit - 1) / kSplit;
    const float* p = partial + static_cast<std::int64_t>(head) * splitsAllocated * (headDim + 2);
    float m = kEmpty;
    for (int s = 0; s < splits; ++s)
        m = fmaxf(m, p[s * (headDim + 2)]);
    float l = 0.0f;
    for (int s = 0; s < splits; ++s)
        l += p[s * (headDim + 2) + 1] * __expf(p[s * (headDim + 2)] - m);
    for (int d = threadIdx.x; d < headDim; d += blockDim.x) {
        float a = 0.0f;
        for (int s = 0; s < splits; ++s)
            a += p[s * (headDim + 2) + 2 + d] * __expf(p[s * (headDim + 2)] - m);
        const float v = a / l;
        const std::int64_t i = static_cast<std::int64_t>(head) * headDim + d;
        out[i] = v;
        if (q8) {
            // Each warp holds one block of 32 (headDim % 32 == 0): quantize it
            // for the integer product with the output matrix.
            detail::quantizeWarpBlock(v, i, d & 31, q8, d8);
        }
    }
}

template <int ND>
__global__ void prefillKernel(const float* __restrict__ q, const __half* __restrict__ kCache,
                              const __half* __restrict__ vCache, const std::int32_t* __restrict__ pos0, int n,
                              int heads, int kvHeads, int headDim, int context, float scale, float* __restrict__ out)
{
    const int item = blockIdx.x * kWarps + threadIdx.x / 32;  // t * heads + head
    const int lane = threadIdx.x & 31;
    if (item >= n * heads)
        return;
    const int t = item / heads, head = item % heads;
    const int kvh = head / (heads / kvHeads);
    const std::int64_t base = static_cast<std::int64_t>(kvh) * context * headDim;
    const float* qr = q + static_cast<std::int64_t>(item) * headDim;
    float qv[ND];
#pragma unroll
    for (int i = 0; i < ND; ++i)
        qv[i] = qr[lane + 32 * i] * scale;
    Running r;
    attendRange<ND>(qv, kCache + base, vCache + base, headDim, 0, *pos0 + t + 1, 1, lane, r);
    float* o = out + static_cast<std::int64_t>(item) * headDim;
#pragma unroll
    for (int i = 0; i < ND; ++i)
        o[lane + 32 * i] = r.acc[i] / r.l;
}

int splitsFor(const AttentionShape& s)
{
    return (s.context + kSplit - 1) / kSplit;
}

void checkShape(const AttentionShape& s)
{
    if (s.headDim % 32 != 0 || s.headDim > 32 * kMaxDimsPerLane || s.heads % s.kvHeads != 0)
        throw Error("the GPU attention kernels need a head size that is a multiple of 32 up to 256 (this model's is " +
                    std::to_string(s.headDim) + ")");
}

#define QIUSUO_ATTENTION_DIMS(nd, CALL)                \
    switch (nd) {                                      \
    case 1: { constexpr int kNd = 1; CALL; break; }   \
    case 2: { constexpr int kNd = 2; CALL; break; }   \
    case 3: { constexpr int kNd = 3; CALL; break; }   \
    case 4: { constexpr int kNd = 4; CALL; break; }   \
    case 5: { constexpr int kNd = 5; CALL; break; }   \
    case 6: { constexpr int kNd = 6; CALL; break; }   \
    case 7: { constexpr int kNd = 7; CALL; break; }   \
    default: { constexpr int kNd = 8; CALL; break; }  \
    }

} // namespace

std::size_t decodeAttentionScratchFloats(const AttentionShape& shape)
{
    return static_cast<std::size_t>(shape.heads) * static_cast<std::size_t>(splitsFor(shape)) *
           static_cast<std::size_t>(shape.headDim + 2);
}

void attentionDecode(const float* q, const void* kCache, const void* vCache, const std::int32_t* pos0,
                     const AttentionShape& shape, float* scratch, float* out, Stream stream,
                     const QuantizedActivations* out8)
{
    checkShape(shape);
    const dim3 grid(static_cast<unsigned>(shape.heads), static_cast<unsigned>(splitsFor(shape)));
    const auto* k = static_cast<const __half*>(kCache);
    const auto* v = static_cast<const __half*>(vCache);
    QIUSUO_ATTENTION_DIMS(shape.headDim / 32,
                          (decodeKernel<kNd><<<grid, 32, 0, stream>>>(
                              q, k, v, pos0, shape.heads, shape.kvHeads, shape.headDim, shape.context, shape.scale,
                              scratch)));
    check(cudaGetLastError(), "attention (decode)");
    combineKernel<<<shape.heads, 128, 0, stream>>>(scratch, pos0, splitsFor(shape), shape.headDim, out,
                                                   out8 ? out8->q : nullptr, out8 ? out8->d : nullptr);
    check(cudaGetLastError(), "attention (combining splits)");
}

void attentionPrefill(const float* q, const void* kCache, const void* vCache, const std::int32_t* pos0,
                      std::int32_t n, const AttentionShape& shape, float* out, Stream stream)
{
    checkShape(shape);
    if (n <= 0)
        return;
    const int items = n * shape.heads;
    const auto* k = static_cast<const __half*>(kCache);
    const auto* v = static_cast<const __half*>(vCache);
    QIUSUO_ATTENTION_DIMS(shape.headDim / 32,
                          (prefillKernel<kNd><<<(items + kWarps - 1) / kWarps, 32 * kWarps, 0, stream>>>(
                              q, k, v, pos0, n, shape.heads, shape.kvHeads, shape.headDim, shape.context,
                              shape.scale, out)));
    check(cudaGetLastError(), "attention (prefill)");
}

} // namespace qiusuo::cuda
