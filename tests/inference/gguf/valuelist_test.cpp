// Metadata arrays of numbers and strings are read as views of the file's
// bytes (ValueList): every item must read back exactly as written, copies
// must own their items, and broken arrays must keep their clear errors.
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using qiusuo::gguf::Array;
using qiusuo::gguf::GgufFile;
using qiusuo::gguf::GgufWriter;
using qiusuo::gguf::Value;
using qiusuo::gguf::ValueList;
using qiusuo::gguf::ValueType;

namespace {

/// Strings of many lengths (empty, one byte, multi-byte UTF-8, invalid
/// UTF-8, longer than a small-string buffer), more than three strides long.
std::vector<std::string> sampleStrings()
{
    std::vector<std::string> s;
    for (int i = 0; i < 70; ++i) {
        switch (i % 7) {
        case 0: s.push_back(""); break;
        case 1: s.push_back(std::string(1, static_cast<char>('a' + i % 26))); break;
        case 2: s.push_back("Ġtoken" + std::to_string(i)); break;
        case 3: s.push_back("<｜begin▁of▁sentence｜>"); break;
        case 4: s.push_back(std::string("\xff\xfe bad utf-8 \xc3", 15)); break;
        case 5: s.push_back(std::string(100 + i, 'x')); break;
        default: s.push_back(std::string("nul\0inside", 10)); break;
        }
    }
    return s;
}

std::unique_ptr<GgufFile> parse(const GgufWriter& w)
{
    return GgufFile::fromBuffer(w.serialize(), "values.gguf");
}

std::string errorOf(std::vector<std::uint8_t> bytes)
{
    try {
        GgufFile::fromBuffer(std::move(bytes), "broken.gguf");
    } catch (const qiusuo::Error& e) {
        return e.what();
    }
    return "(no error)";
}

std::size_t find(const std::vector<std::uint8_t>& bytes, const std::string& needle)
{
    const auto it = std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end());
    return it == bytes.end() ? std::string::npos : static_cast<std::size_t>(it - bytes.begin());
}

} // namespace

TEST(ValueList, StringsReadThroughTheViewEqualTheOriginals)
{
    const auto strings = sampleStrings();
    GgufWriter w;
    w.set("test.strings", Value::ofStrings(strings));
    const auto f = parse(w);
    const Array* a = f->getArray("test.strings");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->elementType, ValueType::String);
    EXPECT_TRUE(a->items.isView());
    ASSERT_EQ(a->items.size(), strings.size());
    for (std::size_t i = 0; i < strings.size(); ++i) {
        EXPECT_EQ(a->items.stringAt(i), strings[i]) << "item " << i;
        EXPECT_EQ(a->items[i], Value::ofString(strings[i])) << "item " << i;
        EXPECT_FALSE(a->items.intAt(i).has_value());
    }
    std::size_t i = 0;
    for (const Value& v : a->items)
        EXPECT_EQ(*v.asString(), strings[i++]);
    EXPECT_EQ(i, strings.size());
    // The same items as the owned array they were written from.
    EXPECT_EQ(*f->find("test.strings"), Value::ofStrings(strings));
}

TEST(ValueList, NumbersReadThroughTheViewEqualTheOriginals)
{
    const std::vector<std::int32_t> ints{0, 1, -1, 2147483647, -2147483647 - 1, 6, 3, 151643};
    const std::vector<float> floats{0.0f, -0.0f, 1.5f, -3.25e-7f, 3.4e38f, -1e-45f};
    GgufWriter w;
    w.set("test.ints", Value::ofInt32s(ints));
    w.set("test.floats", Value::ofFloat32s(floats));
    const Array u8s{ValueType::Uint8, {Value::ofUint8(0), Value::ofUint8(255)}};
    const Array i16s{ValueType::Int16, {Value::ofInt16(-32768), Value::ofInt16(32767)}};
    const Array u64s{ValueType::Uint64, {Value::ofUint64(~0ull), Value::ofUint64(1ull << 40)}};
    const Array i64s{ValueType::Int64, {Value::ofInt64(-(1ll << 62)), Value::ofInt64(5)}};
    const Array f64s{ValueType::Float64, {Value::ofFloat64(-2.5e300), Value::ofFloat64(1.0 / 3)}};
    const Array bools{ValueType::Bool, {Value::ofBool(true), Value::ofBool(false), Value::ofBool(true)}};
    w.set("test.u8s", Value::ofArray(u8s));
    w.set("test.i16s", Value::ofArray(i16s));
    w.set("test.u64s", Value::ofArray(u64s));
    w.set("test.i64s", Value::ofArray(i64s));
    w.set("test.f64s", Value::ofArray(f64s));
    w.set("test.bools", Value::ofArray(bools));
    const auto f = parse(w);

    const Array* a = f->getArray("test.ints");
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(a->items.isView());
    ASSERT_EQ(a->items.size(), ints.size());
    for (std::size_t i = 0; i < ints.size(); ++i) {
        EXPECT_EQ(a->items.intAt(i), ints[i]) << "item " << i;
        EXPECT_EQ(a->items.floatAt(i), static_cast<double>(ints[i])) << "item " << i;
        EXPECT_EQ(a->items[i], Value::ofInt32(ints[i])) << "item " << i;
        EXPECT_EQ(a->items.stringAt(i), "");
    }
    const Array* fl = f->getArray("test.floats");
    ASSERT_NE(fl, nullptr);
    for (std::size_t i = 0; i < floats.size(); ++i) {
        EXPECT_EQ(fl->items[i], Value::ofFloat32(floats[i])) << "item " << i;
        EXPECT_EQ(std::signbit(*fl->items.floatAt(i)), std::signbit(floats[i])) << "item " << i;
        EXPECT_FALSE(fl->items.intAt(i).has_value());
    }
    for (const auto& [key, written] : {std::pair{"test.u8s", &u8s}, std::pair{"test.i16s", &i16s},
                                       std::pair{"test.u64s", &u64s}, std::pair{"test.i64s", &i64s},
                                       std::pair{"test.f64s", &f64s}, std::pair{"test.bools", &bools}}) {
        const Array* read = f->getArray(key);
        ASSERT_NE(read, nullptr) << key;
        EXPECT_TRUE(read->items.isView()) << key;
        EXPECT_EQ(*read, *written) << key;
    }
    EXPECT_EQ(f->getArray("test.u64s")->items.intAt(0), std::nullopt);  // beyond int64, as Value::asInt
    EXPECT_EQ(f->getArray("test.bools")->items.intAt(1), 0);
}

