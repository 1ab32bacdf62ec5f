#pragma once
/// @brief Decodes and validates the bytes of a GGUF file (header, metadata,
/// tensor table) without touching the tensor data. Used by GgufFile; kept
/// separate so the fuzzer and the tests can feed it any bytes.

#include "inference/gguf/gguffile.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qiusuo::gguf {

/// Everything the header, metadata and tensor table say, already validated
/// against the file size. TensorInfo::data is set from `base`.
struct GgufLayout {
    std::uint32_t version = 0;
    std::uint32_t alignment = 32;
    std::uint64_t dataOffset = 0;  ///< start of the tensor data section
    std::vector<std::pair<std::string, Value>> metadata;
    std::vector<TensorInfo> tensors;
};

class GgufParser {
public:
    /// `fileName` prefixes every error message.
    GgufParser(const std::uint8_t* base, std::uint64_t size, std::string fileName);

    /// Throws qiusuo::Error naming the first problem found.
    GgufLayout parse();

    /// The most array elements one file may hold in its metadata (all arrays
    /// together). Real vocabularies hold well under a million; the cap keeps
    /// a corrupt count from allocating gigabytes.
    static constexpr std::uint64_t kMaxArrayElements = 1ull << 24;
    /// GGML tensors have at most four dimensions.
    static constexpr std::uint32_t kMaxDims = 4;
    /// Arrays of arrays deeper than this are refused (keeps recursion bounded).
    static constexpr int kMaxNesting = 8;

private:
    /// "<file>: <problem>".
    [[noreturn]] void fail(const std::string& problem) const;
    /// "<file> <predicate>", for what is wrong with the file as a whole.
    [[noreturn]] void failAbout(const std::string& predicate) const;
    [[noreturn]] void failTruncated() const;
    void need(std::uint64_t n) const;
    std::uint8_t readU8();
    std::uint16_t readU16();
    std::uint32_t readU32();
    std::uint64_t readU64();
    std::string readString();
    /// A validated string, in place in the bytes.
    std::string_view readStringView();

    void readHeader(GgufLayout& layout);
    void readMetadata(GgufLayout& layout, std::uint64_t count);
    Value readValue(ValueType type, const std::string& key, int depth);
    Array readArray(const std::string& key, int depth);
    /// Items of an array of numbers, bools or strings, as a view of the file.
    ValueList readPackedItems(ValueType type, const std::string& key, std::uint64_t count);
    void applyAlignment(GgufLayout& layout, const std::string& key, const Value& value) const;
    void readTensorTable(GgufLayout& layout, std::uint64_t count);
    TensorInfo readTensorInfo(const GgufLayout& layout);
    void placeTensors(GgufLayout& layout) const;

    const std::uint8_t* base_;
    std::uint64_t size_;
    std::uint64_t pos_ = 0;
    std::string fileName_;
    std::string where_ = "the header";  ///< what is being read, for truncation messages
    std::uint64_t arrayElements_ = 0;
};

} // namespace qiusuo::gguf
