// Decode-time matrix-vector products on quantized weights: one warp per output
// row; each lane decodes 16-weight chunks (quantblocks.cuh) and multiplies
// them with the F32 activation, lanes striding over the row so that a warp
// reads consecutive bytes. The weights are read once from memory, which is
// the whole cost of a decode step.
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"
#include "inference/cuda/rowdot.cuh"
#include "inference/cuda/warpquant.cuh"
#include "inference/error.h"

#include <cuda_runtime.h>

namespace qiusuo::cuda {

namespace {

constexpr int kWarpsPerBlock = 4;

using detail::rowDot;
using detail::rowDotQ8;
using detail::rowDotQ8Pair;

template <gguf::GgmlType T>
__global__ void matvecKernel(const std::uint8_t* __restrict__ w, std::size_t rowBytes, int rows, int chunks,
                             const float* __restrict__ x, float* __restrict__ y, const float* __restrict__ bias,
                             bool accumulate)
{
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (row >= rows)
        return;
    const float sum = rowDot<T>(w + static_cast<std::size_t>(row) * rowBytes, chunks, x, lane);
    if (lane == 0) {
        float v = sum;
        if (bias)
            v += bias[row];
        if (accumulate)
            v += y[row];
        y[row] = v;
    }
}

template <gguf::GgmlType T>
__global__ void swigluKernel(const std::uint8_t* __restrict__ gate, const std::uint8_t* __restrict__ up,
                             std::size_t rowBytes, int rows, int chunks, const float* __restrict__ x,
                             float* __restrict__ h)
{
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (row >= rows)
        return;
    const std::size_t off = static_cast<std::size_t>(row) * rowBytes;
    const float g = rowDot<T>(gate + off, chunks, x, lane);
    const float u = rowDot<T>(up + off, chunks, x, lane);
    if (lane == 0)
        h[row] = g / (1.0f + __expf(-g)) * u;
}

template <gguf::GgmlType T>
__global__ void matvecQ8Kernel(const std::uint8_t* __restrict__ w, std::size_t rowBytes, int rows, int cols,
                               const std::int8_t* __restrict__ xq, const float* __restrict__ xd, float* __restrict__ y,
                               const float* __restrict__ bias, bool accumulate)
{
    // One row per warp: for these short, few-row matrices more warps beat
    // more loads per warp (measured; SwiGLU's two rows per warp pay).
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (row >= rows)
        return;
    const float sum = rowDotQ8<T>(w + static_cast<std::size_t>(row) * rowBytes, cols, xq, xd, lane);
    if (lane == 0)
        y[row] = sum + (bias ? bias[row] : 0.0f) + (accumulate ? y[row] : 0.0f);
}

/// Long rows (many chunks): one row per block, its chunks spread over all
/// four warps, so that a matrix with few rows still keeps every SM busy.
template <gguf::GgmlType T>
__global__ void matvecQ8WideKernel(const std::uint8_t* __restrict__ w, std::size_t rowBytes, int cols,
                                   const std::int8_t* __restrict__ xq, const float* __restrict__ xd,
                                   float* __restrict__ y, const float* __restrict__ bias, bool accumulate)
{
    const int chunks = cols / detail::ChunkQ8<T>::kWeights;
    const int row = blockIdx.x;
    const std::uint8_t* r = w + static_cast<std::size_t>(row) * rowBytes;
    float sum = 0.0f;
#pragma unroll 2
    for (int c = threadIdx.x; c < chunks; c += 32 * kWarpsPerBlock)
        sum += detail::ChunkQ8<T>::dot(r, c, xq, xd);
    sum = detail::warpSum(sum);
    __shared__ float partial[kWarpsPerBlock];
    if ((threadIdx.x & 31) == 0)
        partial[threadIdx.x / 32] = sum;
    __syncthreads();
    if (threadIdx.x == 0) {
        float v = 0.0f;
        for (int i = 0; i < kWarpsPerBlock; ++i)
            v += partial[i];
        if (bias)
            v += bias[row];
        if (accumulate)
            v += y[row];
        y[row] = v;
    }
}

struct MultiArgs {
    const std::uint8_t* w[3];
    float* y[3];
    const float* bias[3];
    int rows[3];
};

/// Rows of up to three matrices of one type and width, one warp per row.
template <gguf::GgmlType T>
__global__ void matvecQ8MultiKernel(MultiArgs args, std::size_t rowBytes, int cols, const std::int8_t* __restrict__ xq,
                                    const float* __restrict__ xd)
{
    int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    int m = 0;
    while (m < 3 && row >= args.rows[m]) {
        row -= args.rows[m];
        ++m;
    }
    if (m == 3)
        return;
    const float sum = rowDotQ8<T>(args.w[m] + static_cast<std::size_t>(row) * rowBytes, cols, xq, xd, lane);
    if (lane == 0)
        args.y[m][row] = sum + (args.bias[m] ? args.bias[m][row] : 0.0f);
}

template <gguf::GgmlType T>
__global__ void swigluQ8Kernel(const std::uint8_t* __restrict__ gate, const std::uint8_t* __restrict__ up,
                               std::size_t rowBytes, int rows, int cols, const std::int8_t* __restrict__ xq,
                               const float* __restrict__ xd, float* __restrict__ h)
{
    const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (row >= rows)
        return;
    const std::size_t off = static_cast<std::size_t>(row) * rowBytes;
    float g, u;
    rowDotQ8Pair<T>(gate + off, up + off, cols, xq, xd, lane, g, u);
    if (lane == 0)
        h[row] = g / (1.0f + __expf(-g)) * u;
}

/// One warp per block of 32: d = max|x| / 127, q = round(x / d).
__global__ void quantizeKernel(const float* __restrict__ x, int blocks, std::int8_t* __restrict__ q,
                               float* __restrict__ d)
{
    const int b = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (b >= blocks)
        return;
    const std::int64_t i = 32 * static_cast<std::int64_t>(b) + lane;
    detail::quantizeWarpBlock(x[i], i, lane, q, d);
}

int blocksFor(std::int64_t rows)
{
    return static_cast<int>((rows + kWarpsPerBlock - 1) / kWarpsPerBlock);
}

} // namespace

bool gpuSupports(gguf::GgmlType type, std::int64_t cols)
{
    using gguf::GgmlType;
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16:
        return cols % 16 == 0;
    case GgmlType::Q4_0: case GgmlType::Q5_0: case GgmlType::Q8_0:
        return cols % 32 == 0;
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
        return cols % 256 == 0;
    default:
        return false;
    }
}

