// decode(encode(x)) == x on random text (seeded), for every pre-tokenizer
// and the real vocabularies.
#include "tests/inference/tokenizer/tokenizertestutil.h"
#include "inference/tokenizer/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

namespace qiusuo::test {
namespace {

// Random valid UTF-8 drawn from the scripts and characters that stress the
// pre-tokenizers: ASCII (letters, digits, punctuation, \r \n \t), Latin-1,
// Greek, combining marks, CJK, kana, Hangul, fullwidth forms, exotic spaces,
// emoji with ZWJ and variation selectors, and the special tokens' text.
std::string randomText(std::mt19937& rng)
{
    static const std::vector<std::pair<char32_t, char32_t>> ranges{
        {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {'\n', '\n'}, {'\r', '\r'}, {'\t', '\t'},
        {0xA0, 0xFF}, {0x370, 0x3FF}, {0x300, 0x36F}, {0x4E00, 0x9FFF}, {0x4E00, 0x9FFF},
        {0x3000, 0x303F}, {0x3040, 0x30FF}, {0xAC00, 0xD7A3}, {0xFF01, 0xFF5E}, {0x2000, 0x206F},
        {0x1F300, 0x1F64F}, {0x200D, 0x200D}, {0xFE0F, 0xFE0F}, {0x85, 0x85}, {0x10000, 0x10FFFF},
    };
    static const std::vector<std::string> fragments{"<｜User｜>", "<think>", "</think>", "'s", "'LL", "  ", "\r\n"};
    std::uniform_int_distribution<std::size_t> pick(0, ranges.size() + fragments.size() - 1);
    std::uniform_int_distribution<int> length(0, 40);
    std::string s;
    for (int n = length(rng); n > 0; --n) {
        const std::size_t k = pick(rng);
        if (k >= ranges.size()) {
            s += fragments[k - ranges.size()];
            continue;
        }
        const auto [lo, hi] = ranges[k];
        char32_t cp = std::uniform_int_distribution<char32_t>(lo, hi)(rng);
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD;
        tokenizer::utf8::append(s, cp);
    }
    return s;
}

void expectRoundTrip(const tokenizer::Tokenizer& tok, unsigned seed, int count)
{
    std::mt19937 rng(seed);
    for (int i = 0; i < count; ++i) {
        const std::string text = randomText(rng);
        for (const bool special : {false, true}) {
            const auto ids = tok.encode(text, false, special);
            ASSERT_EQ(tok.decode(ids, true), text) << "seed " << seed << " case " << i << " special " << special;
        }
    }
}

TEST(RoundTrip, EveryPreTypeOnTheTinyVocabulary)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_0.gguf");
    for (const auto type : {tokenizer::PreType::Gpt2, tokenizer::PreType::Llama3, tokenizer::PreType::Qwen2,
                            tokenizer::PreType::DeepseekLlm, tokenizer::PreType::DeepseekCoder,
                            tokenizer::PreType::DeepseekV3}) {
        auto v = ggufTokenizer(path).vocabulary();
        v.preType = type;
        v.ignoreMerges = type == tokenizer::PreType::Llama3;
        SCOPED_TRACE(std::string(tokenizer::preTypeName(type)));
        expectRoundTrip(*tokenizer::Tokenizer::fromVocabulary(v), 1234, 150);
    }
}

TEST(RoundTrip, RealVocabularies)
{
    for (const char* name : {"vocab/ggml-vocab-qwen2-rebuilt-from-qwen3.gguf",
                             "vocab/ggml-vocab-llama-bpe-rebuilt-from-llama3_1.gguf",
                             "vocab/ggml-vocab-deepseek-v3-rebuilt.gguf", "vocab/ggml-vocab-deepseek-llm.gguf"}) {
        QIUSUO_REQUIRE_TESTDATA(path, name);
        SCOPED_TRACE(name);
        expectRoundTrip(ggufTokenizer(path), 99, 150);
    }
}

TEST(RoundTrip, ArbitraryBytes)
{
    // Invalid UTF-8 is encoded byte by byte and comes back unchanged.
    QIUSUO_REQUIRE_TESTDATA(path, "vocab/ggml-vocab-deepseek-v3-rebuilt.gguf");
    const auto& tok = ggufTokenizer(path);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int i = 0; i < 100; ++i) {
        std::string s;
        for (int n = 0; n < 30; ++n)
            s.push_back(static_cast<char>(byte(rng)));
        ASSERT_EQ(tok.decode(tok.encode(s)), s) << "case " << i;
    }
}

TEST(RoundTrip, ConcurrentEncodingAgreesWithSerial)
{
    // The word cache and the PCRE2 scratch are shared or per thread: results
    // must not depend on what other threads encode at the same time.
    QIUSUO_REQUIRE_TESTDATA(path, "vocab/ggml-vocab-qwen2-rebuilt-from-qwen3.gguf");
    const auto& tok = ggufTokenizer(path);
    std::mt19937 rng(4242);
    std::vector<std::string> texts;
    for (int i = 0; i < 64; ++i)
        texts.push_back(randomText(rng));
    std::vector<std::vector<std::int32_t>> serial;
    {
        const auto fresh = tokenizer::Tokenizer::fromVocabulary(tok.vocabulary());
        for (const auto& t : texts)
            serial.push_back(fresh->encode(t, false, true));
    }
    const auto shared = tokenizer::Tokenizer::fromVocabulary(tok.vocabulary());
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round)
                for (std::size_t i = 0; i < texts.size(); ++i) {
                    const std::size_t k = (i * 7 + static_cast<std::size_t>(t) * 13 + static_cast<std::size_t>(round)) %
                                          texts.size();
                    mismatches[static_cast<std::size_t>(t)] += shared->encode(texts[k], false, true) != serial[k];
                }
        });
    for (auto& th : threads)
        th.join();
    for (int t = 0; t < 4; ++t)
        EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << "thread " << t;
}

} // namespace
} // namespace qiusuo::test
