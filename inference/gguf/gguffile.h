#pragma once
/// @brief A GGUF model file, memory-mapped and validated: metadata and the
/// tensor table. Every offset and size is checked against the file on open;
/// a broken file throws qiusuo::Error naming the problem.

#include "inference/gguf/ggmltype.h"
#include "inference/gguf/valuelist.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace qiusuo::gguf {

/// Metadata value types; the ids are part of the GGUF format.
enum class ValueType : std::uint32_t {
    Uint8 = 0, Int8 = 1, Uint16 = 2, Int16 = 3, Uint32 = 4, Int32 = 5, Float32 = 6,
    Bool = 7, String = 8, Array = 9, Uint64 = 10, Int64 = 11, Float64 = 12,
};

/// The name of a value type as the GGUF spec spells it ("UINT32", "ARRAY").
std::string_view valueTypeName(ValueType type);

struct Value;
/// An array keeps its element type even when empty; arrays may nest. Arrays
/// of numbers or strings read from a file are views of its bytes (ValueList).
struct Array {
    ValueType elementType = ValueType::Uint8;
    ValueList items;

    bool operator==(const Array&) const;
};

struct Value {
    ValueType type = ValueType::Uint8;
    std::variant<std::uint64_t, std::int64_t, double, bool, std::string, Array> data;

    /// Integer value of any integer type (bool too); nullopt otherwise or when out of range.
    std::optional<std::int64_t> asInt() const;
    /// Float value of any numeric type.
    std::optional<double> asFloat() const;
    /// Into the Value; refused on a temporary (an item a ValueList returned),
    /// whose string would be gone by the time the pointer is used.
    const std::string* asString() const&;
    const std::string* asString() const&& = delete;
    const Array* asArray() const&;
    const Array* asArray() const&& = delete;

    /// Typed constructors (the writer checks that the data fits the type).
    static Value ofUint8(std::uint8_t v) { return {ValueType::Uint8, std::uint64_t{v}}; }
    static Value ofInt8(std::int8_t v) { return {ValueType::Int8, std::int64_t{v}}; }
    static Value ofUint16(std::uint16_t v) { return {ValueType::Uint16, std::uint64_t{v}}; }
    static Value ofInt16(std::int16_t v) { return {ValueType::Int16, std::int64_t{v}}; }
    static Value ofUint32(std::uint32_t v) { return {ValueType::Uint32, std::uint64_t{v}}; }
    static Value ofInt32(std::int32_t v) { return {ValueType::Int32, std::int64_t{v}}; }
    static Value ofUint64(std::uint64_t v) { return {ValueType::Uint64, v}; }
    static Value ofInt64(std::int64_t v) { return {ValueType::Int64, v}; }
    static Value ofFloat32(float v) { return {ValueType::Float32, double{v}}; }
    static Value ofFloat64(double v) { return {ValueType::Float64, v}; }
    static Value ofBool(bool v) { return {ValueType::Bool, v}; }
    static Value ofString(std::string v) { return {ValueType::String, std::move(v)}; }
    static Value ofArray(Array v) { return {ValueType::Array, std::move(v)}; }
    static Value ofStrings(const std::vector<std::string>& v);
    static Value ofInt32s(const std::vector<std::int32_t>& v);
    static Value ofFloat32s(const std::vector<float>& v);

    /// Same type and same data (deep for arrays; NaN is unequal to itself).
    bool operator==(const Value&) const = default;
};

/// One entry of the tensor table. `dims[0]` is the fastest-varying (row length).
struct TensorInfo {
    std::string name;
    GgmlType type = GgmlType::F32;
    std::vector<std::uint64_t> dims;
    std::uint64_t offset = 0;   ///< relative to the data section
    std::uint64_t nbytes = 0;   ///< validated size in bytes
    /// Into the mapping (page-aligned start) or fromBuffer()'s bytes (16-byte
    /// aligned start): aligned to alignment() up to that. Real files use 32; a
    /// file declaring 1 or 2 can give pointers unaligned for float.
    const std::uint8_t* data = nullptr;

    std::uint64_t elementCount() const;
};

class GgufFile {
public:
    /// Maps and validates `path`. Throws qiusuo::Error with a message for the
    /// user ("tensor blk.3.ffn_down.weight extends past the end of the file —
    /// is the download complete?").
    static std::unique_ptr<GgufFile> open(const std::filesystem::path& path);
    /// Parses a GGUF image held in memory (tests, the fuzzer); `name` stands
    /// in for the file name in error messages.
    static std::unique_ptr<GgufFile> fromBuffer(std::vector<std::uint8_t> bytes, std::string name);
    ~GgufFile();
    GgufFile(const GgufFile&) = delete;
    GgufFile& operator=(const GgufFile&) = delete;

    const std::filesystem::path& path() const;
    std::uint32_t version() const;
    std::uint64_t fileSize() const;
    std::uint32_t alignment() const;

    /// Metadata, in file order.
    const std::vector<std::pair<std::string, Value>>& metadata() const;
    const Value* find(std::string_view key) const;
    std::optional<std::string> getString(std::string_view key) const;
    std::optional<std::int64_t> getInt(std::string_view key) const;
    std::optional<double> getFloat(std::string_view key) const;
    std::optional<bool> getBool(std::string_view key) const;
    const Array* getArray(std::string_view key) const;
    /// `general.architecture`, e.g. "qwen2", "llama", "deepseek2" (empty when absent).
    std::string architecture() const;

    const std::vector<TensorInfo>& tensors() const;
    const TensorInfo* findTensor(std::string_view name) const;
    /// Offset of the tensor data section from the start of the file.
    std::uint64_t dataOffset() const;

    /// Throws qiusuo::Error ("quantization type IQ2_XXS is not supported yet")
    /// when any tensor has a type the engine cannot compute with. Files with
    /// such tensors still open, so `qiusuo-cli info` can describe them.
    void checkComputeSupport() const;
    /// The same check for one tensor.
    void checkComputeSupport(const TensorInfo& tensor) const;

private:
    GgufFile();
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace qiusuo::gguf
