// HTML export: one self-contained page, locked by its CSP, through the
// transcript's renderer; hostile messages checked by parsing the output.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "tests/storage/tempdir.h"
#include "ui/export/encoding.h"
#include "ui/export/exportassets.h"
#include "ui/export/htmlexport.h"
#include "ui/export/htmlpage.h"

#include <gtest/gtest.h>

#include <cctype>

namespace qiusuo::exporthtml {
namespace {

using namespace qiusuo::storage;

struct Tag {
    std::string name; ///< lower case; "/p" for an end tag
    std::vector<std::pair<std::string, std::string>> attributes; ///< names lower case
};

/// A small HTML tokenizer, enough to list the tags a browser would see:
/// text between tags, comments, and the raw text of <script>/<style> are
/// skipped the way the HTML parser skips them.
std::vector<Tag> tagsOf(const std::string& html)
{
    std::vector<Tag> tags;
    std::size_t i = 0;
    auto lower = [](std::string s) {
        for (char& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    while ((i = html.find('<', i)) != std::string::npos) {
        if (html.compare(i, 4, "<!--") == 0) {
            i = html.find("-->", i);
            if (i == std::string::npos)
                break;
            continue;
        }
        std::size_t j = i + 1;
        const bool end = j < html.size() && html[j] == '/';
        if (end)
            ++j;
        if (j >= html.size() || !std::isalpha(static_cast<unsigned char>(html[j]))) {
            ++i;
            continue;
        }
        Tag tag;
        while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-'))
            tag.name += html[j++];
        tag.name = lower(tag.name);
        while (j < html.size() && html[j] != '>') {
            if (std::isspace(static_cast<unsigned char>(html[j])) || html[j] == '/') {
                ++j;
                continue;
            }
            std::string name, value;
            while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '='
                   && html[j] != '>')
                name += html[j++];
            if (j < html.size() && html[j] == '=') {
                ++j;
                const char q = html[j];
                if (q == '"' || q == '\'') {
                    const std::size_t close = html.find(q, j + 1);
                    value = html.substr(j + 1, close - j - 1);
                    j = close + 1;
                } else {
                    while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '>')
                        value += html[j++];
                }
            }
            tag.attributes.emplace_back(lower(name), value);
        }
        if (end)
            tag.name = "/" + tag.name;
        tags.push_back(tag);
        i = j;
        if (tag.name == "script" || tag.name == "style") { // raw text up to its end tag
            const std::size_t close = lower(html.substr(i, std::string::npos)).find("</" + tag.name);
            if (close == std::string::npos)
                break;
            i += close;
        }
    }
    return tags;
}

std::string between(const std::string& html, const std::string& open, const std::string& close)
{
    const auto a = html.find(open);
    const auto b = a == std::string::npos ? a : html.find(close, a + open.size());
    return a == std::string::npos || b == std::string::npos ? "" : html.substr(a + open.size(), b - a - open.size());
}

class HtmlExport : public ::testing::Test {
protected:
    std::int64_t add(const std::string& title, const std::vector<std::pair<MessageRole, std::string>>& messages,
                     const std::string& reasoning = {}, const std::string& model = {})
    {
        const Conversation c = store.createConversation(title);
        std::optional<std::int64_t> parent;
        for (const auto& [role, text] : messages) {
            NewMessage m;
            m.role = role;
            m.content = text;
            if (role == MessageRole::Assistant) {
                m.reasoning = reasoning;
                m.model = model;
            }
            parent = store.appendMessage(c.id, parent, m);
        }
        return c.id;
    }

