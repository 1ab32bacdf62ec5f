#pragma once
/// @brief Finds TeX math in Markdown source and swaps it for placeholders, so
/// that cmark-gfm cannot mangle `_`, `*` or `\\` inside formulas.
///
/// Recognized: `$$…$$` and `\[…\]` (display), `$…$` and `\(…\)` (inline).
/// Code spans and fenced code blocks are left alone. A `$` opens inline math
/// only when followed by a non-space, and closes it only when preceded by a
/// non-space and not followed by a digit (Pandoc's rule), and inline math
/// holds no other unescaped `$`; so currency such as "$5 and $10" stays text
/// while "$2x+1$" is math.

#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::markdown {

struct MathSpan {
    std::string tex;       ///< the formula without delimiters
    std::string original;  ///< the source text including delimiters
    bool display = false;
};

struct ProtectedText {
    std::string text;            ///< the source with each span replaced by placeholder(i)
    std::vector<MathSpan> spans;
};

/// Placeholders are U+E000, the decimal index, U+E001: private-use code
/// points that cmark treats as plain text. Input that already contains
/// U+E000 or U+E001 has them replaced by U+FFFD first, so no placeholder can
/// be forged.
ProtectedText protectMath(std::string_view markdown);

/// The placeholder text for span `index`.
std::string mathPlaceholder(std::size_t index);

/// Replaces every placeholder in `text` by `replace(span)`.
template <typename Fn>
std::string replacePlaceholders(std::string_view text, const std::vector<MathSpan>& spans, Fn replace);

} // namespace qiusuo::markdown

#include "ui/markdown/mathprotector_impl.h"
