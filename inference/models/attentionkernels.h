#pragma once
/// @brief The inner loops of attention over one cached head: q·k for every
/// position, and out += w·v. Portable versions, and AVX2/FMA/F16C versions
/// chosen at run time where the CPU has them (internal to attention.cpp,
/// exposed for tests).

#include <cstdint>

namespace qiusuo::models {

/// Rows are `stride` elements apart (stride >= dim): a head's slice of a
/// wider row, as MLA's latent cache and expanded keys are laid out.
struct AttentionKernels {
    const char* name = "";
    /// scores[p] = scale · Σ_i q[i]·keys[p·stride + i], for p < nPos, i < dim.
    void (*scoresF32)(const float* q, const float* keys, std::int32_t nPos, std::int32_t dim, std::int64_t stride,
                      float scale, float* scores) = nullptr;
    void (*scoresF16)(const float* q, const std::uint16_t* keys, std::int32_t nPos, std::int32_t dim,
                      std::int64_t stride, float scale, float* scores) = nullptr;
    /// out[i] = Σ_p w[p]·values[p·stride + i], for i < dim.
    void (*mixF32)(const float* w, const float* values, std::int32_t nPos, std::int32_t dim, std::int64_t stride,
                   float* out) = nullptr;
    void (*mixF16)(const float* w, const std::uint16_t* values, std::int32_t nPos, std::int32_t dim,
                   std::int64_t stride, float* out) = nullptr;
};

const AttentionKernels& portableAttentionKernels();
/// nullptr where the CPU lacks AVX2, FMA or F16C.
const AttentionKernels* avx2AttentionKernels();
/// AVX2 where available, else portable; QIUSUO_CPU_ISA=portable forces portable.
const AttentionKernels& activeAttentionKernels();

} // namespace qiusuo::models
