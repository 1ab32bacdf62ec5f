// The merge step on hand-made vocabularies where the right answer follows
// from the BPE rules alone.
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

namespace qiusuo::test {
namespace {

using tokenizer::TokenType;
using Ids = std::vector<std::int32_t>;

TEST(Bpe, LowestRankMergesFirst)
{
    // 256 "bc", 257 "ab"; "b c" has the better rank, so "abc" -> a + bc.
    auto v = byteVocab({{"bc", TokenType::Normal}, {"ab", TokenType::Normal}}, {{"b", "c"}, {"a", "b"}});
    v.preType = tokenizer::PreType::Gpt2;
    EXPECT_EQ(tokenizer::Tokenizer::fromVocabulary(v)->encode("abc"), (Ids{'a', 256}));
    std::swap(v.merges[0], v.merges[1]);
    EXPECT_EQ(tokenizer::Tokenizer::fromVocabulary(v)->encode("abc"), (Ids{257, 'c'}));
}

TEST(Bpe, LeftmostAmongEqualRanks)
{
    // 256 "aa", 257 "aaa".
    const auto tok = tokenizer::Tokenizer::fromVocabulary(
        byteVocab({{"aa", TokenType::Normal}, {"aaa", TokenType::Normal}}, {{"a", "a"}}));
    EXPECT_EQ(tok->encode("aaa"), (Ids{256, 'a'}));
    EXPECT_EQ(tok->encode("aaaa"), (Ids{256, 256}));
    EXPECT_EQ(tok->encode("aaaaa"), (Ids{256, 256, 'a'}));
}

TEST(Bpe, MergesChain)
{
    const auto tok = tokenizer::Tokenizer::fromVocabulary(
        byteVocab({{"aa", TokenType::Normal}, {"aaa", TokenType::Normal}}, {{"a", "a"}, {"aa", "a"}}));
    EXPECT_EQ(tok->encode("aaa"), (Ids{257}));
    EXPECT_EQ(tok->encode("aaaa"), (Ids{256, 256}));  // "a a" ranks first everywhere
    EXPECT_EQ(tok->encode("aaaaa"), (Ids{256, 257}));
}

TEST(Bpe, MergesWithinWordsOnly)
{
    // "Ġa" merges inside " a"; the pre-tokenizer keeps "a a" apart as "a", " a".
    const auto tok = tokenizer::Tokenizer::fromVocabulary(
        byteVocab({{bl(" a"), TokenType::Normal}, {bl("a a"), TokenType::Normal}},
                  {{bl(" "), "a"}, {"a", bl(" a")}}));
    EXPECT_EQ(tok->encode("a a"), (Ids{'a', 256}));
}

TEST(Bpe, MergeWithoutResultTokenIsSkipped)
{
    // "x y" is listed, but "xy" is no token: Hugging Face never applies it.
    const auto tok = tokenizer::Tokenizer::fromVocabulary(byteVocab({}, {{"x", "y"}}));
    EXPECT_EQ(tok->encode("xy"), (Ids{'x', 'y'}));
}

TEST(Bpe, WholeWordLookupWhenMergesAreIgnored)
{
    auto v = byteVocab({{"xyz", TokenType::Normal}});
    EXPECT_EQ(tokenizer::Tokenizer::fromVocabulary(v)->encode("xyz"), (Ids{'x', 'y', 'z'}));
    v.ignoreMerges = true;
    EXPECT_EQ(tokenizer::Tokenizer::fromVocabulary(v)->encode("xyz"), (Ids{256}));
}

TEST(Bpe, RepeatedWordsUseTheCacheConsistently)
{
    const auto tok = tokenizer::Tokenizer::fromVocabulary(
        byteVocab({{"aa", TokenType::Normal}}, {{"a", "a"}}));
    const Ids once = tok->encode("aaa");
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(tok->encode("aaa"), once);
    EXPECT_EQ(tok->encode("aaa aaa"), (Ids{256, 'a', ' ', 256, 'a'}));
}

} // namespace
} // namespace qiusuo::test
