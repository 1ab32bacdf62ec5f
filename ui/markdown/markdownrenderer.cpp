#include "ui/markdown/markdownrenderer.h"

#include "ui/markdown/mathprotector.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace qiusuo::markdown {
namespace {

// CMARK_OPT_DEFAULT is the safe mode: raw HTML would be omitted and
// dangerous URLs (javascript:, vbscript:, file:, data: but images) emptied.
// VALIDATE_UTF8 replaces invalid sequences so the page always gets UTF-8.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES
                         | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;

struct ParserDeleter {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};

std::string restoreSource(const char* text, const std::vector<MathSpan>& spans)
{
    return replacePlaceholders(text ? text : "", spans, [](const MathSpan& s) { return s.original; });
}

/// A text node replacing `node` (raw HTML shown as text).
void replaceWithText(cmark_node* node, const std::vector<MathSpan>& spans)
{
    const std::string literal = restoreSource(cmark_node_get_literal(node), spans);
    cmark_node* replacement = nullptr;
    if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
        // A block becomes a paragraph, keeping its line breaks visible.
        replacement = cmark_node_new(CMARK_NODE_PARAGRAPH);
        std::string_view rest = literal;
        while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r'))
            rest.remove_suffix(1);
        bool first = true;
        while (true) {
            const std::size_t nl = rest.find('\n');
            if (!first)
                cmark_node_append_child(replacement, cmark_node_new(CMARK_NODE_LINEBREAK));
            first = false;
            cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(text, std::string(rest.substr(0, nl)).c_str());
            cmark_node_append_child(replacement, text);
            if (nl == std::string_view::npos)
                break;
            rest.remove_prefix(nl + 1);
        }
    } else {
        replacement = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(replacement, literal.c_str());
    }
    cmark_node_insert_before(node, replacement);
    cmark_node_free(node);
}

/// An image becomes a link to it with the alt text: never loaded.
void replaceImageWithLink(cmark_node* image, const std::vector<MathSpan>& spans)
{
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, restoreSource(cmark_node_get_url(image), spans).c_str());
    cmark_node_set_title(link, restoreSource(cmark_node_get_title(image), spans).c_str());
    while (cmark_node* child = cmark_node_first_child(image)) {
        cmark_node_unlink(child);
        cmark_node_append_child(link, child);
    }
    if (!cmark_node_first_child(link)) {
        cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(text, cmark_node_get_url(link));
        cmark_node_append_child(link, text);
    }
    cmark_node_insert_before(image, link);
    cmark_node_free(image);
}

/// Where math placeholders must not become markup (code, URLs, titles), the
/// original source comes back; raw HTML turns into text; images into links.
void sanitizeTree(cmark_node* root, const std::vector<MathSpan>& spans)
{
    std::vector<cmark_node*> htmlNodes;
    std::vector<cmark_node*> images;
    cmark_iter* iter = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node* node = cmark_iter_get_node(iter);
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            htmlNodes.push_back(node);
            break;
        case CMARK_NODE_IMAGE:
            images.push_back(node);
            break;
        case CMARK_NODE_CODE:
        case CMARK_NODE_CODE_BLOCK:
            cmark_node_set_literal(node, restoreSource(cmark_node_get_literal(node), spans).c_str());
            break;
        case CMARK_NODE_LINK:
            cmark_node_set_url(node, restoreSource(cmark_node_get_url(node), spans).c_str());
            cmark_node_set_title(node, restoreSource(cmark_node_get_title(node), spans).c_str());
            break;
        default:
            break;
        }
    }
    cmark_iter_free(iter);
    for (cmark_node* n : htmlNodes)
        replaceWithText(n, spans);
    for (cmark_node* n : images)
        replaceImageWithLink(n, spans);
}

void attachExtension(cmark_parser* parser, const char* name)
{
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
        cmark_parser_attach_syntax_extension(parser, ext);
}

} // namespace

std::string escapeHtml(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.push_back(c);
        }
    }
    return out;
}

std::string renderHtml(std::string_view markdown)
{
    cmark_gfm_core_extensions_ensure_registered();
    const ProtectedText prot = protectMath(markdown);

    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
    for (const char* ext : {"table", "strikethrough", "autolink", "tasklist"})
        attachExtension(parser.get(), ext);
    cmark_parser_feed(parser.get(), prot.text.data(), prot.text.size());
    std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
    sanitizeTree(doc.get(), prot.spans);

    char* raw = cmark_render_html(doc.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
    const std::string html = raw ? raw : "";
    std::free(raw);

    return replacePlaceholders(html, prot.spans, [](const MathSpan& s) {
        std::string out = s.display ? "<span class=\"math math-display\">" : "<span class=\"math math-inline\">";
        out.append(escapeHtml(s.tex));
        out.append("</span>");
        return out;
    });
}

} // namespace qiusuo::markdown
