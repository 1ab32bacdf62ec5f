#pragma once
/// @brief Turns CUDA and cuBLAS status codes into qiusuo::Error with words a
/// user can act on (out of memory says how much was asked for).

#include <cstddef>
#include <string>

namespace qiusuo::cuda {

/// Throws qiusuo::Error("<what> failed on the GPU: <CUDA's message>") unless
/// `status` (a cudaError_t) is success.
void check(int status, const char* what);

/// The same for a cublasStatus_t.
void checkCublas(int status, const char* what);

} // namespace qiusuo::cuda
