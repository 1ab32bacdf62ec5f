#include "inference/tokenizer/bytelevel.h"

#include <gtest/gtest.h>

#include <set>

namespace qiusuo::tokenizer {
namespace {

TEST(ByteLevel, Gpt2Alphabet)
{
    // Printable Latin-1 maps to itself; the 68 others follow from U+0100 in byte order.
    EXPECT_EQ(ByteLevel::charForByte('A'), U'A');
    EXPECT_EQ(ByteLevel::charForByte('!'), U'!');
    EXPECT_EQ(ByteLevel::charForByte(0xE9), U'\u00E9');
    EXPECT_EQ(ByteLevel::charForByte(0x00), U'\u0100');
    EXPECT_EQ(ByteLevel::charForByte('\n'), U'\u010A');  // "Ċ"
    EXPECT_EQ(ByteLevel::charForByte(' '), U'\u0120');   // "Ġ"
    EXPECT_EQ(ByteLevel::charForByte(0x7F), U'\u0121');
    EXPECT_EQ(ByteLevel::charForByte(0xA0), U'\u0142');
    EXPECT_EQ(ByteLevel::charForByte(0xAD), U'\u0143');
}

TEST(ByteLevel, IsABijection)
{
    std::set<char32_t> seen;
    for (int b = 0; b < 256; ++b) {
        const char32_t c = ByteLevel::charForByte(static_cast<std::uint8_t>(b));
        EXPECT_TRUE(seen.insert(c).second) << "byte " << b;
        ASSERT_TRUE(ByteLevel::byteForChar(c).has_value());
        EXPECT_EQ(*ByteLevel::byteForChar(c), b);
    }
    EXPECT_FALSE(ByteLevel::byteForChar(U'\u0144').has_value());
    EXPECT_FALSE(ByteLevel::byteForChar(U' ').has_value());
    EXPECT_FALSE(ByteLevel::byteForChar(U'\u4E2D').has_value());
}

TEST(ByteLevel, EncodeDecode)
{
    EXPECT_EQ(ByteLevel::encode(" world\n"), "\xC4\xA0world\xC4\x8A");
    // "中" is E4 B8 AD: "ä", "¸", and byte AD's stand-in U+0143 "Ń".
    EXPECT_EQ(ByteLevel::encode("中"), "\xC3\xA4\xC2\xB8\xC5\x83");
    std::string all;
    for (int b = 0; b < 256; ++b)
        all.push_back(static_cast<char>(b));
    EXPECT_EQ(ByteLevel::decode(ByteLevel::encode(all)), all);
    // Characters outside the alphabet are kept as they are.
    EXPECT_EQ(ByteLevel::decode("中\xC4\xA0"), "中 ");
}

} // namespace
} // namespace qiusuo::tokenizer
