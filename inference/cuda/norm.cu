// RMSNorm: one block per row; the sum of squares is reduced in F32 across
// the block, then every element is scaled by rsqrt(mean + eps) and the weight.
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"
#include "inference/cuda/warpquant.cuh"
#include "inference/error.h"

#include <cuda_runtime.h>

namespace qiusuo::cuda {

namespace {

// One block per row; a decode row (up to 8192 wide) takes one or a few
// elements per thread, so the kernel is one load, one reduction, one store.
constexpr int kThreads = 1024;

__global__ void rmsNormKernel(const float* __restrict__ x, const float* __restrict__ weight, float* __restrict__ y,
                              int width, float eps, std::int8_t* __restrict__ q8, float* __restrict__ d8)
{
    const float* xr = x + static_cast<std::int64_t>(blockIdx.x) * width;
    float* yr = y + static_cast<std::int64_t>(blockIdx.x) * width;
    float sum = 0.0f;
    for (int i = threadIdx.x; i < width; i += kThreads)
        sum += xr[i] * xr[i];
    __shared__ float partial[kThreads / 32];
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        sum += __shfl_xor_sync(0xFFFFFFFFu, sum, off);
    if ((threadIdx.x & 31) == 0)
        partial[threadIdx.x / 32] = sum;
    __syncthreads();
    if (threadIdx.x < 32) {
        float s = threadIdx.x < kThreads / 32 ? partial[threadIdx.x] : 0.0f;
#pragma unroll
        for (int off = 16; off > 0; off >>= 1)
            s += __shfl_xor_sync(0xFFFFFFFFu, s, off);
        if (threadIdx.x == 0)
            partial[0] = s;
    }
    __syncthreads();
    const float scale = rsqrtf(partial[0] / static_cast<float>(width) + eps);
    if (!q8) {
        for (int i = threadIdx.x; i < width; i += kThreads)
            yr[i] = xr[i] * scale * weight[i];
        return;
    }
    // Also quantize the row for the integer products: element i = tid + 1024k,
    // so each warp holds one whole block of 32 per iteration (width % 32 == 0).
    for (int i = threadIdx.x; i < width; i += kThreads) {
        const float v = xr[i] * scale * weight[i];
        yr[i] = v;
        detail::quantizeWarpBlock(v, i, i & 31, q8, d8);
    }
}

} // namespace

void rmsNorm(const float* x, const float* weight, float* y, std::int32_t width, std::int32_t n, float eps, Stream stream)
{
    if (n <= 0)
        return;
    rmsNormKernel<<<n, kThreads, 0, stream>>>(x, weight, y, width, eps, nullptr, nullptr);
    check(cudaGetLastError(), "RMS normalization");
}

void rmsNormQ8(const float* x, const float* weight, float* y, std::int32_t width, float eps,
               const QuantizedActivations& out, Stream stream)
{
    if (width % 32 != 0)
        throw Error("quantized activations need a width that is a multiple of 32");
    rmsNormKernel<<<1, kThreads, 0, stream>>>(x, weight, y, width, eps, out.q, out.d);
    check(cudaGetLastError(), "RMS normalization");
}

} // namespace qiusuo::cuda
