#pragma once
// The 8-bit activation format of the integer products (kernels.h,
// QuantizedActivations), made by a warp whose 32 lanes hold one block of 32
// consecutive values: d = max|x| / 127, q = round(x / d).

#include <cstdint>

namespace qiusuo::cuda::detail {

/// Lane `lane` holds element `i` of block i / 32; writes q[i], and d[i / 32]
/// from lane 0 of the block. Every lane of the warp must call it.
__device__ __forceinline__ void quantizeWarpBlock(float v, std::int64_t i, int lane, std::int8_t* q, float* d)
{
    float amax = fabsf(v);
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
        amax = fmaxf(amax, __shfl_xor_sync(0xFFFFFFFFu, amax, off));
    const float scale = amax / 127.0f;
    q[i] = static_cast<std::int8_t>(scale > 0.0f ? __float2int_rn(v / scale) : 0);
    if (lane == 0)
        d[i / 32] = scale;
}

} // namespace qiusuo::cuda::detail
