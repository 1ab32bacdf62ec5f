#pragma once
/// @brief An owned block of GPU memory (cudaMalloc/cudaFree), moved, never copied.

#include <cstddef>
#include <utility>

namespace qiusuo::cuda {

class DeviceBuffer {
public:
    DeviceBuffer() = default;
    /// Allocates `bytes` on the current device; throws qiusuo::Error naming
    /// `what` and the size when the GPU has not enough memory.
    DeviceBuffer(std::size_t bytes, const char* what);
    ~DeviceBuffer();
    DeviceBuffer(DeviceBuffer&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
    DeviceBuffer& operator=(DeviceBuffer&& other) noexcept;
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;

    void* get() const { return ptr_; }
    template <typename T>
    T* as() const { return static_cast<T*>(ptr_); }
    std::size_t bytes() const { return bytes_; }

private:
    void* ptr_ = nullptr;
    std::size_t bytes_ = 0;
};

} // namespace qiusuo::cuda
