#include "inference/cuda/cudaerror.h"

#include "inference/error.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>

namespace qiusuo::cuda {

void check(int status, const char* what)
{
    const auto err = static_cast<cudaError_t>(status);
    if (err == cudaSuccess)
        return;
    cudaGetLastError();  // clear the sticky non-fatal error so later calls work
    if (err == cudaErrorMemoryAllocation)
        throw Error(std::string(what) + " failed: the GPU is out of memory");
    throw Error(std::string(what) + " failed on the GPU: " + cudaGetErrorString(err));
}

void checkCublas(int status, const char* what)
{
    const auto st = static_cast<cublasStatus_t>(status);
    if (st == CUBLAS_STATUS_SUCCESS)
        return;
    if (st == CUBLAS_STATUS_ALLOC_FAILED)
        throw Error(std::string(what) + " failed: the GPU is out of memory");
    throw Error(std::string(what) + " failed in cuBLAS (status " + std::to_string(status) + ")");
}

} // namespace qiusuo::cuda
