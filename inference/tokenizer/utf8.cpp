#include "inference/tokenizer/utf8.h"

namespace qiusuo::tokenizer::utf8 {

namespace {

// The allowed range of the second byte depends on the lead byte (Table 3-7);
// every later byte is 80..BF.
struct LeadInfo {
    std::size_t length;
    unsigned char secondLo;
    unsigned char secondHi;
};

LeadInfo leadInfo(unsigned char b)
{
    if (b < 0x80) return {1, 0, 0};
    if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
    if (b == 0xE0) return {3, 0xA0, 0xBF};
    if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return {3, 0x80, 0xBF};
    if (b == 0xED) return {3, 0x80, 0x9F};
    if (b == 0xF0) return {4, 0x90, 0xBF};
    if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
    if (b == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

// Number of leading bytes at pos that agree with a well-formed sequence.
std::size_t matchingPrefix(std::string_view s, std::size_t pos, std::size_t& fullLength)
{
    const auto lead = leadInfo(static_cast<unsigned char>(s[pos]));
    fullLength = lead.length;
    if (lead.length == 0)
        return 0;
    std::size_t n = 1;
    while (n < lead.length && pos + n < s.size()) {
        const auto c = static_cast<unsigned char>(s[pos + n]);
        const bool ok = n == 1 ? (c >= lead.secondLo && c <= lead.secondHi) : (c >= 0x80 && c <= 0xBF);
        if (!ok)
            break;
        ++n;
    }
    return n;
}

} // namespace

std::size_t validSequenceLength(std::string_view s, std::size_t pos)
{
    std::size_t full = 0;
    const std::size_t n = matchingPrefix(s, pos, full);
    return n != 0 && n == full ? n : 0;
}

std::size_t viablePrefixLength(std::string_view s, std::size_t pos)
{
    std::size_t full = 0;
    return matchingPrefix(s, pos, full);
}

void append(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

char32_t decode(std::string_view s, std::size_t pos, std::size_t len)
{
    const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[pos + i])); };
    switch (len) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}

} // namespace qiusuo::tokenizer::utf8
