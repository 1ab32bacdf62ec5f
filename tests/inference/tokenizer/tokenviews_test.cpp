// The tokenizer read in place from a GGUF file (Tokenizer::fromGguf with a
// shared_ptr) against the one that copies the texts and the one built from
// a copied Vocabulary: the same tokens, types, ids and encodings, the texts
// really in the file's bytes, and the file kept open as long as needed.
#include "inference/tokenizer/vocabularyloader.h"
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

#include <unordered_map>

namespace qiusuo::test {
namespace {

struct ViewCase {
    const char* name;
    const char* vocab;   // under testdata/vocab
    const char* prefix;  // .inp/.out
};

class TokenViews : public ::testing::TestWithParam<ViewCase> {};

TEST_P(TokenViews, InPlaceEqualsCopied)
{
    const ViewCase& c = GetParam();
    QIUSUO_REQUIRE_TESTDATA(vocabPath, std::string("vocab/") + c.vocab);
    QIUSUO_REQUIRE_TESTDATA(inpPath, std::string("vocab/") + c.prefix + ".inp");
    QIUSUO_REQUIRE_TESTDATA(outPath, std::string("vocab/") + c.prefix + ".out");
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(vocabPath);
    const auto inPlace = tokenizer::Tokenizer::fromGguf(file);
    const auto copied = tokenizer::Tokenizer::fromGguf(*file);
    const auto owned = tokenizer::Tokenizer::fromVocabulary(tokenizer::VocabularyLoader::fromGguf(*file));
    const gguf::ValueList& texts = file->getArray("tokenizer.ggml.tokens")->items;

    ASSERT_EQ(static_cast<std::size_t>(inPlace->vocabSize()), texts.size());
    ASSERT_EQ(copied->vocabSize(), inPlace->vocabSize());
    ASSERT_EQ(owned->vocabSize(), inPlace->vocabSize());
    std::unordered_map<std::string, std::int32_t> firstId;
    int mismatches = 0;
    for (std::int32_t id = 0; id < inPlace->vocabSize(); ++id) {
        const std::string_view text = texts.stringAt(static_cast<std::size_t>(id));
        firstId.try_emplace(std::string(text), id);
        // Read in place: the very bytes of the file, not a copy of them.
        mismatches += inPlace->tokenText(id).data() != text.data() || inPlace->tokenText(id) != text;
        mismatches += copied->tokenText(id) != text || copied->tokenText(id).data() == text.data();
        mismatches += owned->tokenText(id) != text;
        mismatches += copied->tokenType(id) != inPlace->tokenType(id) || owned->tokenType(id) != inPlace->tokenType(id);
    }
    EXPECT_EQ(mismatches, 0);
    // Text -> id: the lowest id of each text, absent texts absent.
    for (const auto& [text, id] : firstId) {
        ASSERT_EQ(inPlace->tokenId(text), id) << text;
        ASSERT_EQ(copied->tokenId(text), id) << text;
    }
    EXPECT_FALSE(inPlace->tokenId("no such token \x01").has_value());
    EXPECT_FALSE(inPlace->tokenId("").has_value());

    const auto inputs = readInp(inpPath);
    const auto expected = readOut(outPath);
    ASSERT_EQ(inputs.size(), expected.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto ids = inPlace->encode(inputs[i]);
        EXPECT_EQ(idsToString(ids), idsToString(expected[i])) << "string " << i;
        EXPECT_EQ(inPlace->decode(ids), inputs[i]) << "string " << i;
        EXPECT_EQ(inPlace->encode(inputs[i], true, true), copied->encode(inputs[i], true, true)) << "string " << i;
    }
}

TEST_P(TokenViews, RebuiltVocabularyEncodesTheSame)
{
    const ViewCase& c = GetParam();
    QIUSUO_REQUIRE_TESTDATA(vocabPath, std::string("vocab/") + c.vocab);
    QIUSUO_REQUIRE_TESTDATA(inpPath, std::string("vocab/") + c.prefix + ".inp");
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(vocabPath);
    const auto tok = tokenizer::Tokenizer::fromGguf(file);
    const tokenizer::Vocabulary v = tok->vocabulary();
    const tokenizer::Vocabulary fromFile = tokenizer::VocabularyLoader::fromGguf(*file);
    EXPECT_EQ(v.tokens, fromFile.tokens);
    EXPECT_EQ(v.types, fromFile.types);
    EXPECT_EQ(v.preName, fromFile.preName);
    EXPECT_EQ(v.bos, fromFile.bos);
    // Only merges whose tokens exist are kept, in their order.
    EXPECT_GT(v.merges.size(), fromFile.merges.size() * 9 / 10);
    EXPECT_LE(v.merges.size(), fromFile.merges.size());
    const auto again = tokenizer::Tokenizer::fromVocabulary(v);
    for (const auto& s : readInp(inpPath))
        EXPECT_EQ(again->encode(s, true, true), tok->encode(s, true, true)) << s;
}

INSTANTIATE_TEST_SUITE_P(
    Vocabularies, TokenViews,
    ::testing::Values(ViewCase{"qwen2", "ggml-vocab-qwen2-rebuilt-from-qwen3.gguf", "ggml-vocab-qwen2.gguf"},
                      ViewCase{"llama_bpe", "ggml-vocab-llama-bpe-rebuilt-from-llama3_1.gguf",
                               "ggml-vocab-llama-bpe.gguf"},
                      ViewCase{"deepseek_v3", "ggml-vocab-deepseek-v3-rebuilt.gguf",
                               "ggml-vocab-deepseek-v3-rebuilt.gguf"}),
    [](const ::testing::TestParamInfo<ViewCase>& p) { return std::string(p.param.name); });

TEST(TokenViews, TheTokenizerKeepsTheFileOpen)
{
    QIUSUO_REQUIRE_TESTDATA(vocabPath, "vocab/ggml-vocab-qwen2-rebuilt-from-qwen3.gguf");
    std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(vocabPath);
    const std::weak_ptr<const gguf::GgufFile> watch = file;
    auto tok = tokenizer::Tokenizer::fromGguf(file);
    const auto before = tok->encode("求索 thinks, then answers.");
    const std::string text(tok->tokenText(151643));
    file.reset();
    EXPECT_FALSE(watch.expired());  // the tokenizer holds it: its texts live in the mapping
    EXPECT_EQ(tok->encode("求索 thinks, then answers."), before);
    EXPECT_EQ(tok->tokenText(151643), text);
    tok.reset();
    EXPECT_TRUE(watch.expired());  // and lets it go with itself
}

TEST(TokenViews, TheCopyingLoaderDoesNotKeepTheFile)
{
    QIUSUO_REQUIRE_TESTDATA(vocabPath, "vocab/ggml-vocab-deepseek-coder.gguf");
    std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(vocabPath);
    const std::weak_ptr<const gguf::GgufFile> watch = file;
    const auto tok = tokenizer::Tokenizer::fromGguf(*file);
    const auto before = tok->encode("int main() { return 0; }");
    file.reset();
    EXPECT_TRUE(watch.expired());  // unmapped: everything the tokenizer reads is its own
    EXPECT_EQ(tok->encode("int main() { return 0; }"), before);
    EXPECT_EQ(tok->decode(before), "int main() { return 0; }");
}

TEST(TokenViews, DuplicateTextsFindTheLowestId)
{
    auto v = byteVocab({{"dup", tokenizer::TokenType::Normal}, {"x1", tokenizer::TokenType::Normal},
                        {"dup", tokenizer::TokenType::Normal}});
    const auto tok = tokenizer::Tokenizer::fromVocabulary(v);
    EXPECT_EQ(tok->tokenId("dup"), 256);
    EXPECT_EQ(tok->tokenId("x1"), 257);
    EXPECT_EQ(tok->tokenText(258), "dup");
    for (int b = 0; b < 256; ++b)  // every byte token found, across many strides of the table
        ASSERT_EQ(tok->tokenId(tokenizer::ByteLevel::encode(std::string(1, static_cast<char>(b)))), b) << b;
}

} // namespace
} // namespace qiusuo::test
