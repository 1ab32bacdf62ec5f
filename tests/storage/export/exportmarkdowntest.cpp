// Markdown export: the active path, reasoning folded in <details>, options.
#include "storage/exportmarkdown.h"
#include "tests/storage/export/exportfixture.h"

#include <gtest/gtest.h>

namespace qiusuo::storage {
namespace {

class ExportMarkdown : public ::testing::Test {
protected:
    test::TempDir dir;
    test::RichStore rich{dir / "a.db"};
    std::vector<std::int64_t> ids = rich.fill();
};

std::size_t count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

TEST_F(ExportMarkdown, WritesTheActivePathWithFoldedReasoning)
{
    const std::string md = exportMarkdown(rich.store, {ids[0]});
    EXPECT_EQ(md.rfind("# 二次方程 and $x^2$ 🧮\n\n", 0), 0u) << md;
    EXPECT_NE(md.find("· deepseek-r1-distill-qwen-7b (local)*"), std::string::npos);
    EXPECT_NE(md.find("> **System prompt**\n>\n> Answer briefly.\n> Use LaTeX.\n"), std::string::npos);
    // Active path: question, second answer, thanks, stopped answer.
    EXPECT_EQ(count(md, "\n## User\n"), 2u);
    EXPECT_EQ(count(md, "\n## Assistant · deepseek-r1-distill-qwen-7b\n"), 1u);
    EXPECT_EQ(md.find("First try"), std::string::npos); // the other branch
    EXPECT_EQ(md.find("Solve x^2 = 4"), std::string::npos);
    EXPECT_NE(md.find("<details>\n<summary>Reasoning (1.5 s)</summary>\n\n> 因式分解：(x-2)(x-3)。\n\n</details>\n\n"
                      "$$x_1 = 2,\\quad x_2 = 3$$"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("```python\nprint(2 + 3)\n```"), std::string::npos);
    EXPECT_NE(md.find("*55 tokens · 18.5 tokens/s · first token 250 ms*"), std::string::npos);
    EXPECT_NE(md.find("You're wel\n\n*(stopped)*"), std::string::npos);
}

TEST_F(ExportMarkdown, ReasoningAndStatsCanBeLeftOut)
{
    const std::string md = exportMarkdown(rich.store, {ids[0]}, {.includeReasoning = false, .includeStats = false});
    EXPECT_EQ(md.find("<details>"), std::string::npos);
    EXPECT_EQ(md.find("因式分解"), std::string::npos);
    EXPECT_EQ(md.find("tokens/s"), std::string::npos);
    EXPECT_NE(md.find("$$x_1 = 2"), std::string::npos);
}

TEST_F(ExportMarkdown, ReasoningCannotCloseItsOwnBlock)
{
    const auto c = rich.store.createConversation("t");
    NewMessage q;
    q.content = "q";
    const auto u = rich.store.appendMessage(c.id, std::nullopt, q);
    NewMessage a;
    a.role = MessageRole::Assistant;
    a.content = "answer";
    a.reasoning = "</details><details open><summary>x</summary>";
    rich.store.appendMessage(c.id, u, a);
    const std::string md = exportMarkdown(rich.store, {c.id});
    EXPECT_EQ(count(md, "<details>"), 1u);
    EXPECT_EQ(count(md, "</details>"), 1u);
    EXPECT_NE(md.find("&lt;/details>&lt;details open>&lt;summary>x&lt;/summary>"), std::string::npos) << md;
}

TEST_F(ExportMarkdown, SeparatesSeveralConversationsOldestFirst)
{
    const std::string md = exportMarkdown(rich.store, ids);
    EXPECT_EQ(count(md, "\n---\n\n# "), 2u);
    EXPECT_LT(md.find("# 二次方程"), md.find("# Untitled conversation"));
    EXPECT_LT(md.find("# Untitled conversation"), md.find("# Empty"));
    EXPECT_NE(md.find("<script>alert(1)</script>"), std::string::npos); // Markdown keeps text as written
}

} // namespace
} // namespace qiusuo::storage
