// Special and user-defined tokens written in the text, BOS/EOS, decoding of
// special tokens, end-of-generation.
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

namespace qiusuo::test {
namespace {

using tokenizer::TokenType;
using Ids = std::vector<std::int32_t>;

// 256 <|a|> control, 257 <u> user-defined, 258 <|im_end|> control, 259 unused.
std::unique_ptr<tokenizer::Tokenizer> specialTokenizer(bool addBos = true)
{
    auto v = byteVocab({{"<|a|>", TokenType::Control},
                        {"<u>", TokenType::UserDefined},
                        {"<|im_end|>", TokenType::Control},
                        {"<pad>", TokenType::Unused}});
    v.bos = 256;
    v.addBos = addBos;
    return tokenizer::Tokenizer::fromVocabulary(v);
}

Ids bytes(std::string_view s)
{
    Ids ids;
    for (const char c : s)
        ids.push_back(static_cast<unsigned char>(c));
    return ids;
}

TEST(SpecialTokens, ControlTokensOnlyWhenParsingSpecial)
{
    const auto tok = specialTokenizer();
    EXPECT_EQ(tok->encode("<|a|>", false, false), bytes("<|a|>"));
    EXPECT_EQ(tok->encode("<|a|>", false, true), (Ids{256}));
    EXPECT_EQ(tok->encode("x<|a|>y", false, true), (Ids{'x', 256, 'y'}));
}

TEST(SpecialTokens, UserDefinedTokensAlways)
{
    const auto tok = specialTokenizer();
    EXPECT_EQ(tok->encode("a<u>b", false, false), (Ids{'a', 257, 'b'}));
    EXPECT_EQ(tok->encode("<u><u>", false, false), (Ids{257, 257}));
}

TEST(SpecialTokens, LongestTokenClaimsFirst)
{
    // llama.cpp takes the longest token first over the whole text: "bcd"
    // wins although "ab" starts earlier.
    const auto tok = tokenizer::Tokenizer::fromVocabulary(
        byteVocab({{"ab", TokenType::UserDefined}, {"bcd", TokenType::UserDefined}}));
    EXPECT_EQ(tok->encode("abcd"), (Ids{'a', 257}));
    EXPECT_EQ(tok->encode("abab"), (Ids{256, 256}));
}

TEST(SpecialTokens, BosAsTheMetadataSays)
{
    EXPECT_EQ(specialTokenizer(true)->encode("x", true, false), (Ids{256, 'x'}));
    EXPECT_EQ(specialTokenizer(true)->encode("x", false, false), (Ids{'x'}));
    EXPECT_EQ(specialTokenizer(false)->encode("x", true, false), (Ids{'x'}));
}

TEST(SpecialTokens, DecodeRendersControlTextOnlyWhenAsked)
{
    const auto tok = specialTokenizer();
    const Ids ids{256, 'h', 'i', 257, 258, 259};
    EXPECT_EQ(tok->decode(ids), "hi<u>");
    EXPECT_EQ(tok->decode(ids, true), "<|a|>hi<u><|im_end|>");
    EXPECT_EQ(tok->tokenPiece(256), "");
    EXPECT_EQ(tok->tokenPiece(256, true), "<|a|>");
    EXPECT_THROW(tok->decode(Ids{260}), Error);
    EXPECT_THROW(tok->decode(Ids{-1}), Error);
}

TEST(SpecialTokens, EndOfGeneration)
{
    const auto tok = specialTokenizer();
    EXPECT_TRUE(tok->isEog(258));  // by its text, <|im_end|>
    EXPECT_FALSE(tok->isEog(256));
    EXPECT_TRUE(tok->isControl(256));
    EXPECT_FALSE(tok->isControl(257));
    EXPECT_EQ(tok->tokenId("<u>"), 257);
    EXPECT_FALSE(tok->tokenId("nope").has_value());
}

TEST(SpecialTokens, TinyModelR1Prompt)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_0.gguf");
    const auto& tok = ggufTokenizer(path);
    EXPECT_EQ(tok.bos(), 311);
    EXPECT_EQ(tok.eos(), 312);
    EXPECT_EQ(tok.pad(), 317);
    EXPECT_TRUE(tok.isEog(312));
    EXPECT_EQ(tok.tokenType(315), tokenizer::TokenType::UserDefined);
    const auto ids = tok.encode("<｜User｜>hi<｜Assistant｜><think>\n", true, true);
    ASSERT_GE(ids.size(), 5u);
    EXPECT_EQ(ids[0], 311);
    EXPECT_EQ(ids[1], 313);
    EXPECT_EQ(ids.end()[-3], 314);
    EXPECT_EQ(ids.end()[-2], 315);
    EXPECT_EQ(tok.decode(ids, true), "<｜begin▁of▁sentence｜><｜User｜>hi<｜Assistant｜><think>\n");
    EXPECT_EQ(tok.decode(ids, false), "hi<think>\n");
}

} // namespace
} // namespace qiusuo::test
