#pragma once
/// @brief Shared pieces of the GPU tests: a fixture that skips with "no CUDA
/// device" where there is none, and host<->device copies.

#include "inference/cuda/devicebuffer.h"
#include "inference/cuda/devicequery.h"

#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include <vector>

namespace qiusuo::test {

class CudaTest : public testing::Test {
protected:
    void SetUp() override
    {
        const cuda::DeviceQuery q = cuda::queryDevices();
        if (q.devices.empty())
            GTEST_SKIP() << "no CUDA device (" << q.reason << "): the GPU tests run on a machine with an NVIDIA GPU";
        ASSERT_EQ(cudaSetDevice(0), cudaSuccess);
    }
};

template <typename T>
cuda::DeviceBuffer toDevice(const std::vector<T>& host)
{
    cuda::DeviceBuffer buf(host.size() * sizeof(T), "a test buffer");
    EXPECT_EQ(cudaMemcpy(buf.get(), host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice), cudaSuccess);
    return buf;
}

template <typename T>
std::vector<T> toHost(const cuda::DeviceBuffer& buf, std::size_t count)
{
    std::vector<T> host(count);
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    EXPECT_EQ(cudaMemcpy(host.data(), buf.get(), count * sizeof(T), cudaMemcpyDeviceToHost), cudaSuccess);
    return host;
}

} // namespace qiusuo::test
