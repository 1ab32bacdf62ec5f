// Mixture-of-experts on the GPU (DeepSeek-V2/V3), for any number of tokens
// and without the host: the router writes the chosen expert ids to device
// memory and the expert products read them there, so a decode step needs no
// synchronisation and can be captured in a CUDA graph.
//
// Router (models::routeToken, moerouter.cpp): one warp per token. scores =
// softmax(logits) or sigmoid(logits); selection = scores + bias. With expert
// groups the groupsUsed groups whose two best selection scores sum highest
// are kept (ties to the lower group, as the CPU's stable sort), the others
// masked to -inf; then k rounds of a warp argmax take the best experts
// (ties to the lower id, as the CPU's comparator). Weights: the unbiased
// scores, divided by their sum (summed best first, as the CPU) when
// normalising, times the scale.
//
// Expert products: one warp per output row of one (token, slot) pair, the
// same row dot products as the decode matvec (rowdot.cuh) with the row
// pointer taken from the expert id: h[t][i] = silu(gate_e x) ⊙ (up_e x), and
// y[t] += Σ_i w_i · down_e h[t][i], summed by the warp that owns the row (no
// atomics: the result does not depend on scheduling).
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"
#include "inference/cuda/rowdot.cuh"
#include "inference/error.h"

#include <cuda_runtime.h>

#include <string>

namespace qiusuo::cuda {

namespace {

constexpr int kWarpsPerBlock = 4;
constexpr int kMaxExperts = 1024;
constexpr int kMaxUsed = 32;
constexpr int kMaxGroups = 32;

int blocksFor(std::int64_t rows)
{
    return static_cast<int>((rows + kWarpsPerBlock - 1) / kWarpsPerBlock);
}

/// A candidate of a warp argmax: index -1 never wins.
struct Candidate {
    float value;
    int index;
};

__device__ __forceinline__ Candidate better(Candidate a, Candidate b)
{
    if (a.index < 0)
        return b;
    if (b.index < 0)
        return a;
    return (a.value > b.value || (a.value == b.value && a.index < b.index)) ? a : b;
}

/// The best candidate over the warp (the same on every lane: `better` is a
/// total order, so the butterfly reduction is exact).
__device__ __forceinline__ Candidate warpBest(Candidate c)
{
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        Candidate o;
        o.value = __shfl_xor_sync(0xFFFFFFFFu, c.value, off);
        o.index = __shfl_xor_sync(0xFFFFFFFFu, c.index, off);
        c = better(c, o);
    }
    return c;
}

__global__ void routeKernel(const float* __restrict__ logits, const float* __restrict__ bias, MoeRouting r,
                            std::int32_t* __restrict__ experts, float* __restrict__ weights)
{
    __shared__ float score[kMaxExperts];
    __shared__ float select[kMaxExperts];
    __shared__ bool taken[kMaxExperts];
    __shared__ bool groupKept[kMaxGroups];
    __shared__ int chosen[kMaxUsed];
    __shared__ float total;
    const int t = blockIdx.x;
    const int lane = threadIdx.x;
    const int n = r.expertCount;
    const float* lg = logits + static_cast<std::int64_t>(t) * n;

    if (!r.sigmoid) {
        float m = -INFINITY;
        for (int e = lane; e < n; e += 32)
            m = fmaxf(m, lg[e]);
#pragma unroll
        for (int off = 16; off > 0; off >>= 1)
            m = fmaxf(m, __shfl_xor_sync(0xFFFFFFFFu, m, off));
        for (int e = lane; e < n; e += 32)
            score[e] = expf(lg[e] - m);
        __syncwarp();
        if (lane == 0) {
            float s = 0.0f;  // in expert order, as the CPU sums
            for (int e = 0; e < n; ++e)
                s += score[e];
            total = s;
        }
        __syncwarp();
        for (int e = lane; e < n; e += 32)
            score[e] /= total;
    } else {
        for (int e = lane; e < n; e += 32)
            score[e] = 1.0f / (1.0f + expf(-lg[e]));
    }
    for (int e = lane; e < n; e += 32) {
        select[e] = score[e] + (bias ? bias[e] : 0.0f);
        taken[e] = false;
    }
    __syncwarp();

    if (r.groups > 1 && r.groupsUsed < r.groups) {
        const int perGroup = n / r.groups;
        Candidate mine{-INFINITY, -1};
        if (lane < r.groups) {
            float m1 = -INFINITY, m2 = -INFINITY;
            for (int e = lane * perGroup; e < (lane + 1) * perGroup; ++e) {
                const float v = select[e];
                if (v > m1) {
                    m2 = m1;
                    m1 = v;
                } else if (v > m2) {
                    m2 = v;
                }
            }
            mine = {m1 + (perGroup > 1 ? m2 : 0.0f), lane};
            groupKept[lane] = false;
        }
        __syncwarp();
        for (int g = 0; g < r.groupsUsed; ++g) {
            const Candidate best = warpBest(mine);
            if (lane == best.index) {
                groupKept[lane] = true;
                mine.index = -1;
            }
        }
        __syncwarp();
        for (int e = lane; e < n; e += 32)
            if (!groupKept[e / perGroup])
                select[e] = -INFINITY;
        __syncwarp();
    }

    for (int i = 0; i < r.used; ++i) {
        Candidate mine{-INFINITY, -1};
        for (int e = lane; e < n; e += 32)
            if (!taken[e])
                mine = better(mine, {select[e], e});
        const Candidate best = warpBest(mine);
        if (lane == 0) {
            chosen[i] = best.index;
            taken[best.index] = true;
        }
        __syncwarp();
    }
    if (lane == 0) {
        float sum = 0.0f;
        for (int i = 0; i < r.used; ++i)
            sum += score[chosen[i]];
        for (int i = 0; i < r.used; ++i) {
            const float s = score[chosen[i]];
            experts[static_cast<std::int64_t>(t) * r.used + i] = chosen[i];
            weights[static_cast<std::int64_t>(t) * r.used + i] = (r.normalize ? s / sum : s) * r.scale;
        }
    }
}

template <gguf::GgmlType T>
__global__ void matvecRowsKernel(const std::uint8_t* __restrict__ w, std::size_t rowBytes, int rows, int cols,
                                 const float* __restrict__ x, float* __restrict__ y)
{
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    const int t = blockIdx.y;
    if (row >= rows)
        return;
    const float sum = detail::rowDot<T>(w + static_cast<std::size_t>(row) * rowBytes, cols / 16,
                                        x + static_cast<std::int64_t>(t) * cols, lane);
    if (lane == 0)
        y[static_cast<std::int64_t>(t) * rows + row] = sum;
}

/// Arguments shared by the expert kernels: expert e's row r starts at
/// data + e·stride + r·rowBytes.
struct Experts {
    const std::uint8_t* data;
    std::size_t stride;
    std::size_t rowBytes;
    int count;
    int rows;
    int cols;

