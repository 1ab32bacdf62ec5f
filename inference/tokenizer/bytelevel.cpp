#include "inference/tokenizer/bytelevel.h"

#include "inference/tokenizer/utf8.h"

namespace qiusuo::tokenizer {

namespace {

struct Tables {
    std::array<char32_t, 256> toChar{};
    std::array<std::string, 256> toUtf8;
    std::array<std::int16_t, 324> toByte{};  // stand-ins are all below U+0144

    Tables()
    {
        toByte.fill(-1);
        const auto printable = [](int b) {
            return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        char32_t next = 0x100;
        for (int b = 0; b < 256; ++b) {
            const char32_t cp = printable(b) ? static_cast<char32_t>(b) : next++;
            toChar[b] = cp;
            utf8::append(toUtf8[b], cp);
            toByte[cp] = static_cast<std::int16_t>(b);
        }
    }
};

const Tables& tables()
{
    static const Tables t;
    return t;
}

} // namespace

char32_t ByteLevel::charForByte(std::uint8_t byte)
{
    return tables().toChar[byte];
}

std::optional<std::uint8_t> ByteLevel::byteForChar(char32_t cp)
{
    const auto& t = tables();
    if (cp >= t.toByte.size() || t.toByte[cp] < 0)
        return std::nullopt;
    return static_cast<std::uint8_t>(t.toByte[cp]);
}

void ByteLevel::appendEncoded(std::string& out, std::uint8_t b)
{
    out += tables().toUtf8[b];
}

std::string ByteLevel::encode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes)
        appendEncoded(out, static_cast<std::uint8_t>(c));
    return out;
}

std::string ByteLevel::decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8::validSequenceLength(text, i);
        if (len == 0) {
            out.push_back(text[i++]);
            continue;
        }
        if (const auto b = byteForChar(utf8::decode(text, i, len)))
            out.push_back(static_cast<char>(*b));
        else
            out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

} // namespace qiusuo::tokenizer
