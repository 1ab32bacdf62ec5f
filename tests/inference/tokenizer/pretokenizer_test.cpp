#include "inference/error.h"
#include "inference/tokenizer/pretokenizer.h"

#include <gtest/gtest.h>

namespace qiusuo::tokenizer {
namespace {

std::vector<std::string> split(const PreTokenizer& p, std::string_view text)
{
    std::vector<std::string_view> pieces;
    p.split(text, pieces);
    return {pieces.begin(), pieces.end()};
}

std::vector<std::string> split(PreType type, std::string_view text)
{
    return split(PreTokenizer(PreTokenizer::regexesFor(type)), text);
}

using V = std::vector<std::string>;

TEST(PreTokenizer, Qwen2SplitsDigitsOneByOne)
{
    EXPECT_EQ(split(PreType::Qwen2, "Hello world123 it's"), (V{"Hello", " world", "1", "2", "3", " it", "'s"}));
}

TEST(PreTokenizer, Llama3GroupsDigitsByThree)
{
    EXPECT_EQ(split(PreType::Llama3, "12345"), (V{"123", "45"}));
    EXPECT_EQ(split(PreType::Llama3, "a  \n\nb"), (V{"a", "  \n\n", "b"}));
    EXPECT_EQ(split(PreType::Llama3, "WE'RE"), (V{"WE", "'RE"}));
}

TEST(PreTokenizer, Gpt2LeavesOneSpaceForTheNextWord)
{
    EXPECT_EQ(split(PreType::Gpt2, "Hello   world"), (V{"Hello", "  ", " world"}));
}

TEST(PreTokenizer, DeepseekV3SequenceOfRegexes)
{
    // Digits by three first, then CJK runs, then words.
    EXPECT_EQ(split(PreType::DeepseekV3, "abc123456你好ok"), (V{"abc", "123", "456", "你好", "ok"}));
}

TEST(PreTokenizer, DeepseekCoderSplitsEachDigitAndSymbol)
{
    // '=' is a math symbol, not punctuation: left between the matches.
    EXPECT_EQ(split(PreType::DeepseekCoder, "x=12"), (V{"x", "=", "1", "2"}));
}

TEST(PreTokenizer, EachRegexSeesOnlyItsPiece)
{
    // The lookahead of the second regex ends at the piece the first one cut:
    // the two spaces stay together although "c" follows in the text.
    const PreTokenizer p({"c", R"(\s+(?!\S))"});
    EXPECT_EQ(split(p, "  c"), (V{"  ", "c"}));
}

TEST(PreTokenizer, DollarIsTheEndOfThePieceOnly)
{
    // Not "before a final newline", as PCRE's default would have it.
    EXPECT_EQ(split(PreTokenizer({"x$"}), "x\n"), (V{"x\n"}));
    EXPECT_EQ(split(PreTokenizer({"x$"}), "ax"), (V{"a", "x"}));
}

TEST(PreTokenizer, InvalidUtf8BytesStandAlone)
{
    EXPECT_EQ(split(PreType::Gpt2, "ab\xFF" "cd"), (V{"ab", "\xFF", "cd"}));
    EXPECT_EQ(split(PreType::Qwen2, "\xE4\xB8"), (V{"\xE4", "\xB8"}));
}

TEST(PreTokenizer, PiecesCoverTheText)
{
    const std::string text = "Hi!\r\n  tab\there 1,234.5  你好。 😀  ";
    for (const auto type : {PreType::Gpt2, PreType::Llama3, PreType::Qwen2, PreType::DeepseekLlm,
                            PreType::DeepseekCoder, PreType::DeepseekV3}) {
        std::string joined;
        for (const auto& p : split(type, text)) {
            EXPECT_FALSE(p.empty());
            joined += p;
        }
        EXPECT_EQ(joined, text) << preTypeName(type);
    }
}

TEST(PreTokenizer, BadRegexIsAnError)
{
    try {
        PreTokenizer p({"(unclosed"});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("(unclosed"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace qiusuo::tokenizer
