#pragma once
/// @brief Small GGUF images built with GgufWriter, shared by the reader and
/// writer tests and the fuzz corpus generator.

#include "inference/gguf/ggufwriter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qiusuo::test {

/// Deterministic bytes (a simple LCG) for tensor contents.
inline std::vector<std::uint8_t> patternBytes(std::size_t n, std::uint32_t seed)
{
    std::vector<std::uint8_t> out(n);
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& b : out) {
        x = x * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(x >> 24);
    }
    return out;
}

/// Metadata of every value type, incl. nested and empty arrays.
inline void addEveryValueType(gguf::GgufWriter& w)
{
    using gguf::Array;
    using gguf::Value;
    using gguf::ValueType;
    w.setString("general.architecture", "qwen2");
    w.setString("general.name", "sample 样例");
    w.set("test.u8", Value::ofUint8(255));
    w.set("test.i8", Value::ofInt8(-128));
    w.set("test.u16", Value::ofUint16(65535));
    w.set("test.i16", Value::ofInt16(-32768));
    w.set("test.u32", Value::ofUint32(4294967295u));
    w.set("test.i32", Value::ofInt32(-2147483647 - 1));
    w.set("test.u64", Value::ofUint64(18446744073709551615ull));
    w.set("test.i64", Value::ofInt64(-9223372036854775807ll - 1));
    w.set("test.f32", Value::ofFloat32(0.1f));
    w.set("test.f64", Value::ofFloat64(-2.5e-300));
    w.set("test.bool_true", Value::ofBool(true));
    w.set("test.bool_false", Value::ofBool(false));
    w.set("test.string_empty", Value::ofString(""));
    w.set("test.strings", Value::ofStrings({"a", "", "<｜User｜>", "Ġworld"}));
    w.set("test.i32s", Value::ofInt32s({1, -2, 3}));
    w.set("test.f32s", Value::ofFloat32s({0.5f, -1.25f}));
    w.set("test.empty_u8s", Value::ofArray(Array{ValueType::Uint8, {}}));
    w.set("test.empty_strings", Value::ofArray(Array{ValueType::String, {}}));
    Array inner1{ValueType::Int64, {Value::ofInt64(7), Value::ofInt64(-8)}};
    Array inner2{ValueType::Int64, {}};
    Array nested{ValueType::Array, {Value::ofArray(inner1), Value::ofArray(inner2)}};
    w.set("test.nested", Value::ofArray(nested));
    Array deeper{ValueType::Array, {Value::ofArray(nested), Value::ofArray(Array{ValueType::Array, {}})}};
    w.set("test.nested3", Value::ofArray(deeper));
    w.set("test.bools", Value::ofArray(Array{ValueType::Bool, {Value::ofBool(true), Value::ofBool(false)}}));
    w.set("test.u64s", Value::ofArray(Array{ValueType::Uint64, {Value::ofUint64(1ull << 40)}}));
}

/// Three small tensors of different types.
inline void addSampleTensors(gguf::GgufWriter& w)
{
    w.addTensor("token_embd.weight", gguf::GgmlType::F32, {8, 3}, patternBytes(8 * 3 * 4, 1));
    w.addTensor("blk.0.attn_q.weight", gguf::GgmlType::Q8_0, {32, 2}, patternBytes(2 * 34, 2));
    w.addTensor("blk.0.ffn_down.weight", gguf::GgmlType::Q4_K, {256, 1, 1, 2}, patternBytes(2 * 144, 3));
}

/// A valid file: every value type and three tensors.
inline std::vector<std::uint8_t> sampleGguf(std::uint32_t alignment = 32)
{
    gguf::GgufWriter w;
    if (alignment != 32)
        w.setAlignment(alignment);
    addEveryValueType(w);
    addSampleTensors(w);
    return w.serialize();
}

} // namespace qiusuo::test
