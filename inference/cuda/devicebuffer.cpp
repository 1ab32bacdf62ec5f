#include "inference/cuda/devicebuffer.h"

#include "inference/bytesize.h"
#include "inference/cuda/cudaerror.h"
#include "inference/error.h"

#include <cuda_runtime.h>

namespace qiusuo::cuda {

DeviceBuffer::DeviceBuffer(std::size_t bytes, const char* what) : bytes_(bytes)
{
    if (bytes == 0)
        return;
    const cudaError_t err = cudaMalloc(&ptr_, bytes);
    if (err != cudaSuccess) {
        cudaGetLastError();
        ptr_ = nullptr;
        bytes_ = 0;
        size_t freeBytes = 0, total = 0;
        cudaMemGetInfo(&freeBytes, &total);
        throw Error(std::string("the GPU is out of memory: ") + what + " needs " + formatBytes(bytes) +
                    ", and " + formatBytes(freeBytes) + " is free");
    }
}

DeviceBuffer::~DeviceBuffer()
{
    if (ptr_)
        cudaFree(ptr_);
}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept
{
    if (this != &other) {
        if (ptr_)
            cudaFree(ptr_);
        ptr_ = std::exchange(other.ptr_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
}

} // namespace qiusuo::cuda
