// The 32 tricky strings of extra-tiny-<arch>.jsonl with the tiny models'
// vocabulary: all three id columns llama.cpp produced.
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace qiusuo::test {
namespace {

struct TinyCase {
    const char* name;
    const char* arch;
    const char* model;
    tokenizer::PreType pre;
};

class ExtraTiny : public ::testing::TestWithParam<TinyCase> {};

TEST_P(ExtraTiny, AllThreeColumnsMatch)
{
    const TinyCase& c = GetParam();
    QIUSUO_REQUIRE_TESTDATA(modelPath, std::string("models/") + c.model);
    QIUSUO_REQUIRE_TESTDATA(jsonlPath, std::string("vocab/extra-tiny-") + c.arch + ".jsonl");
    const auto& tok = ggufTokenizer(modelPath);
    EXPECT_EQ(tok.preType(), c.pre);
    EXPECT_TRUE(tok.addsBos());
    std::istringstream lines(readFile(jsonlPath));
    int rows = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty())
            continue;
        const auto row = nlohmann::json::parse(line);
        const std::string text = row.at("text").get<std::string>();
        const auto ids = row.at("ids").get<std::vector<std::int32_t>>();
        const auto idsSpecial = row.at("ids_parse_special").get<std::vector<std::int32_t>>();
        const auto idsAdd = row.at("ids_add_special").get<std::vector<std::int32_t>>();
        EXPECT_EQ(idsToString(tok.encode(text, false, false)), idsToString(ids)) << "ids of \"" << text << "\"";
        EXPECT_EQ(idsToString(tok.encode(text, false, true)), idsToString(idsSpecial))
            << "ids_parse_special of \"" << text << "\"";
        EXPECT_EQ(idsToString(tok.encode(text, true, true)), idsToString(idsAdd))
            << "ids_add_special of \"" << text << "\"";
        EXPECT_EQ(tok.decode(ids, true), text);
        ++rows;
    }
    EXPECT_EQ(rows, 32);
}

INSTANTIATE_TEST_SUITE_P(
    TinyModels, ExtraTiny,
    ::testing::Values(TinyCase{"qwen2", "qwen2", "tiny-qwen2-Q4_0.gguf", tokenizer::PreType::Qwen2},
                      TinyCase{"llama", "llama", "tiny-llama-Q4_K_M.gguf", tokenizer::PreType::Llama3},
                      TinyCase{"deepseek3", "deepseek2", "tiny-deepseek3-Q4_K_M.gguf", tokenizer::PreType::DeepseekV3},
                      TinyCase{"deepseek2_lite", "deepseek2", "tiny-deepseek2-lite-Q4_K_M.gguf",
                               tokenizer::PreType::DeepseekV3}),
    [](const ::testing::TestParamInfo<TinyCase>& p) { return std::string(p.param.name); });

// The tiny vocabulary's ids 309 "Hello" and 310 "Ġworld" have no merges:
// only llama-bpe's whole-word lookup reaches them.
TEST(ExtraTiny, WholeWordLookupOnlyForLlamaBpe)
{
    QIUSUO_REQUIRE_TESTDATA(llamaPath, "models/tiny-llama-Q4_K_M.gguf");
    QIUSUO_REQUIRE_TESTDATA(qwenPath, "models/tiny-qwen2-Q4_0.gguf");
    const auto& llama = ggufTokenizer(llamaPath);
    const auto& qwen = ggufTokenizer(qwenPath);
    ASSERT_EQ(llama.tokenId("Hello"), 309);
    ASSERT_EQ(llama.tokenId("\xC4\xA0world"), 310);
    EXPECT_EQ(llama.encode("Hello world"), (std::vector<std::int32_t>{309, 310}));
    const auto q = qwen.encode("Hello world");
    EXPECT_EQ(std::count(q.begin(), q.end(), 309), 0);
    EXPECT_EQ(std::count(q.begin(), q.end(), 310), 0);
    EXPECT_EQ(qwen.decode(q), "Hello world");
}

} // namespace
} // namespace qiusuo::test
