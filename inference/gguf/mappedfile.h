#pragma once
/// @brief A whole file mapped read-only into memory (mmap on POSIX,
/// MapViewOfFile on Windows). Opening maps only: no byte is read until used.

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace qiusuo::gguf {

class MappedFile {
public:
    /// Maps `path` read-only. Throws qiusuo::Error naming the file when it
    /// cannot be opened or mapped. An empty file maps to size 0, data nullptr.
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::uint64_t size() const { return size_; }

private:
    const std::uint8_t* data_ = nullptr;
    std::uint64_t size_ = 0;
#ifdef _WIN32
    void* fileHandle_ = nullptr;
    void* mappingHandle_ = nullptr;
#endif
};

} // namespace qiusuo::gguf
