#pragma once
/// @brief Writes GGUF files (version 3, little-endian): metadata of every
/// value type and tensors with their raw bytes, aligned. The output depends
/// only on the inputs and their order, so equal inputs give identical files.
///
/// Tensors are either given with their bytes (held until written) or
/// deferred: declared by type and shape only, their bytes asked from a
/// RowSource while write() streams the file out in bounded chunks, so a file
/// far larger than memory can be written. The header is known in advance
/// because every tensor's size follows from its type and shape.

#include "inference/gguf/gguffile.h"

#include <cstdint>
#include <filesystem>
#include <functional>
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

    /// Declares a tensor whose bytes come from the RowSource given to write().
    /// Throws qiusuo::Error on a duplicate name or a shape invalid for `type`.
    void addDeferredTensor(const std::string& name, GgmlType type, std::vector<std::uint64_t> dims);

    /// Fills `out` with the bytes of rows [firstRow, firstRow + rowCount) of
    /// tensor number `tensorIndex` (in the order added; a row is dims[0]
    /// values). Called from the writing thread, in file order.
    using RowSource = std::function<void(std::size_t tensorIndex, std::uint64_t firstRow,
                                         std::uint64_t rowCount, std::span<std::uint8_t> out)>;

    /// The whole file in memory. Throws qiusuo::Error if a tensor is deferred.
    std::vector<std::uint8_t> serialize() const;
    /// Writes to `path` through a temporary file in the same folder that is
    /// renamed over `path` only when complete. Deferred tensors are asked
    /// from `source` in chunks of whole rows of about `chunkBytes`, and each
    /// chunk is written while the next is produced, so memory stays near two
    /// chunks. Throws qiusuo::Error on failure (the temporary file removed),
    /// or if a tensor is deferred and `source` is empty; an exception from
    /// `source` is passed on after the same clean-up.
    void write(const std::filesystem::path& path, const RowSource& source = {},
               std::uint64_t chunkBytes = std::uint64_t{32} << 20) const;

    /// Tensors added so far, deferred or not.
    std::size_t tensorCount() const { return tensors_.size(); }

    /// Bytes a tensor of `type` and `dims` takes; throws qiusuo::Error when
    /// the shape is invalid for the type.
    static std::uint64_t tensorBytes(GgmlType type, const std::vector<std::uint64_t>& dims);

private:
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<std::uint64_t> dims;
        std::vector<std::uint8_t> bytes;  ///< empty when deferred
        std::uint64_t size = 0;           ///< bytes in the file
        bool deferred = false;
    };

    void checkNewTensor(const std::string& name) const;

    /// Header, metadata and tensor table, padded to the data section start.
    std::vector<std::uint8_t> encodeHead() const;

    std::uint32_t version_ = 3;
    std::uint32_t alignment_ = 32;
    std::vector<std::pair<std::string, Value>> metadata_;
    std::vector<Tensor> tensors_;
};

} // namespace qiusuo::gguf
