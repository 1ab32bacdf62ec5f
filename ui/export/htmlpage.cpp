#include "ui/export/htmlpage.h"

#include "ui/export/encoding.h"
#include "ui/export/exportassets.h"
#include "ui/markdown/markdownrenderer.h"

#include <stdexcept>

namespace qiusuo::exporthtml {

namespace {

bool matchesNoCase(const std::string& text, std::size_t pos, std::string_view word)
{
    if (pos + word.size() > text.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = text[pos + i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + ('a' - 'A'));
        if (c != word[i])
            return false;
    }
    return true;
}

/// Inside <script>, "</script" would end it and "<!--"/"<script" change how
/// the HTML parser reads on; they only occur in the libraries' strings and
/// regular expressions, where "\x3C" means the same "<".
std::string guardScript(const std::string& js)
{
    std::string out;
    out.reserve(js.size());
    for (std::size_t i = 0; i < js.size(); ++i) {
        if (js[i] == '<' && (matchesNoCase(js, i, "<!--") || matchesNoCase(js, i, "<script")
                             || matchesNoCase(js, i, "</script")))
            out += "\\x3C";
        else
            out += js[i];
    }
    return out;
}

/// KaTeX's stylesheet with each font's WOFF2 as a data: URI and the WOFF/TTF
/// alternatives dropped (every browser that runs the page reads WOFF2).
std::string katexStyleWithFonts()
{
    const std::string css(embeddedText("katex/dist/katex.min.css"));
    std::string out;
    std::size_t pos = 0;
    for (std::size_t at; (at = css.find("url(fonts/", pos)) != std::string::npos;) {
        const std::size_t close = css.find(')', at);
        if (close == std::string::npos)
            throw std::logic_error("unexpected KaTeX stylesheet");
        const std::string name = css.substr(at + 10, close - at - 10);
        // The source that follows: ` format("...")`.
        std::size_t end = css.find(')', close + 1);
        end = end == std::string::npos ? close + 1 : end + 1;
        if (name.size() > 6 && name.substr(name.size() - 6) == ".woff2") {
            out += css.substr(pos, at - pos);
            out += "url(data:font/woff2;base64," + base64(embeddedText("katex/dist/fonts/" + name)) + ")";
            out += css.substr(close + 1, end - close - 1);
        } else {
            std::size_t from = at;
            if (from > pos && css[from - 1] == ',')
                --from; // the comma before this alternative
            out += css.substr(pos, from - pos);
        }
        pos = end;
    }
    out += css.substr(pos);
    return out;
}

std::string highlightBundle()
{
    // lib/ holds CommonJS modules: give each its own `module` and register
    // the languages with the core.
    std::string js = "var hljs=(function(){var module={exports:{}},exports=module.exports;\n";
    js += embeddedText("highlight.js/lib/core.js");
    js += "\nreturn module.exports;})();\n";
    for (const std::string& lang : embeddedHighlightLanguages()) {
        js += "hljs.registerLanguage('" + lang + "',(function(){var module={exports:{}},exports=module.exports;\n";
        js += embeddedText("highlight.js/lib/languages/" + lang + ".js");
        js += "\nreturn module.exports;})());\n";
    }
    return js;
}

} // namespace

const std::string& pageScript()
{
    static const std::string script = guardScript(
        std::string(embeddedText("katex/dist/katex.min.js")) + "\n"
        + std::string(embeddedText("katex/dist/contrib/mhchem.min.js")) + "\n" + highlightBundle() + "\n"
        + std::string(embeddedText("page/exportpage.js")));
    return script;
}

const std::string& pageStyle()
{
    static const std::string style = [] {
        std::string css(embeddedText("page/exportpage.css"));
        css += "\n" + katexStyleWithFonts() + "\n";
        css += embeddedText("highlight.js/styles/github.min.css");
        css += "\n@media screen and (prefers-color-scheme: dark){";
        css += embeddedText("highlight.js/styles/github-dark.min.css");
        css += "}\n";
        // A stylesheet cannot end a <style> element unless it says "</style".
        for (std::size_t at; (at = css.find("</")) != std::string::npos;)
            css.replace(at, 2, "<\\/");
        return css;
    }();
    return style;
}

std::string buildPage(const std::string& title, const std::string& lang, const std::string& bodyHtml)
{
    std::string page = "<!DOCTYPE html>\n<html lang=\"" + markdown::escapeHtml(lang) + "\">\n<head>\n"
                       "<meta charset=\"utf-8\">\n";
    page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
            + cspHashSource(pageScript()) + "; style-src " + cspHashSource(pageStyle())
            + "; font-src data:; img-src data:; base-uri 'none'; form-action 'none'\">\n";
    page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    page += "<meta name=\"generator\" content=\"Qiusuo " QIUSUO_VERSION "\">\n";
    page += "<title>" + markdown::escapeHtml(title) + "</title>\n";
    page += "<style>" + pageStyle() + "</style>\n</head>\n<body>\n";
    page += bodyHtml;
    page += "<script>" + pageScript() + "</script>\n</body>\n</html>\n";
    return page;
}

} // namespace qiusuo::exporthtml
