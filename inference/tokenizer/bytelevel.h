#pragma once
/// @brief GPT-2's byte-level alphabet: each of the 256 byte values stands for
/// one printable Unicode character, so BPE works on bytes but stores text.
///
/// Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') map to themselves;
/// the other 68 bytes, in increasing order, map to U+0100, U+0101, ...
/// (so ' ' becomes 'Ġ' U+0120 and '\n' becomes 'Ċ' U+010A).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::tokenizer {

class ByteLevel {
public:
    /// The code point that stands for `byte`.
    static char32_t charForByte(std::uint8_t byte);
    /// The byte a code point stands for, or nullopt when it is not in the alphabet.
    static std::optional<std::uint8_t> byteForChar(char32_t cp);
    /// `bytes` written in the alphabet (UTF-8 of the stand-in characters).
    static std::string encode(std::string_view bytes);
    /// Appends the UTF-8 form of byte `b`'s stand-in character.
    static void appendEncoded(std::string& out, std::uint8_t b);
    /// The bytes a byte-level text stands for; characters outside the
    /// alphabet (or invalid UTF-8) are kept as they are.
    static std::string decode(std::string_view text);
};

} // namespace qiusuo::tokenizer
