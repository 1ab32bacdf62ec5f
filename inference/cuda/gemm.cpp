#include "inference/cuda/gemm.h"

#include "inference/cuda/cudaerror.h"

#include <cublas_v2.h>

namespace qiusuo::cuda {

Gemm::Gemm(Stream stream)
{
    checkCublas(cublasCreate(&handle_), "starting cuBLAS");
    checkCublas(cublasSetStream(handle_, stream), "starting cuBLAS");
}

Gemm::~Gemm()
{
    if (handle_)
        cublasDestroy(handle_);
}

void Gemm::f16(const void* w, const void* x, float* y, std::int64_t rows, std::int64_t n, std::int64_t cols,
               std::int64_t ldy, float beta)
{
    // Column-major view: W is a cols×rows matrix (lda = cols), X a cols×n one,
    // Y a rows×n one with leading dimension ldy; Y = Wᵀ X.
    const float alpha = 1.0f;
    checkCublas(cublasGemmEx(handle_, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(rows), static_cast<int>(n),
                             static_cast<int>(cols), &alpha, w, CUDA_R_16F, static_cast<int>(cols), x, CUDA_R_16F,
                             static_cast<int>(cols), &beta, y, CUDA_R_32F, static_cast<int>(ldy),
                             CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                "a prefill matrix product");
}

} // namespace qiusuo::cuda
