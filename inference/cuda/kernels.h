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

// --- moe.cu: mixture-of-experts routing and expert products -----------------
/// A stack of per-expert matrices (GGUF [cols, rows, experts]): expert e's
/// matrix is `first` with its data `stride` bytes further per expert.
struct ExpertWeights {
    DeviceWeight first;
    std::size_t stride = 0;
    std::int32_t count = 0;
};
/// The router of models::routeToken (moerouter.h), on the device.
struct MoeRouting {
    std::int32_t expertCount = 0;  ///< at most 1024
    std::int32_t used = 0;         ///< k, at most 32
    std::int32_t groups = 1;       ///< at most 32
    std::int32_t groupsUsed = 1;
    bool sigmoid = false;          ///< sigmoid scores (V3), else softmax (V2)
    bool normalize = false;
    float scale = 1.0f;
};
/// logits[t][r] = W[r] · x[t] for n rows of x, in F32 (any weight type):
/// the router's product, kept out of F16 so that close expert choices stay
/// as the CPU makes them; also the batched form of matvec for small matrices.
void matvecRows(const DeviceWeight& w, const float* x, std::int32_t n, float* y, Stream stream);
/// Routes n tokens: logits [n][expertCount], `bias` null or [expertCount]
/// (selection only); writes experts [n][used] (best first) and weights [n][used].
void moeRoute(const float* logits, const float* bias, std::int32_t n, const MoeRouting& routing,
              std::int32_t* experts, float* weights, Stream stream);
/// h[t][i] = silu(gate_e · x[t]) ⊙ (up_e · x[t]) for e = experts[t][i], i < k:
/// h is [n][k][rows]. With `x8` (n rows of x quantized) the integer products
/// are used when the type takes them.
void moeSwiglu(const ExpertWeights& gate, const ExpertWeights& up, const std::int32_t* experts, std::int32_t n,
               std::int32_t k, const float* x, const QuantizedActivations* x8, float* h, Stream stream);
/// y[t][r] += Σ_i weights[t][i] · (down_e · h[t][i])[r], e = experts[t][i]:
/// the weighted sum of the chosen experts straight into the residual.
void moeDown(const ExpertWeights& down, const std::int32_t* experts, const float* weights, std::int32_t n,
             std::int32_t k, const float* h, const QuantizedActivations* h8, float* y, Stream stream);

// --- mla.cu: Multi-head Latent Attention (DeepSeek-V2/V3), absorbed form ----
/// Shapes of MLA (models/mlaattention.h). The cache is F32
/// [context][rank + ropeDims] per layer: the normalised latent c, then the
/// rotated k_pe.
struct MlaShape {
    std::int32_t heads = 0;
    std::int32_t nopeDims = 0;
    std::int32_t ropeDims = 0;   ///< even, at most 128
    std::int32_t rank = 0;       ///< kv_lora_rank, a multiple of 32 up to 1024
    std::int32_t valueDim = 0;
    std::int32_t context = 0;
    float scale = 1.0f;          ///< mscale² / √key_length
    std::int32_t width() const { return rank + ropeDims; }
};
/// Per token t at position *pos0 + t: RMSNorm of latent[t]'s first `rank`
/// values (weight `norm`), RoPE (adjacent pairs, `freq` radians per position
/// and pair, double) on its k_pe and on every head's q_pe in q
/// ([n][heads][nope + rope]); the latent row is stored into `cache`.
void mlaPrepare(float* q, const float* latent, std::int32_t n, const MlaShape& shape, const float* norm, float eps,
                const double* freq, const std::int32_t* pos0, float* cache, Stream stream);
/// qAbs[t][h] = [K_hᵀ · q_nope[t][h] | q_pe[t][h]] ([n][heads][width]); `kAbs`
/// is F32 [heads][nope][rank].
void mlaAbsorbQuery(const float* q, const float* kAbs, std::int32_t n, const MlaShape& shape, float* qAbs,
                    Stream stream);
/// Scratch floats of mlaAttention for passes of up to `tokens` tokens.
std::size_t mlaAttentionScratchFloats(const MlaShape& shape, std::int32_t tokens);
/// oLat[t][h] = Σ_p softmax_p(scale · qAbs[t][h] · cache[p]) · c_p over
/// positions 0..*pos0 + t (split over the sequence, then combined), in
/// passes of `scratchTokens` tokens (what `scratch` was sized for).
void mlaAttention(const float* qAbs, const float* cache, const std::int32_t* pos0, std::int32_t n,
                  const MlaShape& shape, std::int32_t scratchTokens, float* scratch, float* oLat, Stream stream);
/// out[t][h·valueDim + i] = V_h[i] · oLat[t][h]; `vAbs` is F32 [heads][valueDim][rank].
void mlaValue(const float* oLat, const float* vAbs, std::int32_t n, const MlaShape& shape, float* out, Stream stream);

} // namespace qiusuo::cuda
