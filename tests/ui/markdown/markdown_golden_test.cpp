// Golden Markdown + math -> HTML cases (tests/data/markdown/golden.txt).
// Each case is "=== name", the Markdown, "--- html", the expected HTML.
#include "ui/markdown/markdownrenderer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct GoldenCase {
    std::string name;
    std::string markdown;
    std::string html;
};

/// Test listings show the case's name, not its bytes.
void PrintTo(const GoldenCase& c, std::ostream* os)
{
    *os << c.name;
}

std::string trimTrailingNewlines(std::string s)
{
    while (!s.empty() && s.back() == '\n')
        s.pop_back();
    return s;
}

std::vector<GoldenCase> loadCases()
{
    std::ifstream in(QIUSUO_GOLDEN_FILE, std::ios::binary);
    std::vector<GoldenCase> cases;
    std::string line;
    GoldenCase* current = nullptr;
    bool inHtml = false;
    while (std::getline(in, line)) {
        if (line.starts_with("=== ")) {
            cases.push_back({line.substr(4), "", ""});
            current = &cases.back();
            inHtml = false;
        } else if (current && line == "--- html") {
            inHtml = true;
        } else if (current) {
            (inHtml ? current->html : current->markdown) += line + "\n";
        }
    }
    for (auto& c : cases) {
        c.markdown = trimTrailingNewlines(c.markdown);
        c.html = trimTrailingNewlines(c.html);
    }
    return cases;
}

class MarkdownGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(MarkdownGolden, RendersExpectedHtml)
{
    const GoldenCase& c = GetParam();
    EXPECT_EQ(trimTrailingNewlines(qiusuo::markdown::renderHtml(c.markdown)), c.html)
        << "case: " << c.name << "\n--- markdown\n" << c.markdown;
}

std::string caseName(const ::testing::TestParamInfo<GoldenCase>& info)
{
    std::string name;
    for (const char ch : info.param.name)
        name.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(Golden, MarkdownGolden, ::testing::ValuesIn(loadCases()), caseName);

TEST(MarkdownGoldenFile, HasAtLeastFiftyCases)
{
    EXPECT_GE(loadCases().size(), 50u);
}

} // namespace
