#pragma once
/// @brief Small UTF-8 helpers shared by the tokenizer parts.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace qiusuo::tokenizer::utf8 {

/// Length of the well-formed UTF-8 sequence starting at `s[pos]`
/// (Unicode Table 3-7: no overlongs, no surrogates, nothing past U+10FFFF),
/// or 0 when the bytes there do not form one.
std::size_t validSequenceLength(std::string_view s, std::size_t pos);

/// How many bytes at `s[pos]` are the longest prefix that could still
/// become a well-formed sequence if more bytes followed ("maximal subpart").
/// 0 when `s[pos]` cannot start one at all.
std::size_t viablePrefixLength(std::string_view s, std::size_t pos);

/// Appends the UTF-8 form of `cp` (cp must be a Unicode scalar value).
void append(std::string& out, char32_t cp);

/// Decodes the well-formed sequence of `len` bytes at `s[pos]`.
char32_t decode(std::string_view s, std::size_t pos, std::size_t len);

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

} // namespace qiusuo::tokenizer::utf8
