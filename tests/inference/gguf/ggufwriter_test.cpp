// GgufWriter: what it writes loads in GgufFile with every value intact, and
// equal inputs give byte-identical files.
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "tests/inference/gguf/samplegguf.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

using qiusuo::gguf::Array;
using qiusuo::gguf::GgmlType;
using qiusuo::gguf::GgufFile;
using qiusuo::gguf::GgufWriter;
using qiusuo::gguf::Value;
using qiusuo::gguf::ValueType;

namespace {

std::vector<std::uint8_t> readAll(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path tempPath(const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() / "qiusuo-gguf-tests";
    std::filesystem::create_directories(dir);
    return dir / name;
}

/// Deep equality of two values, types included.
void expectSameValue(const Value& a, const Value& b, const std::string& key)
{
    ASSERT_EQ(a.type, b.type) << key;
    if (const auto* aa = a.asArray()) {
        const auto* ba = b.asArray();
        ASSERT_NE(ba, nullptr) << key;
        ASSERT_EQ(aa->elementType, ba->elementType) << key;
        ASSERT_EQ(aa->items.size(), ba->items.size()) << key;
        for (std::size_t i = 0; i < aa->items.size(); ++i)
            expectSameValue(aa->items[i], ba->items[i], key + "[" + std::to_string(i) + "]");
        return;
    }
    EXPECT_EQ(a.data, b.data) << key;
}

} // namespace

TEST(GgufWriterTest, EveryValueTypeRoundTrips)
{
    GgufWriter w;
    qiusuo::test::addEveryValueType(w);
    const auto f = GgufFile::fromBuffer(w.serialize(), "sample.gguf");
    EXPECT_EQ(f->version(), 3u);
    EXPECT_EQ(f->getInt("test.u8"), 255);
    EXPECT_EQ(f->getInt("test.i8"), -128);
    EXPECT_EQ(f->getInt("test.u16"), 65535);
    EXPECT_EQ(f->getInt("test.i16"), -32768);
    EXPECT_EQ(f->getInt("test.u32"), 4294967295ll);
    EXPECT_EQ(f->getInt("test.i32"), -2147483648ll);
    EXPECT_FALSE(f->getInt("test.u64"));  // beyond int64: no silent wrap
    EXPECT_EQ(std::get<std::uint64_t>(f->find("test.u64")->data), 18446744073709551615ull);
    EXPECT_EQ(f->getInt("test.i64"), INT64_MIN);
    EXPECT_EQ(f->getFloat("test.f32"), static_cast<double>(0.1f));
    EXPECT_EQ(f->getFloat("test.f64"), -2.5e-300);
    EXPECT_EQ(f->getFloat("test.u16"), 65535.0);
    EXPECT_EQ(f->getBool("test.bool_true"), true);
    EXPECT_EQ(f->getBool("test.bool_false"), false);
    EXPECT_EQ(f->getString("test.string_empty"), "");
    EXPECT_EQ(f->getString("general.name"), "sample 样例");
    EXPECT_EQ(f->architecture(), "qwen2");

    const Array* strings = f->getArray("test.strings");
    ASSERT_NE(strings, nullptr);
    ASSERT_EQ(strings->items.size(), 4u);
    EXPECT_EQ(strings->items.stringAt(2), "<｜User｜>");
    EXPECT_EQ(strings->items.stringAt(1), "");
    const Array* empty = f->getArray("test.empty_strings");
    ASSERT_NE(empty, nullptr);
    EXPECT_EQ(empty->elementType, ValueType::String);
    EXPECT_TRUE(empty->items.empty());
    const Array* nested = f->getArray("test.nested");
    ASSERT_NE(nested, nullptr);
    EXPECT_EQ(nested->elementType, ValueType::Array);
    ASSERT_EQ(nested->items.size(), 2u);
    const Value first = nested->items[0];
    const Value second = nested->items[1];
    EXPECT_EQ(first.asArray()->items[1].asInt(), -8);
    EXPECT_EQ(second.asArray()->elementType, ValueType::Int64);
    EXPECT_TRUE(second.asArray()->items.empty());

    // And everything, in order, deep-equal to what was written.
    GgufWriter again;
    qiusuo::test::addEveryValueType(again);
    const auto g = GgufFile::fromBuffer(again.serialize(), "again.gguf");
    ASSERT_EQ(f->metadata().size(), 24u);
    ASSERT_EQ(g->metadata().size(), f->metadata().size());
    for (std::size_t i = 0; i < f->metadata().size(); ++i) {
        EXPECT_EQ(f->metadata()[i].first, g->metadata()[i].first);
        expectSameValue(f->metadata()[i].second, g->metadata()[i].second, f->metadata()[i].first);
    }
}

TEST(GgufWriterTest, TensorsRoundTripAligned)
{
    for (std::uint32_t alignment : {1u, 32u, 64u, 4096u}) {
        SCOPED_TRACE(alignment);
        const auto f = GgufFile::fromBuffer(qiusuo::test::sampleGguf(alignment), "sample.gguf");
        EXPECT_EQ(f->alignment(), alignment);
        EXPECT_EQ(f->dataOffset() % alignment, 0u);
        ASSERT_EQ(f->tensors().size(), 3u);
        const auto* q = f->findTensor("blk.0.attn_q.weight");
        ASSERT_NE(q, nullptr);
        EXPECT_EQ(q->type, GgmlType::Q8_0);
        EXPECT_EQ(q->dims, (std::vector<std::uint64_t>{32, 2}));
        EXPECT_EQ(q->nbytes, 68u);
        EXPECT_EQ(std::vector<std::uint8_t>(q->data, q->data + q->nbytes), qiusuo::test::patternBytes(68, 2));
        const auto* k = f->findTensor("blk.0.ffn_down.weight");
        ASSERT_NE(k, nullptr);
        EXPECT_EQ(k->dims, (std::vector<std::uint64_t>{256, 1, 1, 2}));
        EXPECT_EQ(std::vector<std::uint8_t>(k->data, k->data + k->nbytes), qiusuo::test::patternBytes(288, 3));
        for (const auto& t : f->tensors())
            EXPECT_EQ(t.offset % alignment, 0u) << t.name;
    }
}

TEST(GgufWriterTest, SameInputsGiveIdenticalBytes)
{
    const auto a = qiusuo::test::sampleGguf();
    const auto b = qiusuo::test::sampleGguf();
    EXPECT_EQ(a, b);
    // write() produces exactly serialize()'s bytes and leaves no temporary file.
    GgufWriter w;
    qiusuo::test::addEveryValueType(w);
    qiusuo::test::addSampleTensors(w);
    const auto path = tempPath("written.gguf");
    std::filesystem::remove(path);
    w.write(path);
    EXPECT_EQ(readAll(path), a);
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
    // Overwriting replaces the file whole.
    GgufWriter small;
    small.setString("general.architecture", "llama");
    small.write(path);
    EXPECT_EQ(readAll(path), small.serialize());
    EXPECT_EQ(GgufFile::open(path)->architecture(), "llama");
}

TEST(GgufWriterTest, ReplacingAKeyKeepsItsPlace)
{
    GgufWriter w;
    w.setUint32("a", 1);
    w.setUint32("b", 2);
    w.setUint32("a", 3);
    const auto f = GgufFile::fromBuffer(w.serialize(), "x.gguf");
    ASSERT_EQ(f->metadata().size(), 2u);
    EXPECT_EQ(f->metadata()[0].first, "a");
    EXPECT_EQ(f->getInt("a"), 3);
}

TEST(GgufWriterTest, Version2Loads)
{
    GgufWriter w;
    w.setVersion(2);
    qiusuo::test::addSampleTensors(w);
    const auto f = GgufFile::fromBuffer(w.serialize(), "v2.gguf");
    EXPECT_EQ(f->version(), 2u);
    EXPECT_EQ(f->tensors().size(), 3u);
    EXPECT_THROW(w.setVersion(1), qiusuo::Error);
}

TEST(GgufWriterTest, RefusesInvalidInput)
{
    GgufWriter w;
    EXPECT_THROW(w.addTensor("t", GgmlType::F32, {4}, std::vector<std::uint8_t>(15)), qiusuo::Error);
    EXPECT_THROW(w.addTensor("t", GgmlType::Q4_K, {128}, std::vector<std::uint8_t>(72)), qiusuo::Error);
    EXPECT_THROW(w.addTensor("t", GgmlType::F32, {0}, std::vector<std::uint8_t>{}), qiusuo::Error);
    EXPECT_THROW(w.addTensor("t", GgmlType::F32, {1, 1, 1, 1, 1}, std::vector<std::uint8_t>(4)), qiusuo::Error);
    w.addTensor("t", GgmlType::F32, {1}, std::vector<std::uint8_t>(4));
    EXPECT_THROW(w.addTensor("t", GgmlType::F32, {1}, std::vector<std::uint8_t>(4)), qiusuo::Error);
    EXPECT_THROW(w.setAlignment(48), qiusuo::Error);
    EXPECT_THROW(w.setAlignment(0), qiusuo::Error);
    EXPECT_THROW(w.set("k", Value{ValueType::Uint8, std::uint64_t{256}}), qiusuo::Error);
    EXPECT_THROW(w.set("k", Value{ValueType::Int8, std::uint64_t{1}}), qiusuo::Error);
    EXPECT_THROW(w.set("k", Value{ValueType::Float32, 1e300}), qiusuo::Error);
    EXPECT_THROW(w.set("k", Value::ofArray(Array{ValueType::Int32, {Value::ofString("x")}})), qiusuo::Error);
    EXPECT_TRUE(GgufFile::fromBuffer(w.serialize(), "x.gguf")->metadata().empty());
}

class RewriteReferenceTest : public ::testing::TestWithParam<const char*> {};

INSTANTIATE_TEST_SUITE_P(Models, RewriteReferenceTest,
                         ::testing::Values("tiny-qwen2-Q4_K_M.gguf", "tiny-llama-Q8_0.gguf",
                                           "tiny-deepseek3-Q4_K_M.gguf"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                             std::string n = param.param;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return n;
                         });

TEST_P(RewriteReferenceTest, ReproducesTheFileByteForByte)
{
    QIUSUO_REQUIRE_TESTDATA(path, std::string("models/") + GetParam());
    const auto original = GgufFile::open(path);
    GgufWriter w;
    for (const auto& [key, value] : original->metadata())
        w.set(key, value);
    for (const auto& t : original->tensors())
        w.addTensor(t.name, t.type, t.dims, std::span<const std::uint8_t>(t.data, t.nbytes));
    const auto bytes = w.serialize();
    const auto copy = GgufFile::fromBuffer(bytes, "copy.gguf");
    ASSERT_EQ(copy->metadata().size(), original->metadata().size());
    for (std::size_t i = 0; i < copy->metadata().size(); ++i)
        expectSameValue(copy->metadata()[i].second, original->metadata()[i].second, copy->metadata()[i].first);
    ASSERT_EQ(copy->tensors().size(), original->tensors().size());
    for (std::size_t i = 0; i < copy->tensors().size(); ++i) {
        const auto& a = copy->tensors()[i];
        const auto& b = original->tensors()[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.offset, b.offset) << a.name;
        EXPECT_EQ(0, std::memcmp(a.data, b.data, a.nbytes)) << a.name;
    }
    // Same layout rules as llama.cpp's writer: the whole file is byte-identical.
    EXPECT_TRUE(readAll(path) == bytes);
}

namespace {

/// Rows of a deferred tensor: byte j of row r is (seed + 7r + j) mod 251, so
/// a row written at the wrong place or twice shows.
void fillPattern(std::uint8_t seed, std::uint64_t firstRow, std::uint64_t rowBytes, std::span<std::uint8_t> out)
{
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::uint64_t row = firstRow + i / rowBytes, col = i % rowBytes;
        out[i] = static_cast<std::uint8_t>((seed + 7 * row + col) % 251);
    }
}

std::vector<std::uint8_t> patternTensor(std::uint8_t seed, std::uint64_t rows, std::uint64_t rowBytes)
{
    std::vector<std::uint8_t> bytes(rows * rowBytes);
    fillPattern(seed, 0, rowBytes, bytes);
    return bytes;
}

} // namespace

