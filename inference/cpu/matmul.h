#pragma once
/// @brief Matrix products on GGUF weights in their stored (quantized) form.
///
/// Layout: a weight of GGUF dims [cols, rows] is `rows` rows of `cols`
/// elements; each row is stored contiguously as blocks of its type
/// (`rowBytes` = cols / blockSize * typeSize). Activations are F32,
/// row-major [nTokens][cols]; outputs [nTokens][rows].
///
/// Kernels: AVX-512 with VNNI, else AVX2+FMA+F16C when the CPU has them, else
/// portable C++; the environment variable QIUSUO_CPU_ISA=portable|avx2|avx512|auto
/// forces a set (see isa.h). Weight types: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K,
/// Q5_K, Q6_K (Q4_1/Q5_1 always take the precise path).

#include "inference/cpu/isa.h"
#include "inference/gguf/ggmltype.h"

#include <cstddef>
#include <cstdint>

namespace qiusuo::cpu {

class ThreadPool;

struct WeightView {
    gguf::GgmlType type = gguf::GgmlType::F32;
    const void* data = nullptr;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::size_t rowBytes = 0;
};

/// Precise: F32 activations against exactly dequantized weights (for
/// verification against the references). Fast: the default, with activations
/// quantized to 8 bits for integer dot products, as llama.cpp does.
enum class Precision { Fast, Precise };

/// y[t][r] = sum_c W[r][c] * x[t][c], for t < nTokens, r < rows. Splits the
/// rows over `pool` (nullptr: the calling thread only). Uses activeIsa()'s
/// kernels. Throws qiusuo::Error for an unsupported type or a bad shape.
void matmul(const WeightView& w, const float* x, std::int64_t nTokens, float* y,
            Precision precision, ThreadPool* pool);

/// The same with an explicit kernel set (tests compare the sets; throws
/// qiusuo::Error when this CPU cannot run `isa`).
void matmul(const WeightView& w, const float* x, std::int64_t nTokens, float* y,
            Precision precision, ThreadPool* pool, Isa isa);

/// Dequantizes `n` elements (a multiple of the type's block size) to F32.
void dequantizeRow(gguf::GgmlType type, const void* src, float* dst, std::int64_t n);

} // namespace qiusuo::cpu
