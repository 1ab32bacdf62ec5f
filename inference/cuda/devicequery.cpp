#include "inference/cuda/devicequery.h"

#include <cuda_runtime.h>

namespace qiusuo::cuda {

DeviceQuery queryDevices()
{
    DeviceQuery result;
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        // 35 (cudaErrorInsufficientDriver) and 100 (cudaErrorNoDevice) are the
        // ordinary "no usable GPU" answers; report them in words.
        result.reason = err == cudaErrorNoDevice ? "no CUDA device"
                      : err == cudaErrorInsufficientDriver ? "CUDA driver not found or too old"
                      : std::string("CUDA unavailable: ") + cudaGetErrorString(err);
        cudaGetLastError();
        return result;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess)
            continue;
        DeviceInfo info;
        info.index = i;
        info.name = prop.name;
        info.totalBytes = prop.totalGlobalMem;
        info.computeMajor = prop.major;
        info.computeMinor = prop.minor;
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
            info.freeBytes = freeBytes;
        result.devices.push_back(info);
    }
    if (result.devices.empty())
        result.reason = "no CUDA device";
    return result;
}

} // namespace qiusuo::cuda
