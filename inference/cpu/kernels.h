#pragma once
/// @brief The per-instruction-set kernel table behind matmul (internal).
///
/// Fast path: activations are quantized per token to int8 with one F32 scale
/// per block (32 elements for the Q*_0 weight types, 256 for the K-quants)
/// and the sums of every 16 quantized values. A weight block's integer dot
/// product with them is exact; the scales are applied in F32:
///   Q8_0: y += dw*dx * sum(w*x)
///   Q4_0, Q5_0: y += dw*dx * (sum(q*x) - 8*sum(x))  (16 for Q5_0; q unsigned)
///   Q4_K, Q5_K: y += dx * (d * sum_s sc_s*sum(q*x) - dmin * sum_s mn_s*sum_s(x))
///   Q6_K: y += dx * d * (sum_s sc_s*sum(q*x) - 32 * sum_s sc_s*sum_s(x))
/// F16/BF16/F32 weights take F32 activations directly.

#include "inference/gguf/ggmltype.h"

#include <cstddef>
#include <cstdint>

namespace qiusuo::cpu {

/// Activations of several tokens, quantized for the integer kernels.
struct QuantizedActs {
    const std::int8_t* q = nullptr;        ///< [token][cols]
    const float* d = nullptr;              ///< [token][cols / block]
    const std::int16_t* sums = nullptr;    ///< [token][cols / 16]
    std::int64_t qStride = 0;              ///< per token, in elements of each array
    std::int64_t dStride = 0;
    std::int64_t sumStride = 0;
};

/// One tile of the product: y[t * yStride + r] = row r of w . token t, for
/// r < nRows and t < nTok.
struct TileArgs {
    const std::uint8_t* w = nullptr;
    std::size_t rowBytes = 0;
    std::int64_t nRows = 0;
    std::int64_t cols = 0;
    const float* x = nullptr;              ///< F32 activations (float weight types)
    std::int64_t xStride = 0;
    QuantizedActs a;                       ///< quantized activations (quantized types)
    std::int64_t nTok = 0;
    float* y = nullptr;
    std::int64_t yStride = 0;
};

using TileFn = void (*)(const TileArgs&);

struct KernelSet {
    const char* name = "";
    /// Quantizes n values (a multiple of `block`, 32 or 256) to q, d[n/block]
    /// and sums[n/16]; d = max|x| / 127, q = round(x / d).
    void (*quantizeActs)(const float* x, std::int64_t n, int block, std::int8_t* q, float* d,
                         std::int16_t* sums) = nullptr;
    /// Fast-path tile kernel per weight type (nullptr: not on this path).
    TileFn (*fastTile)(gguf::GgmlType type) = nullptr;
    /// sum a[i]*b[i] in F32 (the precise path's inner product).
    float (*dotF32)(const float* a, const float* b, std::int64_t n) = nullptr;
    /// dequantizeRow for the precise path; may be a faster equivalent.
    void (*dequantize)(gguf::GgmlType type, const void* src, float* dst, std::int64_t n) = nullptr;
};

/// The activation block size the fast path uses for a weight type: 256 for the
/// K-quants, 32 for the other quantized types, 0 for float types.
int activationBlock(gguf::GgmlType type);

const KernelSet& portableKernels();
/// Only call where the CPU has AVX2, FMA and F16C.
const KernelSet& avx2Kernels();
/// Only call where isaSupported(Isa::Avx512): AVX-512 F/BW/VL/DQ and VNNI.
/// VNNI kernels for Q8_0, Q4_0, Q5_0, Q4_K, Q5_K and Q6_K prefill; the AVX2
/// set's for decode and every other type.
const KernelSet& avx512Kernels();

} // namespace qiusuo::cpu