void matvec(const DeviceWeight& w, const float* x, float* y, const float* bias, bool accumulate, Stream stream)
{
    const auto* data = static_cast<const std::uint8_t*>(w.data);
    const int rows = static_cast<int>(w.rows);
    const int chunks = static_cast<int>(w.cols / 16);
    QIUSUO_CUDA_DISPATCH_TYPE(w.type, (matvecKernel<kT><<<blocksFor(w.rows), 32 * kWarpsPerBlock, 0, stream>>>(
                                           data, w.rowBytes, rows, chunks, x, y, bias, accumulate)));
    check(cudaGetLastError(), "the matrix-vector product");
}

void matvecSwiglu(const DeviceWeight& gate, const DeviceWeight& up, const float* x, float* h, Stream stream)
{
    if (gate.type != up.type || gate.rows != up.rows || gate.cols != up.cols)
        throw Error("the fused SwiGLU product needs gate and up weights of one type and shape");
    const int rows = static_cast<int>(gate.rows);
    const int chunks = static_cast<int>(gate.cols / 16);
    QIUSUO_CUDA_DISPATCH_TYPE(gate.type, (swigluKernel<kT><<<blocksFor(gate.rows), 32 * kWarpsPerBlock, 0, stream>>>(
                                              static_cast<const std::uint8_t*>(gate.data),
                                              static_cast<const std::uint8_t*>(up.data), gate.rowBytes, rows, chunks,
                                              x, h)));
    check(cudaGetLastError(), "the SwiGLU product");
}

