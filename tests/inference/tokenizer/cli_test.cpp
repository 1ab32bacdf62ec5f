// Runs the built qiusuo-cli tokenize / detokenize on a tiny model and checks
// the output against llama.cpp's ids in extra-tiny-qwen2.jsonl.
#include "tests/testdata.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace qiusuo::test {
namespace {

std::filesystem::path cliPath()
{
    return std::filesystem::path(QIUSUO_BINARY_DIR) / "app/cli/qiusuo-cli";
}

struct Result {
    int status;
    std::string out;
};

Result run(const std::string& command)
{
    Result r{-1, {}};
    FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (!p)
        return r;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
        r.out.append(buf, n);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string joined(const nlohmann::json& ids, const char* sep)
{
    std::string s;
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i ? sep : "") + std::to_string(ids[i].get<int>());
    return s;
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!std::filesystem::exists(cliPath()))
            GTEST_SKIP() << cliPath() << " is not built";
        textFile_ = std::filesystem::temp_directory_path() /
                    ("qiusuo-cli-text-" + std::to_string(::getpid()) + ".txt");
    }
    void TearDown() override { std::filesystem::remove(textFile_); }

    std::string withText(const std::string& text)
    {
        std::ofstream(textFile_, std::ios::binary) << text;
        return " --file '" + textFile_.string() + "'";
    }

    std::filesystem::path textFile_;
};

TEST_F(Cli, TokenizeMatchesTheReferenceIds)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q4_0.gguf");
    QIUSUO_REQUIRE_TESTDATA(jsonl, "vocab/extra-tiny-qwen2.jsonl");
    std::ifstream in(jsonl);
    const std::string base = cliPath().string() + " tokenize --model '" + model.string() + "'";
    int rows = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty())
            continue;
        const auto row = nlohmann::json::parse(line);
        const std::string text = row.at("text").get<std::string>();
        const std::string file = withText(text);
        Result r = run(base + file);
        EXPECT_EQ(r.status, 0);
        EXPECT_EQ(r.out, joined(row.at("ids"), " ") + "\n") << text;
        r = run(base + file + " --parse-special");
        EXPECT_EQ(r.out, joined(row.at("ids_parse_special"), " ") + "\n") << text;
        r = run(base + file + " --bos --parse-special --json");
        std::string expected = "[";  // appended apart: GCC 12 -O3 misreports "[" + string (-Wrestrict)
        expected += joined(row.at("ids_add_special"), ",");
        expected += "]\n";
        EXPECT_EQ(r.out, expected) << text;
        ++rows;
    }
    EXPECT_EQ(rows, 32);
}

TEST_F(Cli, TokenizeTextOptionAndDetokenize)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q4_0.gguf");
    const std::string m = " --model '" + model.string() + "'";
    Result r = run(cliPath().string() + " tokenize" + m + " --text 'Hello world'");
    ASSERT_EQ(r.status, 0);
    const std::string ids = r.out.substr(0, r.out.size() - 1);
    ASSERT_FALSE(ids.empty());
    r = run(cliPath().string() + " detokenize" + m + " " + ids);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "Hello world\n");
    // Control tokens print only with --special; <think> (user-defined) always.
    // The tiny vocabulary lists the byte tokens in GPT-2 order: id 39 is "H".
    r = run(cliPath().string() + " detokenize" + m + " 311 315 39");
    EXPECT_EQ(r.out, "<think>H\n");
    r = run(cliPath().string() + " detokenize" + m + " --special 311 315 39");
    EXPECT_EQ(r.out, "<｜begin▁of▁sentence｜><think>H\n");
}

TEST_F(Cli, BadInputIsAnErrorNotACrash)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q4_0.gguf");
    const std::string m = " --model '" + model.string() + "'";
    EXPECT_EQ(run(cliPath().string() + " detokenize" + m + " 99999").status, 1);
    EXPECT_EQ(run(cliPath().string() + " detokenize" + m + " abc").status, 2);
    EXPECT_EQ(run(cliPath().string() + " tokenize" + m).status, 2);  // no text
    EXPECT_EQ(run(cliPath().string() + " tokenize --model /nonexistent.gguf --text x").status, 1);
    EXPECT_EQ(run(cliPath().string() + " tokenize" + m + " --file /nonexistent.txt").status, 1);
}

} // namespace
} // namespace qiusuo::test
