#include "inference/tokenizer/streamingdecoder.h"
#include "inference/tokenizer/utf8.h"
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

namespace qiusuo::test {
namespace {

using tokenizer::StreamingDecoder;

const std::string kFffd = "\xEF\xBF\xBD";

// Byte b is token b: every multi-byte character spans several tokens.
const tokenizer::Tokenizer& bytesTokenizer()
{
    static const auto tok = tokenizer::Tokenizer::fromVocabulary(byteVocab());
    return *tok;
}

TEST(StreamingDecoder, HoldsBackASplitChineseCharacter)
{
    StreamingDecoder dec(bytesTokenizer());
    // "海" = E6 B5 B7
    EXPECT_EQ(dec.push(0xE6), "");
    EXPECT_EQ(dec.pendingBytes(), 1u);
    EXPECT_EQ(dec.push(0xB5), "");
    EXPECT_EQ(dec.push(0xB7), "海");
    EXPECT_EQ(dec.pendingBytes(), 0u);
    EXPECT_EQ(dec.push('a'), "a");
    EXPECT_EQ(dec.flush(), "");
}

TEST(StreamingDecoder, CompleteTextPassesThroughAtOnce)
{
    StreamingDecoder dec(bytesTokenizer());
    EXPECT_EQ(dec.pushBytes("ok 中文"), "ok 中文");
    // An emoji split 1 + 3, after some text.
    EXPECT_EQ(dec.pushBytes("x\xF0"), "x");
    EXPECT_EQ(dec.pushBytes("\x9F\x98\x80"), "😀");
}

TEST(StreamingDecoder, InvalidSequencesBecomeReplacementCharacters)
{
    StreamingDecoder dec(bytesTokenizer());
    // A lead byte followed by something else: invalid as soon as that arrives.
    EXPECT_EQ(dec.pushBytes("\xE6\xB5"), "");
    EXPECT_EQ(dec.pushBytes("A"), kFffd + "A");
    // A lone continuation byte is invalid at once.
    EXPECT_EQ(dec.pushBytes("\x80"), kFffd);
    // A surrogate (ED A0 80) is never valid: one U+FFFD per maximal subpart.
    EXPECT_EQ(dec.pushBytes("\xED\xA0\x80"), kFffd + kFffd + kFffd);
    // Bytes that never start a character (C0, F5..FF).
    EXPECT_EQ(dec.pushBytes("\xC0\xFF"), kFffd + kFffd);
}

TEST(StreamingDecoder, FlushEndsAnIncompleteCharacter)
{
    StreamingDecoder dec(bytesTokenizer());
    EXPECT_EQ(dec.pushBytes("ab\xF0\x9F"), "ab");
    EXPECT_EQ(dec.flush(), kFffd);
    EXPECT_EQ(dec.pendingBytes(), 0u);
    EXPECT_EQ(dec.pushBytes("\xE4"), "");
    dec.reset();
    EXPECT_EQ(dec.pushBytes("z"), "z");
}

TEST(StreamingDecoder, SpecialTokensAsAsked)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_0.gguf");
    const auto& tok = ggufTokenizer(path);
    StreamingDecoder plain(tok);
    StreamingDecoder special(tok, true);
    EXPECT_EQ(plain.push(312), "");
    EXPECT_EQ(special.push(312), "<｜end▁of▁sentence｜>");
    EXPECT_EQ(plain.push(316), "</think>");  // user-defined: always text
}

TEST(StreamingDecoder, StreamedTinyModelTextIsAlwaysWholeCharacters)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_0.gguf");
    const auto& tok = ggufTokenizer(path);
    const std::string text = "海日生残夜，江春入旧年。🚀 ok 👨‍👩‍👧";
    const auto ids = tok.encode(text);
    ASSERT_GT(ids.size(), 10u);
    StreamingDecoder dec(tok);
    std::string all;
    int heldBack = 0;
    for (const auto id : ids) {
        const std::string piece = dec.push(id);
        heldBack += piece.empty();
        // Every chunk is valid UTF-8 on its own.
        std::size_t i = 0;
        while (i < piece.size()) {
            const std::size_t len = tokenizer::utf8::validSequenceLength(piece, i);
            ASSERT_NE(len, 0u) << "broken UTF-8 in a streamed chunk";
            i += len;
        }
        all += piece;
    }
    all += dec.flush();
    EXPECT_EQ(all, text);
    EXPECT_GT(heldBack, 0);  // the tiny vocabulary splits characters over tokens
}

} // namespace
} // namespace qiusuo::test
