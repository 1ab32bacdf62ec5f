// Broken GGUF files, made from a valid writer output by truncating it or
// overwriting one field: each must throw qiusuo::Error with a message that
// names the file and the problem, never crash.
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "tests/inference/gguf/samplegguf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <string>

using qiusuo::gguf::Array;
using qiusuo::gguf::GgmlType;
using qiusuo::gguf::GgufFile;
using qiusuo::gguf::GgufWriter;
using qiusuo::gguf::Value;
using qiusuo::gguf::ValueType;
using Bytes = std::vector<std::uint8_t>;

namespace {

/// Offset of the first occurrence of `needle` (a key or tensor name) in `bytes`.
std::size_t offsetOf(const Bytes& bytes, const std::string& needle)
{
    const Bytes n(needle.begin(), needle.end());  // as unsigned bytes, so UTF-8 compares right
    const auto it = std::search(bytes.begin(), bytes.end(), n.begin(), n.end());
    if (it == bytes.end())
        throw std::logic_error("test bug: '" + needle + "' is not in the file");
    return static_cast<std::size_t>(it - bytes.begin());
}

/// Offset just past a string stored in the file (where its value or fields begin).
std::size_t after(const Bytes& bytes, const std::string& s) { return offsetOf(bytes, s) + s.size(); }

template <typename T>
void poke(Bytes& bytes, std::size_t at, T v)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        bytes.at(at + i) = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i));
}

Bytes truncated(Bytes bytes, std::size_t size)
{
    bytes.resize(size);
    return bytes;
}

/// Opening `bytes` must fail with a message containing the file name and every keyword.
void expectRejected(const Bytes& bytes, std::initializer_list<std::string> keywords)
{
    try {
        GgufFile::fromBuffer(bytes, "broken.gguf");
        ADD_FAILURE() << "a broken file opened without an error (expected: " << *keywords.begin() << ")";
    } catch (const qiusuo::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("broken.gguf"), std::string::npos) << message;
        for (const auto& k : keywords)
            EXPECT_NE(message.find(k), std::string::npos) << "'" << k << "' missing from: " << message;
    }
}

/// Offsets of a tensor's fields in the tensor table.
struct TensorFields {
    std::size_t nDims, dims, type, offset;
};

TensorFields fieldsOf(const Bytes& bytes, const std::string& name, std::size_t nDims)
{
    const std::size_t p = after(bytes, name);
    return {p, p + 4, p + 4 + 8 * nDims, p + 8 + 8 * nDims};
}

} // namespace

TEST(GgufBrokenTest, TruncatedInTheHeader)
{
    const Bytes good = qiusuo::test::sampleGguf();
    expectRejected(truncated(good, 0), {"not a GGUF model file", "0 bytes"});
    expectRejected(truncated(good, 3), {"not a GGUF model file"});
    for (std::size_t n : {4u, 7u, 12u, 20u})
        expectRejected(truncated(good, n), {"ends in the middle of the header", "download complete"});
}

TEST(GgufBrokenTest, TruncatedInTheMetadata)
{
    const Bytes good = qiusuo::test::sampleGguf();
    expectRejected(truncated(good, 30), {"24 metadata entries, more than fit", "download complete"});
    expectRejected(truncated(good, after(good, "test.bools") + 2), {"metadata", "test.bools", "download complete"});
    expectRejected(truncated(good, after(good, "Ġworld") - 2), {"metadata", "test.strings"});
    expectRejected(truncated(good, after(good, "test.nested3") + 30), {"metadata", "test.nested3"});
}

TEST(GgufBrokenTest, TruncatedInTheTensorTable)
{
    const Bytes good = qiusuo::test::sampleGguf();
    expectRejected(truncated(good, offsetOf(good, "blk.0.attn_q.weight") + 3), {"the tensor table"});
    expectRejected(truncated(good, fieldsOf(good, "blk.0.attn_q.weight", 2).offset + 4),
                   {"the tensor table", "blk.0.attn_q.weight", "download complete"});
}

