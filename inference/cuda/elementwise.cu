// Element-wise kernels: bias, SwiGLU's silu(a)·b, residual adds, F32→F16, and
// the plain copy whose speed is the memory-bandwidth ceiling benchmarks quote.
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace qiusuo::cuda {

namespace {

constexpr int kThreads = 256;

unsigned blocksFor(std::int64_t count)
{
    return static_cast<unsigned>((count + kThreads - 1) / kThreads);
}

__global__ void addBiasKernel(float* x, const float* bias, int width, std::int64_t count)
{
    const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (i < count)
        x[i] += bias[i % width];
}

__global__ void siluMulKernel(float* a, const float* b, std::int64_t count)
{
    const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (i < count) {
        const float g = a[i];
        a[i] = g / (1.0f + __expf(-g)) * b[i];
    }
}

__global__ void addKernel(float* y, const float* x, std::int64_t count)
{
    const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (i < count)
        y[i] += x[i];
}

__global__ void toF16Kernel(const float* x, __half* y, std::int64_t count)
{
    const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (i < count)
        y[i] = __float2half_rn(x[i]);
}

__global__ void copyKernel(uint4* dst, const uint4* src, std::int64_t count)
{
    for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x; i < count;
         i += static_cast<std::int64_t>(gridDim.x) * kThreads)
        dst[i] = src[i];
}

} // namespace

void addBias(float* x, const float* bias, std::int32_t width, std::int32_t n, Stream stream)
{
    const std::int64_t count = static_cast<std::int64_t>(width) * n;
    if (count == 0)
        return;
    addBiasKernel<<<blocksFor(count), kThreads, 0, stream>>>(x, bias, width, count);
    check(cudaGetLastError(), "adding biases");
}

void siluMul(float* a, const float* b, std::int64_t count, Stream stream)
{
    if (count == 0)
        return;
    siluMulKernel<<<blocksFor(count), kThreads, 0, stream>>>(a, b, count);
    check(cudaGetLastError(), "SwiGLU");
}

void addInPlace(float* y, const float* x, std::int64_t count, Stream stream)
{
    if (count == 0)
        return;
    addKernel<<<blocksFor(count), kThreads, 0, stream>>>(y, x, count);
    check(cudaGetLastError(), "the residual add");
}

void toF16(const float* x, void* y, std::int64_t count, Stream stream)
{
    if (count == 0)
        return;
    toF16Kernel<<<blocksFor(count), kThreads, 0, stream>>>(x, static_cast<__half*>(y), count);
    check(cudaGetLastError(), "converting activations to F16");
}

void copyBytes(void* dst, const void* src, std::size_t bytes, Stream stream)
{
    const auto count = static_cast<std::int64_t>(bytes / sizeof(uint4));
    if (count == 0)
        return;
    int device = 0, sms = 0;
    cudaGetDevice(&device);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
    const unsigned blocks = static_cast<unsigned>(sms > 0 ? sms * 8 : 1024);
    copyKernel<<<blocks, kThreads, 0, stream>>>(static_cast<uint4*>(dst), static_cast<const uint4*>(src), count);
    check(cudaGetLastError(), "the copy kernel");
}

} // namespace qiusuo::cuda