TEST(GgufWriterTest, DeferredTensorsStreamTheSameBytesInChunks)
{
    // The same file built two ways: every tensor's bytes given up front, or
    // some deferred and produced while writing in chunks of a few rows.
    GgufWriter whole, streamed;
    for (GgufWriter* w : {&whole, &streamed}) {
        w->setString("general.architecture", "llama");
        w->setAlignment(64);
    }
    whole.addTensor("a", GgmlType::Q8_0, {64, 9}, patternTensor(1, 9, 68));
    whole.addTensor("b", GgmlType::F32, {3}, patternTensor(2, 1, 12));
    whole.addTensor("c", GgmlType::Q4_K, {256, 5}, patternTensor(3, 5, 144));
    streamed.addDeferredTensor("a", GgmlType::Q8_0, {64, 9});
    streamed.addTensor("b", GgmlType::F32, {3}, patternTensor(2, 1, 12));
    streamed.addDeferredTensor("c", GgmlType::Q4_K, {256, 5});
    EXPECT_EQ(streamed.tensorCount(), 3u);

    std::vector<std::pair<std::size_t, std::uint64_t>> calls;  // (tensor, first row)
    const auto source = [&calls](std::size_t index, std::uint64_t firstRow, std::uint64_t rowCount,
                                 std::span<std::uint8_t> out) {
        calls.emplace_back(index, firstRow);
        const std::uint64_t rowBytes = index == 0 ? 68 : 144;
        ASSERT_EQ(out.size(), rowCount * rowBytes);
        fillPattern(index == 0 ? 1 : 3, firstRow, rowBytes, out);
    };
    const auto path = tempPath("streamed.gguf");
    streamed.write(path, source, 300);  // 4 rows of "a" and 2 of "c" a chunk
    EXPECT_EQ(readAll(path), whole.serialize());
    const std::vector<std::pair<std::size_t, std::uint64_t>> expected{{0, 0}, {0, 4}, {0, 8}, {2, 0}, {2, 2}, {2, 4}};
    EXPECT_EQ(calls, expected);
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));

    // A chunk smaller than a row still makes progress, one row at a time.
    calls.clear();
    streamed.write(path, source, 1);
    EXPECT_EQ(readAll(path), whole.serialize());
    EXPECT_EQ(calls.size(), 14u);
    std::filesystem::remove(path);
}