TEST(ValueList, ACopyOwnsItsItemsAndOutlivesTheFile)
{
    const auto strings = sampleStrings();
    const auto path = std::filesystem::temp_directory_path() / "qiusuo-valuelist-copy.gguf";
    GgufWriter w;
    w.set("test.strings", Value::ofStrings(strings));
    w.set("test.ints", Value::ofInt32s({4, 5, 6}));
    w.write(path);
    Value copiedStrings;
    Value copiedInts;
    {
        const auto f = GgufFile::open(path);  // mapped, and unmapped at the end of the block
        copiedStrings = *f->find("test.strings");
        copiedInts = *f->find("test.ints");
        EXPECT_FALSE(copiedStrings.asArray()->items.isView());
    }
    std::filesystem::remove(path);
    EXPECT_EQ(copiedStrings, Value::ofStrings(strings));
    EXPECT_EQ(copiedInts, Value::ofInt32s({4, 5, 6}));
    // Appending to a copy leaves the file's view alone.
    ValueList list = copiedInts.asArray()->items;
    list.push_back(Value::ofInt32(7));
    EXPECT_EQ(list.size(), 4u);
    EXPECT_EQ(copiedInts.asArray()->items.size(), 3u);
}

TEST(ValueList, ArraysOfArraysStayOwned)
{
    GgufWriter w;
    const Array inner{ValueType::Int32, {Value::ofInt32(1), Value::ofInt32(2)}};
    w.set("test.nested", Value::ofArray(Array{ValueType::Array, {Value::ofArray(inner), Value::ofArray(inner)}}));
    const auto f = parse(w);
    const Array* nested = f->getArray("test.nested");
    ASSERT_NE(nested, nullptr);
    EXPECT_FALSE(nested->items.isView());
    ASSERT_EQ(nested->items.size(), 2u);
    const Value second = nested->items[1];  // a copy, which owns its items
    EXPECT_FALSE(second.asArray()->items.isView());
    EXPECT_EQ(*second.asArray(), inner);
}

TEST(ValueList, ATruncatedStringArrayKeepsItsClearError)
{
    GgufWriter w;
    w.set("tokenizer.ggml.tokens", Value::ofStrings(sampleStrings()));
    const auto bytes = w.serialize();
    const std::size_t inside = find(bytes, std::string(100 + 40, 'x'));
    ASSERT_NE(inside, std::string::npos);
    const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(inside + 7));
    const std::string message = errorOf(cut);
    EXPECT_NE(message.find("broken.gguf: the file ends in the middle of the metadata (key 'tokenizer.ggml.tokens')"),
              std::string::npos) << message;
    EXPECT_NE(message.find("is the download complete"), std::string::npos) << message;
}

TEST(ValueList, AStringLengthPastTheEndIsNamed)
{
    // One string in the middle of the array claims more bytes than the file has.
    GgufWriter w;
    w.set("tokenizer.ggml.merges", Value::ofStrings({"a b", "Ġ t", "zzzzzz", "c d"}));
    auto bytes = w.serialize();
    const std::size_t at = find(bytes, "zzzzzz");
    ASSERT_NE(at, std::string::npos);
    const std::uint64_t huge = 1ull << 40;
    std::memcpy(bytes.data() + at - 8, &huge, 8);  // little-endian hosts, as the writer
    const std::string message = errorOf(bytes);
    EXPECT_NE(message.find("metadata (key 'tokenizer.ggml.merges')"), std::string::npos) << message;
    EXPECT_NE(message.find("a string of 1099511627776 bytes"), std::string::npos) << message;
}

TEST(ValueList, ABadBooleanInAnArrayIsRefused)
{
    GgufWriter w;
    w.set("test.flags", Value::ofArray(Array{ValueType::Bool, {Value::ofBool(true), Value::ofBool(false)}}));
    auto bytes = w.serialize();
    const std::size_t key = find(bytes, "test.flags");
    ASSERT_NE(key, std::string::npos);
    // key, type (4), element type (4), count (8), then the two bytes.
    bytes[key + 10 + 4 + 4 + 8 + 1] = 2;
    const std::string message = errorOf(bytes);
    EXPECT_NE(message.find("test.flags' holds a boolean that is neither 0 nor 1 (2)"), std::string::npos) << message;
}