    __device__ const std::uint8_t* row(int e, int r) const
    {
        return data + static_cast<std::size_t>(e) * stride + static_cast<std::size_t>(r) * rowBytes;
    }
};

Experts expertsOf(const ExpertWeights& w)
{
    return {static_cast<const std::uint8_t*>(w.first.data), w.stride, w.first.rowBytes, w.count,
            static_cast<int>(w.first.rows), static_cast<int>(w.first.cols)};
}

/// Block (row group, slot): slot = t·k + i.
template <gguf::GgmlType T, bool kQ8>
__global__ void swigluKernel(Experts gate, const std::uint8_t* __restrict__ upData, const std::int32_t* __restrict__ ids,
                             int k, const float* __restrict__ x, const std::int8_t* __restrict__ xq,
                             const float* __restrict__ xd, float* __restrict__ h)
{
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    const int slot = blockIdx.y;
    if (row >= gate.rows)
        return;
    const int t = slot / k;
    const int e = ids[slot];
    float* out = h + static_cast<std::int64_t>(slot) * gate.rows + row;
    if (e < 0 || e >= gate.count) {  // never from the router; keeps a bad id from reading past the weights
        if (lane == 0)
            *out = 0.0f;
        return;
    }
    const std::uint8_t* g = gate.row(e, row);
    const std::uint8_t* u = upData + (g - gate.data);
    float gv, uv;
    if constexpr (kQ8) {
        const std::int64_t at = static_cast<std::int64_t>(t) * gate.cols;
        detail::rowDotQ8Pair<T>(g, u, gate.cols, xq + at, xd + at / 32, lane, gv, uv);
    } else {
        const float* xt = x + static_cast<std::int64_t>(t) * gate.cols;
        gv = detail::rowDot<T>(g, gate.cols / 16, xt, lane);
        uv = detail::rowDot<T>(u, gate.cols / 16, xt, lane);
    }
    if (lane == 0)
        *out = gv / (1.0f + __expf(-gv)) * uv;
}

/// Block (row group, token).
template <gguf::GgmlType T, bool kQ8>
__global__ void downKernel(Experts down, const std::int32_t* __restrict__ ids, const float* __restrict__ wts, int k,
                           const float* __restrict__ h, const std::int8_t* __restrict__ hq,
                           const float* __restrict__ hd, float* __restrict__ y)
{
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    const int t = blockIdx.y;
    if (row >= down.rows)
        return;
    float acc = 0.0f;
    for (int i = 0; i < k; ++i) {
        const int slot = t * k + i;
        const int e = ids[slot];
        if (e < 0 || e >= down.count)
            continue;
        const std::int64_t at = static_cast<std::int64_t>(slot) * down.cols;
        float v;
        if constexpr (kQ8)
            v = detail::rowDotQ8<T>(down.row(e, row), down.cols, hq + at, hd + at / 32, lane);
        else
            v = detail::rowDot<T>(down.row(e, row), down.cols / 16, h + at, lane);
        acc += wts[slot] * v;
    }
    if (lane == 0)
        y[static_cast<std::int64_t>(t) * down.rows + row] += acc;
}

void checkSlots(std::int32_t n, std::int32_t k)
{
    if (n <= 0 || k <= 0 || k > kMaxUsed || static_cast<std::int64_t>(n) * k > 65535)
        throw Error("internal error: " + std::to_string(n) + " tokens × " + std::to_string(k) +
                    " experts is outside what the GPU expert products take");
}

} // namespace

