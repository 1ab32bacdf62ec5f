#pragma once
/// @brief The shell of an exported HTML page: one file with everything
/// inline, locked down by a Content-Security-Policy.
///
/// The page carries one <style> (our style, KaTeX's with its WOFF2 fonts as
/// data: URIs, highlight.js's light and dark themes) and one <script> (KaTeX,
/// mhchem, highlight.js with the common languages, and ours, which typesets
/// every math span and highlights every code block once the page loads).
/// The policy allows exactly that script and that style by their SHA-256
/// hashes, fonts and images only from data: URIs, and nothing else: no other
/// script, inline handler or javascript: URL can run, no request leaves the
/// file, so the page opens offline and a message can never execute code.

#include <string>

namespace qiusuo::exporthtml {

/// The whole document around `bodyHtml` (which must already be safe HTML).
/// `lang` is a BCP 47 tag ("en", "zh-CN") for fonts and hyphenation.
std::string buildPage(const std::string& title, const std::string& lang, const std::string& bodyHtml);

/// The page's one inline script and one inline style, exactly as embedded.
const std::string& pageScript();
const std::string& pageStyle();

} // namespace qiusuo::exporthtml
