// The exported page as Chromium renders it (qiusuo-html2pdf --probe): math
// typeset, code highlighted, no message script ran; and PDF export through
// `qiusuo-cli history export --format pdf`: paginated, CJK fonts embedded.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "tests/runprogram.h"
#include "tests/storage/tempdir.h"
#include "ui/export/htmlexport.h"

#include <gtest/gtest.h>

namespace qiusuo::exporthtml {
namespace {

using namespace qiusuo::storage;

class PdfExport : public ::testing::Test {
protected:
    void SetUp() override
    {
        Database db = Database::open(dbPath);
        ConversationStore store(db);
        const Conversation c = store.createConversation("勾股定理 and hostile text");
        uuid = c.uuid;
        std::optional<std::int64_t> parent;
        auto add = [&](MessageRole role, const std::string& text) {
            NewMessage m;
            m.role = role;
            m.content = text;
            parent = store.appendMessage(c.id, parent, m);
        };
        add(MessageRole::User, "证明 $a^2+b^2=c^2$，并写 $\\ce{H2O}$。<img src=x onerror=\"window.__qiusuoPwned=1\">");
        add(MessageRole::Assistant, "$$c=\\sqrt{a^2+b^2}$$\n\n```python\nprint('你好')\n```\n\n"
                                    "<script>window.__qiusuoPwned=1</script>[x](javascript:window.__qiusuoPwned=1)");
        // Enough text for several pages.
        std::string longText;
        for (int i = 0; i < 120; ++i)
            longText += "第 " + std::to_string(i) + " 段：勾股定理说直角三角形两条直角边的平方和等于斜边的平方。\n\n";
        add(MessageRole::User, longText);
        html = exportHtml(store, {c.id}, {.expandReasoning = true, .lang = "zh-CN"});
        storage::test::writeBytes(dir / "page.html", html);
    }

    storage::test::TempDir dir;
    std::filesystem::path dbPath = dir / "q.db";
    std::string uuid;
    std::string html;
};

TEST_F(PdfExport, ChromiumTypesetsMathAndCodeAndRunsNoMessageScript)
{
    const auto r = qiusuo::test::runProgram(QIUSUO_HTML2PDF, {"--probe", (dir / "page.html").string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("\"rendered\":true"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"katex\":3"), std::string::npos) << r.output; // inline, \ce, display
    EXPECT_NE(r.output.find("\"katexErrors\":0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"highlighted\":1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"scripts\":1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"pwned\":false"), std::string::npos) << r.output;
}

TEST_F(PdfExport, CliWritesAPaginatedPdfWithCjkFontsEmbedded)
{
    const auto out = dir / "chat.pdf";
    const auto r = qiusuo::test::runProgram(
        QIUSUO_CLI, {"history", "export", uuid.substr(0, 8), "--format", "pdf", "--out", out.string(), "--db",
                     dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string pdf = storage::test::readBytes(out);
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    std::size_t pages = 0;
    for (auto at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1))
        pages += pdf.compare(at, 12, "/Type /Pages") != 0;
    EXPECT_GE(pages, 2u) << "the long message should need more than one page";
    // Chromium embeds subsets of the fonts it used: a CJK one and KaTeX's.
    EXPECT_NE(pdf.find("CJK"), std::string::npos) << "no CJK font embedded";
    EXPECT_NE(pdf.find("KaTeX"), std::string::npos) << "no KaTeX font embedded";
    EXPECT_NE(pdf.find("/FontFile"), std::string::npos) << "fonts are referenced, not embedded";
}

TEST_F(PdfExport, APdfNeedsAFileNotStdout)
{
    const auto r = qiusuo::test::runProgram(
        QIUSUO_CLI, {"history", "export", uuid.substr(0, 8), "--format", "pdf", "--out", "-", "--db", dbPath.string()});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("needs a file"), std::string::npos) << r.output;
}

} // namespace
} // namespace qiusuo::exporthtml
