#pragma once
/// @brief How GGUF stores values, for the parser and for ValueList, which
/// reads array items in place from the mapped file.

#include "inference/gguf/gguffile.h"

#include <cstddef>
#include <cstdint>

namespace qiusuo::gguf::bytes {

/// GGUF is little-endian: values are assembled byte by byte, correct on any
/// host and at any alignment (array items follow each other with no padding).
template <typename T>
T littleEndian(const std::uint8_t* p)
{
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        v = static_cast<T>(v | static_cast<T>(static_cast<T>(p[i]) << (8 * i)));
    return v;
}

/// Bytes one scalar of `type` takes; 0 for strings and arrays.
inline std::size_t scalarSize(ValueType type)
{
    switch (type) {
    case ValueType::Uint8: case ValueType::Int8: case ValueType::Bool: return 1;
    case ValueType::Uint16: case ValueType::Int16: return 2;
    case ValueType::Uint32: case ValueType::Int32: case ValueType::Float32: return 4;
    case ValueType::Uint64: case ValueType::Int64: case ValueType::Float64: return 8;
    case ValueType::String: case ValueType::Array: break;
    }
    return 0;
}

} // namespace qiusuo::gguf::bytes
