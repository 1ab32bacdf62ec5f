// qiusuo-cli run --prompt-ids ... --greedy --print-ids: the same tokens as
// llama.cpp's greedy generation on the tiny models.
#include "clirunner.h"
#include "modelvariant.h"
#include "referencelogits.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

namespace qiusuo::test {
namespace {

std::vector<std::int32_t> parseIds(const std::string& line)
{
    std::vector<std::int32_t> ids;
    std::istringstream in(line);
    std::int32_t id = 0;
    while (in >> id)
        ids.push_back(id);
    return ids;
}

class CmdRunGreedy : public testing::TestWithParam<const char*> {};

TEST_P(CmdRunGreedy, PrintsLlamaCppsTokens)
{
    const std::string name = GetParam();
    QIUSUO_REQUIRE_TESTDATA(model, "models/" + name + ".gguf");
    const ReferenceGeneration ref = loadReferenceGeneration(testdataDir() / "reference" / "kv_f32", name);
    const CliResult r = runCli("run --model " + model.string() + " --prompt-ids " + joinIds(ref.promptIds, ",") +
                                   " -n 24 --greedy --print-ids --precise --ignore-eos --threads 2",
                               /*withStderr=*/false);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(parseIds(r.output), ref.generatedIds) << r.output;
}

std::string modelName(const testing::TestParamInfo<const char*>& param)
{
    std::string s = param.param;
    for (char& c : s)
        if (c == '-')
            c = '_';
    return s;
}

INSTANTIATE_TEST_SUITE_P(TinyModels, CmdRunGreedy, testing::Values("tiny-qwen2", "tiny-llama"), modelName);

// A copy of tiny-qwen2 whose end-of-generation id is the third token greedy
// decoding produces: run stops right after it, unless --ignore-eos.
TEST(CmdRun, StopsAtEndOfGenerationUnlessTold)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    const ReferenceGeneration ref = loadReferenceGeneration(testdataDir() / "reference" / "kv_f32", "tiny-qwen2");
    const std::int32_t eos = ref.generatedIds[2];
    ASSERT_EQ(std::count(ref.generatedIds.begin(), ref.generatedIds.begin() + 2, eos), 0);
    const auto variant = writeVariant(model, "eos-third.gguf", nullptr, [&](gguf::GgufWriter& w, const gguf::GgufFile&) {
        w.setUint32("tokenizer.ggml.eos_token_id", static_cast<std::uint32_t>(eos));
    });
    const std::string base = "run -m " + variant.string() + " --prompt-ids " + joinIds(ref.promptIds, ",") +
                             " -n 24 --greedy --precise";
    const CliResult stopping = runCli(base, false);
    ASSERT_EQ(stopping.exitCode, 0) << stopping.output;
    EXPECT_EQ(parseIds(stopping.output),
              std::vector<std::int32_t>(ref.generatedIds.begin(), ref.generatedIds.begin() + 3));
    const CliResult ignoring = runCli(base + " --ignore-eos", false);
    ASSERT_EQ(ignoring.exitCode, 0) << ignoring.output;
    EXPECT_EQ(parseIds(ignoring.output), ref.generatedIds);
}

TEST(CmdRun, BadPromptIdsAreRefused)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    const CliResult r = runCli("run -m " + model.string() + " --prompt-ids 311,abc -n 2", true);
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("'abc'"), std::string::npos) << r.output;
}

} // namespace
} // namespace qiusuo::test
