// Weights decoded to F16 (for the cuBLAS prefill GEMMs) or F32 (tests, and
// the embedding lookup): one thread per 16-weight chunk (quantblocks.cuh).
#include "inference/cuda/kernels.h"

#include "inference/cuda/cudaerror.h"
#include "inference/cuda/quantblocks.cuh"
#include "inference/error.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace qiusuo::cuda {

namespace {

constexpr int kThreads = 256;

__device__ __forceinline__ void store8(__half* out, const float* w)
{
    __half2 h[4];
#pragma unroll
    for (int i = 0; i < 4; ++i)
        h[i] = __floats2half2_rn(w[2 * i], w[2 * i + 1]);
    *reinterpret_cast<uint4*>(out) = *reinterpret_cast<const uint4*>(h);
}

__device__ __forceinline__ void store8(float* out, const float* w)
{
    reinterpret_cast<float4*>(out)[0] = make_float4(w[0], w[1], w[2], w[3]);
    reinterpret_cast<float4*>(out)[1] = make_float4(w[4], w[5], w[6], w[7]);
}

/// Row r of the output takes source row rowOf(r): rowBegin + r, or tokens[r].
template <gguf::GgmlType T, typename Out>
__global__ void dequantizeKernel(const std::uint8_t* __restrict__ w, std::size_t rowBytes, std::int64_t rowBegin,
                                 const std::int32_t* __restrict__ tokens, std::int64_t rowCount, int chunks,
                                 Out* __restrict__ out)
{
    const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * kThreads + threadIdx.x;
    if (idx >= rowCount * chunks)
        return;
    const std::int64_t r = idx / chunks;
    const int c = static_cast<int>(idx % chunks);
    const std::int64_t src = tokens ? tokens[r] : rowBegin + r;
    float v[16];
    int b0, b1;
    detail::Chunk<T>::decode(w + static_cast<std::size_t>(src) * rowBytes, c, v, b0, b1);
    Out* o = out + r * static_cast<std::int64_t>(chunks) * 16;
    store8(o + b0, v);
    store8(o + b1, v + 8);
}

template <typename Out>
void launch(const DeviceWeight& w, std::int64_t rowBegin, const std::int32_t* tokens, std::int64_t rowCount, Out* out,
            Stream stream)
{
    if (rowCount <= 0)
        return;
    const int chunks = static_cast<int>(w.cols / 16);
    const std::int64_t total = rowCount * chunks;
    const auto blocks = static_cast<unsigned>((total + kThreads - 1) / kThreads);
    const auto* data = static_cast<const std::uint8_t*>(w.data);
    QIUSUO_CUDA_DISPATCH_TYPE(w.type, (dequantizeKernel<kT, Out><<<blocks, kThreads, 0, stream>>>(
                                           data, w.rowBytes, rowBegin, tokens, rowCount, chunks, out)));
    check(cudaGetLastError(), "decoding weights");
}

} // namespace

void dequantizeRowsF16(const DeviceWeight& w, std::int64_t rowBegin, std::int64_t rowCount, void* out, Stream stream)
{
    launch(w, rowBegin, nullptr, rowCount, static_cast<__half*>(out), stream);
}

void dequantizeRowsF32(const DeviceWeight& w, std::int64_t rowBegin, std::int64_t rowCount, float* out, Stream stream)
{
    launch(w, rowBegin, nullptr, rowCount, out, stream);
}

void getRows(const DeviceWeight& w, const std::int32_t* tokens, std::int32_t n, float* x, Stream stream)
{
    launch(w, 0, tokens, n, x, stream);
}

} // namespace qiusuo::cuda
