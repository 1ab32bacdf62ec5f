#pragma once
/// @brief Host entry points of the CUDA kernels, one family per .cu file.
///
/// Every function enqueues work on `stream` and returns at once; pointers are
/// device pointers unless a comment says otherwise. Layouts follow the CPU
/// engine: activations row-major [tokens][width] in F32; a weight is `rows`
/// rows of `cols` elements stored as GGUF blocks (`rowBytes` each); the KV
/// cache is F16 [layer][key|value][kvHead][position][headDim]. Positions come
/// from device memory (`pos0`: the first token's position), so one captured
/// CUDA graph serves every decode step.

#include "inference/gguf/ggmltype.h"

#include <cstddef>
#include <cstdint>

struct CUstream_st;

namespace qiusuo::cuda {

using Stream = CUstream_st*;

/// A weight matrix in GPU memory, in its stored (quantized) form.
struct DeviceWeight {
    gguf::GgmlType type = gguf::GgmlType::F32;
    const void* data = nullptr;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::size_t rowBytes = 0;
};

/// Whether the GPU kernels read this type (F32, F16, BF16, Q4_0, Q5_0, Q8_0,
/// Q4_K, Q5_K, Q6_K) and a row length they can (a multiple of 256 for
/// K-quants, 32 for the others).
bool gpuSupports(gguf::GgmlType type, std::int64_t cols);

// --- matvec.cu: decode products, one token --------------------------------
/// An activation vector quantized for the integer (dp4a) products: q[i] =
/// round(x[i] / d[i / 32]) with d = max|x| / 127 over each block of 32.
struct QuantizedActivations {
    std::int8_t* q = nullptr;  ///< [cols]
    float* d = nullptr;        ///< [cols / 32]
};
void quantizeActivations(const float* x, std::int64_t cols, const QuantizedActivations& out, Stream stream);
/// Whether matvecQ8 reads this type (Q4_0, Q8_0, Q4_K, Q6_K): their blocks
/// multiply 8-bit activations with integer dot products, four at a time.
bool matvecTakesQ8(gguf::GgmlType type);
/// As matvec, with the activation quantized (the decode fast path).
void matvecQ8(const DeviceWeight& w, const QuantizedActivations& x, float* y, const float* bias, bool accumulate,
              Stream stream);
/// Up to three products of one activation in one launch (q, k and v), for
/// weights of one type and row length.
struct MatvecTarget {
    const DeviceWeight* w = nullptr;
    float* y = nullptr;
    const float* bias = nullptr;
};
void matvecQ8Multi(const MatvecTarget* targets, int count, const QuantizedActivations& x, Stream stream);
/// As matvecSwiglu, with the activation quantized.
void matvecSwigluQ8(const DeviceWeight& gate, const DeviceWeight& up, const QuantizedActivations& x, float* h,
                    Stream stream);

/// y[r] = (accumulate ? y[r] : 0) + bias[r] + sum_c W[r][c] x[c]. `bias` may be null.
void matvec(const DeviceWeight& w, const float* x, float* y, const float* bias, bool accumulate, Stream stream);
/// SwiGLU in one pass: h[r] = silu(Wgate[r]·x) * (Wup[r]·x). Both weights
/// must have the same type and shape.
void matvecSwiglu(const DeviceWeight& gate, const DeviceWeight& up, const float* x, float* h, Stream stream);

// --- dequantize.cu ----------------------------------------------------------
/// Rows [rowBegin, rowBegin + rowCount) of `w` as F16, row-major, into `out`.
void dequantizeRowsF16(const DeviceWeight& w, std::int64_t rowBegin, std::int64_t rowCount, void* out, Stream stream);
/// Rows [rowBegin, rowBegin + rowCount) of `w` as F32 (tests, and the CPU-side check).
void dequantizeRowsF32(const DeviceWeight& w, std::int64_t rowBegin, std::int64_t rowCount, float* out, Stream stream);
/// Embedding lookup: x[t] = W[tokens[t]] in F32, for t < n (tokens in device memory).
void getRows(const DeviceWeight& w, const std::int32_t* tokens, std::int32_t n, float* x, Stream stream);

// --- norm.cu ----------------------------------------------------------------
/// y[t] = x[t] / sqrt(mean(x[t]²) + eps) * weight, for n rows of `width`.
void rmsNorm(const float* x, const float* weight, float* y, std::int32_t width, std::int32_t n, float eps, Stream stream);
/// One row, also quantized into `out` as quantizeActivations() would.
void rmsNormQ8(const float* x, const float* weight, float* y, std::int32_t width, float eps,
               const QuantizedActivations& out, Stream stream);

// --- elementwise.cu ---------------------------------------------------------
/// x[t][i] += bias[i] for n rows of `width`.
void addBias(float* x, const float* bias, std::int32_t width, std::int32_t n, Stream stream);
/// a[i] = silu(a[i]) * b[i].
void siluMul(float* a, const float* b, std::int64_t count, Stream stream);
/// y[i] += x[i].
void addInPlace(float* y, const float* x, std::int64_t count, Stream stream);
/// F32 to F16 (round to nearest even).
void toF16(const float* x, void* y, std::int64_t count, Stream stream);
/// dst[i] = src[i]: the copy kernel whose speed is the bandwidth ceiling the benchmarks quote.
void copyBytes(void* dst, const void* src, std::size_t bytes, Stream stream);

// --- rope.cu ----------------------------------------------------------------
enum class RopeLayout { Normal, NeoX };
struct RopeParams {
    std::int32_t headDim = 0;
    std::int32_t ropeDims = 0;
    RopeLayout layout = RopeLayout::NeoX;
    const double* freq = nullptr;  ///< [ropeDims/2] radians per position (device)
    float attnFactor = 1.0f;
};
/// Rotates q [n][qHeads][headDim] and k [n][kvHeads][headDim] in place, token
/// t at position *pos0 + t; then stores k and v ([n][kvHeads][headDim]) as
/// F16 at those positions of the cache layer (keys at `kCache`, values at
/// `vCache`, each [kvHeads][context][headDim]).
void ropeAndStoreKv(float* q, float* k, const float* v, std::int32_t n, std::int32_t qHeads, std::int32_t kvHeads,
                    const RopeParams& rope, const std::int32_t* pos0, void* kCache, void* vCache,
                    std::int32_t context, Stream stream);

// --- attention.cu -----------------------------------------------------------
struct AttentionShape {
    std::int32_t heads = 0;
    std::int32_t kvHeads = 0;
    std::int32_t headDim = 0;  ///< a multiple of 32, at most 256
    std::int32_t context = 0;
    float scale = 1.0f;
};
/// Partial results of split decoding: sized by decodeAttentionScratchFloats().
std::size_t decodeAttentionScratchFloats(const AttentionShape& shape);
/// One query token at position *pos0 over cached positions 0..*pos0
/// (flash-decoding: the positions are split across blocks, then combined).
/// With `out8`, the output is also quantized for the integer products.
void attentionDecode(const float* q, const void* kCache, const void* vCache, const std::int32_t* pos0,
                     const AttentionShape& shape, float* scratch, float* out, Stream stream,
                     const QuantizedActivations* out8 = nullptr);
/// n query tokens at positions *pos0 + t, each over positions 0..*pos0 + t.
void attentionPrefill(const float* q, const void* kCache, const void* vCache, const std::int32_t* pos0,
                      std::int32_t n, const AttentionShape& shape, float* out, Stream stream);

} // namespace qiusuo::cuda