void quantizeActivations(const float* x, std::int64_t cols, const QuantizedActivations& out, Stream stream)
{
    const int blocks = static_cast<int>(cols / 32);
    quantizeKernel<<<(blocks + kWarpsPerBlock - 1) / kWarpsPerBlock, 32 * kWarpsPerBlock, 0, stream>>>(x, blocks, out.q,
                                                                                                       out.d);
    check(cudaGetLastError(), "quantizing activations");
}

bool matvecTakesQ8(gguf::GgmlType type)
{
    using gguf::GgmlType;
    return type == GgmlType::Q4_0 || type == GgmlType::Q8_0 || type == GgmlType::Q4_K || type == GgmlType::Q6_K;
}

void matvecQ8(const DeviceWeight& w, const QuantizedActivations& x, float* y, const float* bias, bool accumulate,
              Stream stream)
{
    const auto* data = static_cast<const std::uint8_t*>(w.data);
    const int rows = static_cast<int>(w.rows);
    const int cols = static_cast<int>(w.cols);
    if (cols >= 4096) {
        QIUSUO_CUDA_DISPATCH_Q8(w.type, (matvecQ8WideKernel<kT><<<rows, 32 * kWarpsPerBlock, 0, stream>>>(
                                             data, w.rowBytes, cols, x.q, x.d, y, bias, accumulate)));
    } else {
        QIUSUO_CUDA_DISPATCH_Q8(w.type, (matvecQ8Kernel<kT><<<blocksFor(w.rows), 32 * kWarpsPerBlock, 0, stream>>>(
                                             data, w.rowBytes, rows, cols, x.q, x.d, y, bias, accumulate)));
    }
    check(cudaGetLastError(), "the matrix-vector product");
}

void matvecQ8Multi(const MatvecTarget* targets, int count, const QuantizedActivations& x, Stream stream)
{
    if (count < 1 || count > 3)
        throw Error("matvecQ8Multi takes one to three matrices");
    const DeviceWeight& first = *targets[0].w;
    MultiArgs args{};
    std::int64_t total = 0;
    for (int i = 0; i < count; ++i) {
        const DeviceWeight& w = *targets[i].w;
        if (w.type != first.type || w.cols != first.cols)
            throw Error("matvecQ8Multi needs matrices of one type and row length");
        args.w[i] = static_cast<const std::uint8_t*>(w.data);
        args.y[i] = targets[i].y;
        args.bias[i] = targets[i].bias;
        args.rows[i] = static_cast<int>(w.rows);
        total += w.rows;
    }
    const int cols = static_cast<int>(first.cols);
    QIUSUO_CUDA_DISPATCH_Q8(first.type, (matvecQ8MultiKernel<kT><<<blocksFor(total), 32 * kWarpsPerBlock, 0, stream>>>(
                                             args, first.rowBytes, cols, x.q, x.d)));
    check(cudaGetLastError(), "the matrix-vector products");
}

void matvecSwigluQ8(const DeviceWeight& gate, const DeviceWeight& up, const QuantizedActivations& x, float* h,
                    Stream stream)
{
    if (gate.type != up.type || gate.rows != up.rows || gate.cols != up.cols)
        throw Error("the fused SwiGLU product needs gate and up weights of one type and shape");
    const int rows = static_cast<int>(gate.rows);
    const int cols = static_cast<int>(gate.cols);
    QIUSUO_CUDA_DISPATCH_Q8(gate.type, (swigluQ8Kernel<kT><<<blocksFor(gate.rows), 32 * kWarpsPerBlock, 0, stream>>>(
                                            static_cast<const std::uint8_t*>(gate.data),
                                            static_cast<const std::uint8_t*>(up.data), gate.rowBytes, rows, cols,
                                            x.q, x.d, h)));
    check(cudaGetLastError(), "the SwiGLU product");
}

} // namespace qiusuo::cuda