void matvecRows(const DeviceWeight& w, const float* x, std::int32_t n, float* y, Stream stream)
{
    if (n <= 0)
        return;
    if (n > 65535)
        throw Error("internal error: too many rows for one batched product");
    const dim3 grid(static_cast<unsigned>(blocksFor(w.rows)), static_cast<unsigned>(n));
    const auto* data = static_cast<const std::uint8_t*>(w.data);
    const int rows = static_cast<int>(w.rows), cols = static_cast<int>(w.cols);
    QIUSUO_CUDA_DISPATCH_TYPE(w.type, (matvecRowsKernel<kT><<<grid, 32 * kWarpsPerBlock, 0, stream>>>(
                                          data, w.rowBytes, rows, cols, x, y)));
    check(cudaGetLastError(), "a batched matrix-vector product");
}

void moeRoute(const float* logits, const float* bias, std::int32_t n, const MoeRouting& routing,
              std::int32_t* experts, float* weights, Stream stream)
{
    const MoeRouting& r = routing;
    if (r.expertCount <= 0 || r.expertCount > kMaxExperts || r.used <= 0 || r.used > kMaxUsed ||
        r.used > r.expertCount || r.groups <= 0 || r.groups > kMaxGroups || r.expertCount % r.groups != 0 ||
        r.groupsUsed <= 0 || r.groupsUsed > r.groups ||
        r.used > r.groupsUsed * (r.expertCount / r.groups))
        throw Error("the GPU router takes up to " + std::to_string(kMaxExperts) + " experts in up to " +
                    std::to_string(kMaxGroups) + " groups, choosing up to " + std::to_string(kMaxUsed) +
                    " (this model has " + std::to_string(r.expertCount) + " experts in " + std::to_string(r.groups) +
                    " groups, choosing " + std::to_string(r.used) + ")");
    if (n <= 0)
        return;
    routeKernel<<<n, 32, 0, stream>>>(logits, bias, r, experts, weights);
    check(cudaGetLastError(), "routing tokens to experts");
}

void moeSwiglu(const ExpertWeights& gate, const ExpertWeights& up, const std::int32_t* experts, std::int32_t n,
               std::int32_t k, const float* x, const QuantizedActivations* x8, float* h, Stream stream)
{
    checkSlots(n, k);
    if (gate.first.type != up.first.type || gate.first.rows != up.first.rows || gate.first.cols != up.first.cols ||
        gate.stride != up.stride || gate.count != up.count)
        throw Error("the GPU expert products need gate and up experts of one type and shape");
    const Experts g = expertsOf(gate);
    const auto* upData = static_cast<const std::uint8_t*>(up.first.data);
    const dim3 grid(static_cast<unsigned>(blocksFor(g.rows)), static_cast<unsigned>(n * k));
    if (x8 && matvecTakesQ8(gate.first.type)) {
        QIUSUO_CUDA_DISPATCH_Q8(gate.first.type, (swigluKernel<kT, true><<<grid, 32 * kWarpsPerBlock, 0, stream>>>(
                                                     g, upData, experts, k, x, x8->q, x8->d, h)));
    } else {
        QIUSUO_CUDA_DISPATCH_TYPE(gate.first.type,
                                  (swigluKernel<kT, false><<<grid, 32 * kWarpsPerBlock, 0, stream>>>(
                                      g, upData, experts, k, x, nullptr, nullptr, h)));
    }
    check(cudaGetLastError(), "the experts' SwiGLU products");
}

void moeDown(const ExpertWeights& down, const std::int32_t* experts, const float* weights, std::int32_t n,
             std::int32_t k, const float* h, const QuantizedActivations* h8, float* y, Stream stream)
{
    checkSlots(n, k);
    const Experts d = expertsOf(down);
    const dim3 grid(static_cast<unsigned>(blocksFor(d.rows)), static_cast<unsigned>(n));
    if (h8 && matvecTakesQ8(down.first.type)) {
        QIUSUO_CUDA_DISPATCH_Q8(down.first.type, (downKernel<kT, true><<<grid, 32 * kWarpsPerBlock, 0, stream>>>(
                                                     d, experts, weights, k, h, h8->q, h8->d, y)));
    } else {
        QIUSUO_CUDA_DISPATCH_TYPE(down.first.type, (downKernel<kT, false><<<grid, 32 * kWarpsPerBlock, 0, stream>>>(
                                                       d, experts, weights, k, h, nullptr, nullptr, y)));
    }
    check(cudaGetLastError(), "the experts' down products");
}

} // namespace qiusuo::cuda
