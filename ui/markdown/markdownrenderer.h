#pragma once
/// @brief Markdown with math -> safe HTML, the one pipeline behind the
/// transcript and the HTML/PDF export.
///
/// GitHub-flavoured Markdown through cmark-gfm (tables, strikethrough,
/// autolinks, task lists). Raw HTML in the source is shown as text, never
/// interpreted; `javascript:`-style link targets are dropped; images become
/// links (nothing is ever loaded from the network). Math is protected before
/// parsing (mathprotector.h) and emitted as
/// `<span class="math math-inline">TeX</span>` or
/// `<span class="math math-display">TeX</span>` with the TeX HTML-escaped,
/// for KaTeX in the page to typeset.

#include <string>
#include <string_view>

namespace qiusuo::markdown {

/// Renders `markdown` (UTF-8; invalid sequences are replaced) to an HTML
/// fragment. Never throws on any input.
std::string renderHtml(std::string_view markdown);

/// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string escapeHtml(std::string_view text);

} // namespace qiusuo::markdown