TEST(GgufBrokenTest, TruncatedInTheTensorData)
{
    const Bytes good = qiusuo::test::sampleGguf();
    const auto dataStart = GgufFile::fromBuffer(good, "good.gguf")->dataOffset();
    expectRejected(truncated(good, good.size() - 1),
                   {"tensor blk.0.ffn_down.weight extends past the end of the file — is the download complete?"});
    expectRejected(truncated(good, dataStart + 10), {"token_embd.weight extends past the end of the file"});
    expectRejected(truncated(good, after(good, "blk.0.ffn_down.weight") + 4 + 32 + 4 + 8),
                   {"ends before its tensor data begins", "download complete"});

    // The same through a real file on disk: the message names its path.
    const auto path = std::filesystem::temp_directory_path() / "qiusuo-truncated-model.gguf";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(good.data()), static_cast<std::streamsize>(good.size() - 100));
    }
    try {
        GgufFile::open(path);
        ADD_FAILURE() << "a truncated file opened";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("extends past the end of the file"), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

TEST(GgufBrokenTest, NotAGgufFile)
{
    Bytes bytes = qiusuo::test::sampleGguf();
    bytes[3] = 'X';
    expectRejected(bytes, {"not a GGUF model file", "'GGUF'"});
    expectRejected(Bytes{'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}, {"ZIP archive", "convert it to GGUF"});
    const std::string html = "<!DOCTYPE html><html>404</html>";
    expectRejected(Bytes(html.begin(), html.end()), {"web page", "download probably failed"});
    const std::string safetensors("\x12\0\0\0\0\0\0\0{\"__metadata__\":{}}", 26);
    expectRejected(Bytes(safetensors.begin(), safetensors.end()), {"safetensors"});
}

TEST(GgufBrokenTest, UnsupportedVersionsAndByteOrder)
{
    Bytes bytes = qiusuo::test::sampleGguf();
    poke<std::uint32_t>(bytes, 4, 1);
    expectRejected(bytes, {"GGUF version 1", "no longer supported"});
    poke<std::uint32_t>(bytes, 4, 4);
    expectRejected(bytes, {"GGUF version 4", "reads versions 2 and 3"});
    poke<std::uint32_t>(bytes, 4, 0x03000000);
    expectRejected(bytes, {"big-endian", "not supported"});
    poke<std::uint32_t>(bytes, 4, 3);
    std::copy_n("FUGG", 4, bytes.begin());
    expectRejected(bytes, {"big-endian"});
}

TEST(GgufBrokenTest, AbsurdCountsAreRefusedBeforeAllocating)
{
    const Bytes good = qiusuo::test::sampleGguf();
    Bytes bytes = good;
    poke<std::uint64_t>(bytes, 8, 1ull << 62);
    expectRejected(bytes, {"4611686018427387904 tensors, more than fit"});
    bytes = good;
    poke<std::uint64_t>(bytes, 16, ~0ull);
    expectRejected(bytes, {"18446744073709551615 metadata entries, more than fit"});
    bytes = good;
    poke<std::uint64_t>(bytes, offsetOf(bytes, "test.u8") - 8, 1ull << 60);  // the key's length
    expectRejected(bytes, {"a string of 1152921504606846976 bytes"});
    bytes = good;
    poke<std::uint64_t>(bytes, after(bytes, "test.strings") + 8, 1ull << 40);  // the array's count
    expectRejected(bytes, {"test.strings", "claims 1099511627776 elements"});
    bytes = good;
    poke<std::uint64_t>(bytes, after(bytes, "test.strings") + 8 + 8, ~0ull);  // first string's length
    expectRejected(bytes, {"test.strings", "a string of"});

    // Within the file's size but beyond any real vocabulary: refused by the cap.
    GgufWriter w;
    w.set("huge", Value::ofArray(Array{ValueType::Uint8, {}}));
    Bytes huge = w.serialize();
    const std::uint64_t n = (1ull << 24) + 1;
    poke<std::uint64_t>(huge, after(huge, "huge") + 8, n);
    huge.resize(huge.size() + n);
    expectRejected(huge, {"more than any real model needs"});
}

TEST(GgufBrokenTest, BadTensorEntries)
{
    const Bytes good = qiusuo::test::sampleGguf();
    const auto q = fieldsOf(good, "blk.0.attn_q.weight", 2);
    const auto e = fieldsOf(good, "token_embd.weight", 2);
    Bytes bytes = good;
    poke<std::uint32_t>(bytes, q.type, 77);
    expectRejected(bytes, {"tensor blk.0.attn_q.weight has unknown type id 77"});
    bytes = good;
    poke<std::uint64_t>(bytes, q.offset, 100);
    expectRejected(bytes, {"blk.0.attn_q.weight", "not a multiple of the file's alignment 32"});
    bytes = good;
    poke<std::uint64_t>(bytes, q.offset, 0);
    expectRejected(bytes, {"overlap", "token_embd.weight", "blk.0.attn_q.weight"});
    bytes = good;
    poke<std::uint64_t>(bytes, q.offset, 1ull << 40);
    expectRejected(bytes, {"tensor blk.0.attn_q.weight extends past the end of the file"});
    bytes = good;
    poke<std::uint64_t>(bytes, q.offset, ~0ull << 5);  // aligned, and offset + size wraps around
    expectRejected(bytes, {"extends past the end of the file"});
    bytes = good;
    poke<std::uint64_t>(bytes, e.dims, 0);
    expectRejected(bytes, {"token_embd.weight", "dimension of size 0"});
    bytes = good;
    poke<std::uint64_t>(bytes, e.dims, 1ull << 40);
    poke<std::uint64_t>(bytes, e.dims + 8, 1ull << 40);
    expectRejected(bytes, {"token_embd.weight", "overflows"});
    bytes = good;
    poke<std::uint64_t>(bytes, q.dims, 33);
    expectRejected(bytes, {"blk.0.attn_q.weight", "not a multiple of the Q8_0 block size 32"});
    bytes = good;
    poke<std::uint32_t>(bytes, q.nDims, 5);
    expectRejected(bytes, {"blk.0.attn_q.weight has 5 dimensions"});
    bytes = good;
    poke<std::uint32_t>(bytes, q.nDims, 0);
    expectRejected(bytes, {"blk.0.attn_q.weight has 0 dimensions"});
}

TEST(GgufBrokenTest, DuplicateNames)
{
    Bytes bytes = qiusuo::test::sampleGguf();
    bytes[offsetOf(bytes, "test.i8") + 5] = 'u';  // now a second "test.u8"
    expectRejected(bytes, {"metadata key 'test.u8' appears twice"});

    GgufWriter w;
    w.addTensor("a.weight", GgmlType::F32, {4}, Bytes(16));
    w.addTensor("b.weight", GgmlType::F32, {4}, Bytes(16));
    bytes = w.serialize();
    bytes[offsetOf(bytes, "b.weight")] = 'a';
    expectRejected(bytes, {"tensor a.weight appears twice"});
}

TEST(GgufBrokenTest, BadMetadataValues)
{
    const Bytes good = qiusuo::test::sampleGguf();
    Bytes bytes = good;
    poke<std::uint32_t>(bytes, after(bytes, "test.u8"), 13);  // the value type
    expectRejected(bytes, {"metadata key 'test.u8' has unknown value type 13"});
    bytes = good;
    poke<std::uint32_t>(bytes, after(bytes, "test.i32s") + 4, 99);  // the element type
    expectRejected(bytes, {"metadata array 'test.i32s' has unknown element type 99"});
    bytes = good;
    bytes.at(after(bytes, "test.bool_true") + 4) = 2;
    expectRejected(bytes, {"test.bool_true", "neither 0 nor 1"});

    // Arrays nested deeper than the reader allows.
    Array a{ValueType::Int32, {}};
    for (int i = 0; i < 12; ++i)
        a = Array{ValueType::Array, {Value::ofArray(std::move(a))}};
    GgufWriter w;
    w.set("deep", Value::ofArray(std::move(a)));
    expectRejected(w.serialize(), {"'deep' nests arrays more than 8 deep"});
}

TEST(GgufBrokenTest, BadAlignment)
{
    GgufWriter w;
    w.setAlignment(64);
    qiusuo::test::addSampleTensors(w);
    const Bytes good = w.serialize();
    ASSERT_EQ(GgufFile::fromBuffer(good, "good.gguf")->alignment(), 64u);
    const std::size_t value = after(good, "general.alignment") + 4;
    for (std::uint32_t bad : {0u, 48u, 0x80000000u}) {
        Bytes bytes = good;
        poke<std::uint32_t>(bytes, value, bad);
        expectRejected(bytes, {"general.alignment is " + std::to_string(bad), "must be a power of two"});
    }
    Bytes bytes = good;
    poke<std::uint32_t>(bytes, value - 4, static_cast<std::uint32_t>(ValueType::Float32));
    expectRejected(bytes, {"general.alignment must be an integer of type UINT32, not FLOAT32"});
}

TEST(GgufBrokenTest, InvalidUtf8InNamesDoesNotCrash)
{
    Bytes bytes = qiusuo::test::sampleGguf();
    bytes[offsetOf(bytes, "test.u16") + 2] = 0xff;
    bytes[offsetOf(bytes, "token_embd.weight") + 1] = 0xc0;
    // Either accepted as bytes or refused with a message; this reader accepts.
    const auto f = GgufFile::fromBuffer(bytes, "odd.gguf");
    EXPECT_EQ(f->metadata().size(), 24u);
    EXPECT_EQ(f->tensors().size(), 3u);
}

TEST(GgufBrokenTest, UnsupportedQuantizationLoadsButCannotCompute)
{
    GgufWriter w;
    w.setString("general.architecture", "llama");
    w.addTensor("blk.0.ffn_down.weight", GgmlType::IQ2_XXS, {256, 2}, Bytes(2 * 66));
    w.addTensor("output_norm.weight", GgmlType::F32, {256}, Bytes(256 * 4));
    const auto f = GgufFile::fromBuffer(w.serialize(), "iq2.gguf");
    ASSERT_EQ(f->tensors().size(), 2u);
    EXPECT_EQ(f->findTensor("blk.0.ffn_down.weight")->nbytes, 132u);
    EXPECT_NO_THROW(f->checkComputeSupport(*f->findTensor("output_norm.weight")));
    try {
        f->checkComputeSupport();
        ADD_FAILURE() << "IQ2_XXS must be refused for compute";
    } catch (const qiusuo::Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("iq2.gguf"), std::string::npos) << m;
        EXPECT_NE(m.find("quantization type IQ2_XXS is not supported yet"), std::string::npos) << m;
        EXPECT_NE(m.find("blk.0.ffn_down.weight"), std::string::npos) << m;
    }
}