    test::TempDir dir;
    Database db = Database::open(dir / "q.db");
    ConversationStore store{db};
};

TEST_F(HtmlExport, IsOneFileWithEverythingInlineAndACspThatAllowsOnlyIt)
{
    const auto id = add("勾股定理", {{MessageRole::User, "证明 $a^2+b^2=c^2$"},
                                     {MessageRole::Assistant, "$$c=\\sqrt{a^2+b^2}$$\n\n```python\nprint(1)\n```"}},
                        "先画图。", "deepseek-r1");
    const std::string html = exportHtml(store, {id}, {.lang = "zh-CN"});
    const auto tags = tagsOf(html);
    int scripts = 0, styles = 0;
    for (const Tag& t : tags) {
        scripts += t.name == "script";
        styles += t.name == "style";
        for (const auto& [name, value] : t.attributes)
            EXPECT_FALSE(name == "src" || (name == "href" && value.rfind("#", 0) != 0)) << t.name << " " << name;
        EXPECT_NE(t.name, "link");
    }
    EXPECT_EQ(scripts, 1);
    EXPECT_EQ(styles, 1);
    // The CSP names exactly the hashes of the inline script and style.
    const std::string script = between(html, "<script>", "</script>");
    const std::string style = between(html, "<style>", "</style>");
    EXPECT_EQ(script, pageScript());
    EXPECT_EQ(style, pageStyle());
    const std::string csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    EXPECT_EQ(csp, "default-src 'none'; script-src " + cspHashSource(script) + "; style-src " + cspHashSource(style)
                       + "; font-src data:; img-src data:; base-uri 'none'; form-action 'none'");
    // Every KaTeX font is inline; nothing refers to a file or the network.
    std::size_t fonts = 0;
    for (auto at = style.find("url(data:font/woff2;base64,"); at != std::string::npos;
         at = style.find("url(data:font/woff2;base64,", at + 1))
        ++fonts;
    std::size_t woff2Files = 0;
    for (const auto& f : embeddedFiles())
        woff2Files += std::string_view(f.path).find(".woff2") != std::string_view::npos;
    EXPECT_EQ(fonts, woff2Files);
    EXPECT_GE(fonts, 19u);
    EXPECT_EQ(style.find("url(fonts/"), std::string::npos);
    // (URLs in the libraries' comments and code, such as the SVG namespace,
    // load nothing; what could load something is a url() or an attribute.)
    std::size_t urls = 0, dataUrls = 0;
    for (auto at = style.find("url("); at != std::string::npos; at = style.find("url(", at + 1)) {
        ++urls;
        dataUrls += style.compare(at, 9, "url(data:") == 0;
    }
    EXPECT_EQ(urls, dataUrls);
    // The page's contents went through the transcript's renderer.
    EXPECT_NE(html.find("<span class=\"math math-inline\">a^2+b^2=c^2</span>"), std::string::npos);
    EXPECT_NE(html.find("<span class=\"math math-display\">c=\\sqrt{a^2+b^2}</span>"), std::string::npos);
    EXPECT_NE(html.find("<code class=\"language-python\">"), std::string::npos);
    EXPECT_NE(html.find("<details class=\"reasoning\"><summary>Reasoning</summary>"), std::string::npos);
    EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
    EXPECT_NE(html.find("<title>勾股定理</title>"), std::string::npos);
    // KaTeX, mhchem and highlight.js (with Python) are in the script.
    EXPECT_NE(script.find("katex"), std::string::npos);
    EXPECT_NE(script.find("\\ce"), std::string::npos);
    EXPECT_NE(script.find("hljs.registerLanguage('python'"), std::string::npos);
}

TEST_F(HtmlExport, NoHostileMessageGetsAScriptAHandlerOrAJavascriptLink)
{
    const std::vector<std::string> payloads = {
        "<script>window.__qiusuoPwned=1</script>",
        "<img src=x onerror=\"window.__qiusuoPwned=1\">",
        "<svg onload=window.__qiusuoPwned=1>",
        "<iframe src=\"javascript:window.__qiusuoPwned=1\"></iframe>",
        "[click](javascript:window.__qiusuoPwned=1)",
        "[click](JaVaScRiPt:window.__qiusuoPwned=1)",
        "<a href=\"javascript:window.__qiusuoPwned=1\">x</a>",
        "![x](javascript:window.__qiusuoPwned=1)",
        "$</span><script>window.__qiusuoPwned=1</script>$",
        "$$\\href{javascript:window.__qiusuoPwned=1}{x}$$",
        "```html\n</script><script>window.__qiusuoPwned=1</script>\n```",
        "<style>body{background:url(http://evil.example/)}</style>",
        "<object data=x></object><embed src=x><form action=x><input onfocus=x autofocus>",
        "\u2028<scr<script>ipt>window.__qiusuoPwned=1</script>",
    };
    std::vector<std::pair<MessageRole, std::string>> messages;
    for (const auto& p : payloads) {
        messages.emplace_back(MessageRole::User, p);
        messages.emplace_back(MessageRole::Assistant, p);
    }
    const auto id = add("</title><script>window.__qiusuoPwned=1</script>", messages,
                        "<script>window.__qiusuoPwned=1</script>", "\"><script>x</script>");
    store.setSystemPrompt(id, "<img src=x onerror=alert(1)>");
    store.setModelAndBackend(id, "<b onmouseover=alert(1)>", "\"><svg onload=alert(1)>");
    const std::string html = exportHtml(store, {id}, {.expandReasoning = true});

    int scripts = 0;
    for (const Tag& t : tagsOf(html)) {
        scripts += t.name == "script";
        for (const std::string bad : {"img", "svg", "iframe", "object", "embed", "form", "input", "b", "link", "base"})
            EXPECT_NE(t.name, bad) << "a <" << bad << "> from a message";
        for (const auto& [name, value] : t.attributes) {
            EXPECT_NE(name.rfind("on", 0), 0u) << "<" << t.name << " " << name << "=" << value << ">";
            std::string v;
            for (const char c : value)
                if (!std::isspace(static_cast<unsigned char>(c)))
                    v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            EXPECT_NE(v.rfind("javascript:", 0), 0u) << "<" << t.name << " " << name << "=" << value << ">";
            EXPECT_NE(name, "style") << "inline style on <" << t.name << ">";
        }
    }
    EXPECT_EQ(scripts, 1) << "only the page's own script";
    // The payloads are there as text.
    EXPECT_NE(html.find("&lt;script&gt;window.__qiusuoPwned=1&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("<title>&lt;/title&gt;&lt;script&gt;"), std::string::npos);
}

TEST_F(HtmlExport, ReasoningCanBeLeftOutOrOpened)
{
    const auto id = add("t", {{MessageRole::User, "q"}, {MessageRole::Assistant, "a"}}, "thinking hard");
    EXPECT_EQ(exportHtml(store, {id}, {.includeReasoning = false}).find("thinking hard"), std::string::npos);
    EXPECT_NE(exportHtml(store, {id}, {.expandReasoning = true}).find("<details class=\"reasoning\" open>"),
              std::string::npos);
    EXPECT_NE(exportHtml(store, {id}).find("<details class=\"reasoning\">"), std::string::npos);
}

TEST_F(HtmlExport, SeveralConversationsShareOnePage)
{
    const auto a = add("first", {{MessageRole::User, "one"}});
    const auto b = add("second", {{MessageRole::User, "two"}});
    // Made in the same millisecond: make "second" clearly the newer one.
    db.exec("UPDATE conversations SET created_at = created_at + 1000 WHERE title = 'second'");
    const std::string html = exportHtml(store, {b, a});
    EXPECT_NE(html.find("<title>Qiusuo: 2 conversations</title>"), std::string::npos);
    EXPECT_LT(html.find("<h1>first</h1>"), html.find("<h1>second</h1>"));
}

} // namespace
} // namespace qiusuo::exporthtml
