#pragma once
// Template implementation of replacePlaceholders (included by mathprotector.h).

#include <string>
#include <string_view>

namespace qiusuo::markdown {

inline constexpr std::string_view kPlaceholderOpen = "\xEE\x80\x80";   // U+E000
inline constexpr std::string_view kPlaceholderClose = "\xEE\x80\x81";  // U+E001

template <typename Fn>
std::string replacePlaceholders(std::string_view text, const std::vector<MathSpan>& spans, Fn replace)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t open = text.find(kPlaceholderOpen, pos);
        if (open == std::string_view::npos)
            break;
        std::size_t digits = open + kPlaceholderOpen.size();
        std::size_t index = 0;
        std::size_t end = digits;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
            index = index * 10 + static_cast<std::size_t>(text[end] - '0');
            ++end;
        }
        if (end == digits || text.substr(end, kPlaceholderClose.size()) != kPlaceholderClose
            || index >= spans.size()) {
            out.append(text.substr(pos, digits - pos));
            pos = digits;
            continue;
        }
        out.append(text.substr(pos, open - pos));
        out.append(replace(spans[index]));
        pos = end + kPlaceholderClose.size();
    }
    out.append(text.substr(pos));
    return out;
}

} // namespace qiusuo::markdown
