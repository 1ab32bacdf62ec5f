#include "inference/cuda/cudaerror.h"

#include "inference/error.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdio>

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

std::string formatBytes(std::size_t bytes)
{
    char buf[32];
    const double gb = static_cast<double>(bytes) / 1e9;
    if (gb >= 1.0)
        std::snprintf(buf, sizeof buf, "%.1f GB", gb);
    else
        std::snprintf(buf, sizeof buf, "%.0f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

} // namespace qiusuo::cuda
