// Multi-head Latent Attention (DeepSeek-V2/V3) in its absorbed form, the one
// the CPU uses for decode (models/mlaattention.h has the math):
//   prepare:  c = RMSNorm(c)·w, k_pe and every head's q_pe rotated (RoPE on
//             adjacent pairs, YaRN frequencies from the host); [c | k_pe]
//             stored in the layer's F32 cache [context][rank + rope];
//   absorb:   q_abs[h] = [K_hᵀ q_nope[h] | q_pe[h]]   (K_h: F32 [nope][rank]);
//   attend:   s_p = scale · q_abs[h] · cache[p], o_lat[h] = Σ softmax(s)_p c_p;
//   value:    out[h] = V_h o_lat[h]                    (V_h: F32 [valueDim][rank]).
// Attention is split over the sequence as in attention.cu: block (item,
// split) scores kSplit positions (a warp per position, lanes over the
// latent), takes their softmax against its own maximum and writes
// (m, l, Σ e·c); a second kernel merges the splits of each (token, head).
// Blocks past the last visible position exit at once, so the grid is sized
// for the whole context and one captured graph serves every position.
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"
#include "inference/error.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <string>

namespace qiusuo::cuda {

namespace {

constexpr int kSplit = 64;           // positions per attention block
constexpr int kThreads = 128;        // four warps
constexpr int kPrepareThreads = 256;

__device__ __forceinline__ float warpSum(float v)
{
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        v += __shfl_xor_sync(0xFFFFFFFFu, v, off);
    return v;
}

/// Rotates pair i, (x0, x1), by pos·freq[i] as models::Rope::apply does
/// (angle and its cosine and sine in double, rounded to F32).
__device__ __forceinline__ void rotate(float x0, float x1, int i, int pos, const double* freq, float& y0, float& y1)
{
    double sn, cs;
    sincos(static_cast<double>(pos) * freq[i], &sn, &cs);
    const float c = static_cast<float>(cs), s = static_cast<float>(sn);
    y0 = x0 * c - x1 * s;
    y1 = x0 * s + x1 * c;
}

/// rank + ropeDims (MlaShape::width() is host code).
__device__ __forceinline__ int widthOf(const MlaShape& s)
{
    return s.rank + s.ropeDims;
}

/// Block per token.
__global__ void prepareKernel(float* __restrict__ q, const float* __restrict__ latent, MlaShape s,
                              const float* __restrict__ norm, float eps, const double* __restrict__ freq,
                              const std::int32_t* __restrict__ pos0, float* __restrict__ cache)
{
    const int t = blockIdx.x;
    const int pos = *pos0 + t;
    const int width = widthOf(s);
    const float* in = latent + static_cast<std::int64_t>(t) * width;
    float* out = cache + static_cast<std::int64_t>(pos) * width;

    // The sum of squares in double, as the CPU's rmsNorm.
    __shared__ double partial[kPrepareThreads / 32];
    double sum = 0.0;
    for (int i = threadIdx.x; i < s.rank; i += kPrepareThreads)
        sum += static_cast<double>(in[i]) * in[i];
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        sum += __shfl_xor_sync(0xFFFFFFFFu, sum, off);
    if ((threadIdx.x & 31) == 0)
        partial[threadIdx.x / 32] = sum;
    __syncthreads();
    double total = 0.0;
    for (int w = 0; w < kPrepareThreads / 32; ++w)
        total += partial[w];
    const float mean = static_cast<float>(total / s.rank);
    const float scale = 1.0f / sqrtf(mean + eps);
    for (int i = threadIdx.x; i < s.rank; i += kPrepareThreads)
        out[i] = in[i] * scale * norm[i];

    const int pairs = s.ropeDims / 2;
    for (int i = threadIdx.x; i < pairs; i += kPrepareThreads)
        rotate(in[s.rank + 2 * i], in[s.rank + 2 * i + 1], i, pos, freq, out[s.rank + 2 * i], out[s.rank + 2 * i + 1]);
    const int keyDim = s.nopeDims + s.ropeDims;
    for (int j = threadIdx.x; j < s.heads * pairs; j += kPrepareThreads) {
        const int h = j / pairs, i = j % pairs;
        float* x = q + (static_cast<std::int64_t>(t) * s.heads + h) * keyDim + s.nopeDims + 2 * i;
        rotate(x[0], x[1], i, pos, freq, x[0], x[1]);
    }
}

/// Thread per (token, head, element of the absorbed query).
__global__ void absorbKernel(const float* __restrict__ q, const float* __restrict__ kAbs, int n, MlaShape s,
                             float* __restrict__ qAbs)
{
    const int width = widthOf(s);
    const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (idx >= static_cast<std::int64_t>(n) * s.heads * width)
        return;
    const int r = static_cast<int>(idx % width);
    const std::int64_t item = idx / width;  // t * heads + h
    const int h = static_cast<int>(item % s.heads);
    const float* qh = q + item * (s.nopeDims + s.ropeDims);
    float v;
    if (r < s.rank) {
        // Σ_d q_nope[d] K_h[d][r], in d order as the CPU.
        const float* k = kAbs + static_cast<std::int64_t>(h) * s.nopeDims * s.rank + r;
        v = 0.0f;
        for (int d = 0; d < s.nopeDims; ++d)
            v += qh[d] * k[static_cast<std::int64_t>(d) * s.rank];
    } else {
        v = qh[s.nopeDims + (r - s.rank)];
    }
    qAbs[idx] = v;
}

/// Block (item, split), item = token·heads + head over tokens first.. of
/// this pass; writes partial[item][split] = (m, l, acc[rank]).
__global__ void attendKernel(const float* __restrict__ qAbs, const float* __restrict__ cache,
                             const std::int32_t* __restrict__ pos0, int first, MlaShape s,
                             float* __restrict__ partial)
{
    extern __shared__ float shared[];
    const int width = widthOf(s);
    float* sq = shared;           // [width]
    float* sc = shared + width;   // [kSplit]
    __shared__ float stats[2];
    const int item = blockIdx.x;
    const int t = first + item / s.heads;
    const int visible = *pos0 + t + 1;
    const int begin = blockIdx.y * kSplit;
    if (begin >= visible)
        return;
    const int count = min(kSplit, visible - begin);
    const float* qr = qAbs + static_cast<std::int64_t>(item) * width;
    for (int i = threadIdx.x; i < width; i += kThreads)
        sq[i] = qr[i];
    __syncthreads();

    const int warp = threadIdx.x / 32, lane = threadIdx.x & 31;
    for (int j = warp; j < count; j += kThreads / 32) {
        const float* row = cache + static_cast<std::int64_t>(begin + j) * width;
        float dot = 0.0f;
        for (int i = lane; i < width; i += 32)
            dot += sq[i] * row[i];
        dot = warpSum(dot);
        if (lane == 0)
            sc[j] = dot * s.scale;
    }
    __syncthreads();
    if (warp == 0) {
        float m = -INFINITY;
        for (int j = lane; j < count; j += 32)
            m = fmaxf(m, sc[j]);
#pragma unroll
        for (int off = 16; off > 0; off >>= 1)
            m = fmaxf(m, __shfl_xor_sync(0xFFFFFFFFu, m, off));
        float l = 0.0f;
        for (int j = lane; j < count; j += 32) {
            const float e = expf(sc[j] - m);
            sc[j] = e;
            l += e;
        }
        l = warpSum(l);
        if (lane == 0) {
            stats[0] = m;
            stats[1] = l;
        }
    }
    __syncthreads();
    float* out = partial + (static_cast<std::int64_t>(item) * gridDim.y + blockIdx.y) * (s.rank + 2);
    for (int r = threadIdx.x; r < s.rank; r += kThreads) {
        const float* c = cache + static_cast<std::int64_t>(begin) * width + r;
        float a = 0.0f;
        for (int j = 0; j < count; ++j)
            a += sc[j] * c[static_cast<std::int64_t>(j) * width];
        out[2 + r] = a;
    }
    if (threadIdx.x == 0) {
        out[0] = stats[0];
        out[1] = stats[1];
    }
}

/// Block per item: merges the splits that saw positions.
__global__ void combineKernel(const float* __restrict__ partial, const std::int32_t* __restrict__ pos0, int first,
                              int splitsAllocated, MlaShape s, float* __restrict__ oLat)
{
    const int item = blockIdx.x;
    const int t = first + item / s.heads;
    const int splits = (*pos0 + t + 1 + kSplit - 1) / kSplit;
    const float* p = partial + static_cast<std::int64_t>(item) * splitsAllocated * (s.rank + 2);
    float m = -INFINITY;
    for (int k = 0; k < splits; ++k)
        m = fmaxf(m, p[k * (s.rank + 2)]);
    float l = 0.0f;
    for (int k = 0; k < splits; ++k)
        l += p[k * (s.rank + 2) + 1] * expf(p[k * (s.rank + 2)] - m);
    float* o = oLat + static_cast<std::int64_t>(item) * s.rank;
    for (int r = threadIdx.x; r < s.rank; r += blockDim.x) {
        float a = 0.0f;
        for (int k = 0; k < splits; ++k)
            a += p[k * (s.rank + 2) + 2 + r] * expf(p[k * (s.rank + 2)] - m);
        o[r] = a / l;
    }
}

/// Warp per (token, head, value element): V_h[i] · o_lat[h], lanes over the latent.
__global__ void valueKernel(const float* __restrict__ oLat, const float* __restrict__ vAbs, int n, MlaShape s,
                            float* __restrict__ out)
{
    const std::int64_t w = (static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x) / 32;
    const int lane = threadIdx.x & 31;
    if (w >= static_cast<std::int64_t>(n) * s.heads * s.valueDim)
        return;
    const int i = static_cast<int>(w % s.valueDim);
    const std::int64_t item = w / s.valueDim;  // t * heads + h
    const int h = static_cast<int>(item % s.heads);
    const float* v = vAbs + (static_cast<std::int64_t>(h) * s.valueDim + i) * s.rank;
    const float* o = oLat + item * s.rank;
    float sum = 0.0f;
    for (int r = lane; r < s.rank; r += 32)
        sum += v[r] * o[r];
    sum = warpSum(sum);
    if (lane == 0)
        out[w] = sum;  // [t][h][i] = [t][h·valueDim + i]
}

int splitsFor(const MlaShape& s)
{
    return (s.context + kSplit - 1) / kSplit;
}

void checkShape(const MlaShape& s)
{
    if (s.heads <= 0 || s.nopeDims <= 0 || s.ropeDims <= 0 || s.ropeDims % 2 != 0 || s.rank <= 0 ||
        s.valueDim <= 0 || s.context <= 0 ||
        static_cast<std::size_t>(s.width() + kSplit) * sizeof(float) > 48 * 1024)
        throw Error("the GPU MLA kernels cannot take this model's attention shape (" + std::to_string(s.heads) +
                    " heads, latent " + std::to_string(s.rank) + " + " + std::to_string(s.ropeDims) + ")");
}

unsigned blocks(std::int64_t threads)
{
    return static_cast<unsigned>((threads + kThreads - 1) / kThreads);
}

} // namespace

void mlaPrepare(float* q, const float* latent, std::int32_t n, const MlaShape& shape, const float* norm, float eps,
                const double* freq, const std::int32_t* pos0, float* cache, Stream stream)
{
    checkShape(shape);
    if (n <= 0)
        return;
    prepareKernel<<<n, kPrepareThreads, 0, stream>>>(q, latent, shape, norm, eps, freq, pos0, cache);
    check(cudaGetLastError(), "MLA: normalising and storing the latent");
}

void mlaAbsorbQuery(const float* q, const float* kAbs, std::int32_t n, const MlaShape& shape, float* qAbs,
                    Stream stream)
{
    checkShape(shape);
    if (n <= 0)
        return;
    absorbKernel<<<blocks(static_cast<std::int64_t>(n) * shape.heads * shape.width()), kThreads, 0, stream>>>(
        q, kAbs, n, shape, qAbs);
    check(cudaGetLastError(), "MLA: absorbing the query");
}

std::size_t mlaAttentionScratchFloats(const MlaShape& shape, std::int32_t n)
{
    return static_cast<std::size_t>(std::max(n, 1)) * static_cast<std::size_t>(shape.heads) *
           static_cast<std::size_t>(splitsFor(shape)) * static_cast<std::size_t>(shape.rank + 2);
}

void mlaAttention(const float* qAbs, const float* cache, const std::int32_t* pos0, std::int32_t n,
                  const MlaShape& shape, std::int32_t scratchTokens, float* scratch, float* oLat, Stream stream)
{
    checkShape(shape);
    if (scratchTokens <= 0)
        throw Error("internal error: MLA attention without scratch");
    const int splits = splitsFor(shape);
    const std::size_t sharedBytes = static_cast<std::size_t>(shape.width() + kSplit) * sizeof(float);
    // Tokens in passes of at most scratchTokens, each pass's partials in `scratch`.
    for (std::int32_t first = 0; first < n; first += scratchTokens) {
        const std::int32_t count = std::min(scratchTokens, n - first);
        const dim3 grid(static_cast<unsigned>(count * shape.heads), static_cast<unsigned>(splits));
        const std::int64_t offset = static_cast<std::int64_t>(first) * shape.heads;
        attendKernel<<<grid, kThreads, sharedBytes, stream>>>(qAbs + offset * shape.width(), cache, pos0, first,
                                                              shape, scratch);
        check(cudaGetLastError(), "MLA attention");
        combineKernel<<<count * shape.heads, kThreads, 0, stream>>>(scratch, pos0, first, splits, shape,
                                                                    oLat + offset * shape.rank);
        check(cudaGetLastError(), "MLA attention (combining splits)");
    }
}

void mlaValue(const float* oLat, const float* vAbs, std::int32_t n, const MlaShape& shape, float* out, Stream stream)
{
    checkShape(shape);
    if (n <= 0)
        return;
    valueKernel<<<blocks(static_cast<std::int64_t>(n) * shape.heads * shape.valueDim * 32), kThreads, 0, stream>>>(
        oLat, vAbs, n, shape, out);
    check(cudaGetLastError(), "MLA: the values");
}

} // namespace qiusuo::cuda
