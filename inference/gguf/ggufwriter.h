#pragma once
/// @brief Writes GGUF files (version 3, little-endian): metadata of every
/// value type and tensors with their raw bytes, aligned. The output depends
/// only on the inputs and their order, so equal inputs give identical files.

#include "inference/gguf/gguffile.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace qiusuo::gguf {

class GgufWriter {
public:
    GgufWriter() = default;

    /// GGUF version to write: 3 (default) or 2 (same layout, for tests).
    void setVersion(std::uint32_t version);
    /// Data alignment, a power of two (default 32). Anything but 32 is also
    /// recorded as `general.alignment`, as readers expect.
    void setAlignment(std::uint32_t alignment);

    /// Adds a metadata entry, or replaces the value of an existing key in place.
    /// Throws qiusuo::Error when the value's data does not fit its type.
    void set(const std::string& key, Value value);
    void setString(const std::string& key, std::string value) { set(key, Value::ofString(std::move(value))); }
    void setUint32(const std::string& key, std::uint32_t value) { set(key, Value::ofUint32(value)); }
    void setInt32(const std::string& key, std::int32_t value) { set(key, Value::ofInt32(value)); }
    void setFloat32(const std::string& key, float value) { set(key, Value::ofFloat32(value)); }
    void setBool(const std::string& key, bool value) { set(key, Value::ofBool(value)); }

    /// Adds a tensor; `bytes` must hold exactly the type's size for `dims`
    /// (dims[0] first, a multiple of the type's block size). Throws
    /// qiusuo::Error on a duplicate name or a size mismatch.
    void addTensor(const std::string& name, GgmlType type, std::vector<std::uint64_t> dims,
                   std::vector<std::uint8_t> bytes);
    void addTensor(const std::string& name, GgmlType type, std::vector<std::uint64_t> dims,
                   std::span<const std::uint8_t> bytes);

    /// The whole file in memory.
    std::vector<std::uint8_t> serialize() const;
    /// Writes to `path` through a temporary file in the same folder that is
    /// renamed over `path` only when complete. Throws qiusuo::Error on failure.
    void write(const std::filesystem::path& path) const;

    /// Bytes a tensor of `type` and `dims` takes; throws qiusuo::Error when
    /// the shape is invalid for the type.
    static std::uint64_t tensorBytes(GgmlType type, const std::vector<std::uint64_t>& dims);

private:
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<std::uint64_t> dims;
        std::vector<std::uint8_t> bytes;
    };

    /// Header, metadata and tensor table, padded to the data section start.
    std::vector<std::uint8_t> encodeHead() const;

    std::uint32_t version_ = 3;
    std::uint32_t alignment_ = 32;
    std::vector<std::pair<std::string, Value>> metadata_;
    std::vector<Tensor> tensors_;
};

} // namespace qiusuo::gguf
