// Math span detection: what is math, what stays text, what is never touched.
#include "ui/markdown/markdownrenderer.h"
#include "ui/markdown/mathprotector.h"

#include <gtest/gtest.h>

#include <random>

using qiusuo::markdown::protectMath;

namespace {

std::vector<std::string> texOf(std::string_view md)
{
    std::vector<std::string> out;
    for (const auto& s : protectMath(md).spans)
        out.push_back((s.display ? "D:" : "I:") + s.tex);
    return out;
}

using V = std::vector<std::string>;

TEST(MathProtector, FindsEveryDelimiterKind)
{
    EXPECT_EQ(texOf("a $x^2$ b"), V({"I:x^2"}));
    EXPECT_EQ(texOf("$$\\int_0^1 f$$"), V({"D:\\int_0^1 f"}));
    EXPECT_EQ(texOf("\\(a_b\\) and \\[c_d\\]"), V({"I:a_b", "D:c_d"}));
}

TEST(MathProtector, CurrencyStaysText)
{
    EXPECT_TRUE(texOf("It costs $5 and $10.").empty());
    EXPECT_TRUE(texOf("between $5-$10 a day").empty());
    EXPECT_TRUE(texOf("$20/$30").empty());
    EXPECT_TRUE(texOf("US$ 5 or $ 6").empty());
}

TEST(MathProtector, DigitLedFormulaIsMath)
{
    EXPECT_EQ(texOf("solve $2x+1=5$ now"), V({"I:2x+1=5"}));
}

TEST(MathProtector, EscapedDollarIsNotMath)
{
    EXPECT_TRUE(texOf("\\$x$ and \\$y\\$").empty());
}

TEST(MathProtector, CodeIsNeverTouched)
{
    EXPECT_TRUE(texOf("`$x$` and ``a $y$ b``").empty());
    EXPECT_TRUE(texOf("```\n$x$\n$$y$$\n```").empty());
    EXPECT_TRUE(texOf("~~~python\nprint('$a$')\n~~~").empty());
    EXPECT_EQ(texOf("```\n$x$\n```\nthen $y$"), V({"I:y"}));
}

TEST(MathProtector, MathNeverSpansParagraphs)
{
    EXPECT_TRUE(texOf("$a\n\nb$").empty());
    EXPECT_TRUE(texOf("$$a\n\nb$$").empty());
    EXPECT_EQ(texOf("$$\na\nb\n$$"), V({"D:\na\nb\n"}));
}

TEST(MathProtector, UnbalancedDelimitersStayText)
{
    EXPECT_TRUE(texOf("$x").empty());
    EXPECT_TRUE(texOf("$$x").empty());
    EXPECT_TRUE(texOf("\\(x").empty());
    EXPECT_TRUE(texOf("\\[x").empty());
}

TEST(MathProtector, ForgedPlaceholdersAreNeutralized)
{
    // U+E000 0 U+E001 typed by a model must not become span 0's markup.
    const std::string forged = "\xEE\x80\x80" "0" "\xEE\x80\x81 and $x$";
    const std::string html = qiusuo::markdown::renderHtml(forged);
    EXPECT_EQ(html.find("\xEE\x80\x80"), std::string::npos);
    EXPECT_EQ(html.find("math-inline"), html.rfind("math-inline"));  // exactly one
}

TEST(MarkdownRenderer, RandomBytesNeverCrashAndGiveValidOutput)
{
    std::mt19937 rng(1234);
    const std::string alphabet = "$\\`*_[]()<>!&\"'~|#-+=^{}\n \xE4\xB8\xAD\xEE\x80\x80\xEE\x80\x81\xFF" "abc019";
    for (int round = 0; round < 2000; ++round) {
        std::string s;
        const int len = static_cast<int>(rng() % 64);
        for (int i = 0; i < len; ++i)
            s.push_back(alphabet[rng() % alphabet.size()]);
        const std::string html = qiusuo::markdown::renderHtml(s);
        // No raw tag from the input survives: every '<' we emit starts one of our tags.
        for (std::size_t p = html.find('<'); p != std::string::npos; p = html.find('<', p + 1)) {
            const std::string_view rest = std::string_view(html).substr(p + 1);
            ASSERT_TRUE(rest.starts_with("/") || rest.starts_with("p>") || rest.starts_with("em>")
                        || rest.starts_with("strong>") || rest.starts_with("code") || rest.starts_with("pre")
                        || rest.starts_with("span class=\"math") || rest.starts_with("a href")
                        || rest.starts_with("h") || rest.starts_with("ul") || rest.starts_with("ol")
                        || rest.starts_with("li") || rest.starts_with("blockquote") || rest.starts_with("br")
                        || rest.starts_with("del>") || rest.starts_with("table") || rest.starts_with("t")
                        || rest.starts_with("input") || rest.starts_with("section") || rest.starts_with("sup"))
                << "unexpected tag in: " << html << "\nfrom: " << s;
        }
    }
}

} // namespace
