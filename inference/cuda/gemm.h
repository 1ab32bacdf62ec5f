#pragma once
/// @brief Prefill products through cuBLAS: F16 weights and activations,
/// F32 accumulation and output (tensor cores on every supported GPU).

#include "inference/cuda/kernels.h"

struct cublasContext;

namespace qiusuo::cuda {

class Gemm {
public:
    explicit Gemm(Stream stream);
    ~Gemm();
    Gemm(const Gemm&) = delete;
    Gemm& operator=(const Gemm&) = delete;

    /// Y[t][r] = beta·Y[t][r] + sum_c W[r][c] X[t][c] for r < rows, t < n, where
    /// W is F16 row-major [rows][cols], X F16 [n][cols], and Y F32 with
    /// rows `ldy` apart (a tile of a wider output).
    void f16(const void* w, const void* x, float* y, std::int64_t rows, std::int64_t n, std::int64_t cols,
             std::int64_t ldy, float beta);

private:
    cublasContext* handle_ = nullptr;
};

} // namespace qiusuo::cuda