TEST(GgufWriterTest, DeferredTensorsNeedASource)
{
    GgufWriter w;
    w.addDeferredTensor("t", GgmlType::F32, {4, 2});
    EXPECT_THROW(w.addDeferredTensor("t", GgmlType::F32, {4}), qiusuo::Error);
    EXPECT_THROW(w.addDeferredTensor("u", GgmlType::Q8_0, {16}), qiusuo::Error);
    try {
        (void)w.serialize();
        ADD_FAILURE() << "serialize() wrote a deferred tensor";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("tensor t"), std::string::npos) << e.what();
    }
    const auto path = tempPath("nosource.gguf");
    std::filesystem::remove(path);
    EXPECT_THROW(w.write(path), qiusuo::Error);
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(GgufWriterTest, AFailingSourceLeavesNoFile)
{
    GgufWriter w;
    w.addDeferredTensor("a", GgmlType::F32, {8, 100});
    const auto path = tempPath("failing.gguf");
    std::filesystem::remove(path);
    int calls = 0;
    const auto source = [&calls](std::size_t, std::uint64_t firstRow, std::uint64_t, std::span<std::uint8_t> out) {
        ++calls;
        if (firstRow >= 50)
            throw qiusuo::Error("the source gave up");
        std::fill(out.begin(), out.end(), std::uint8_t{1});
    };
    EXPECT_THROW(w.write(path, source, 32 * 10), qiusuo::Error);
    EXPECT_EQ(calls, 6);
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
}
