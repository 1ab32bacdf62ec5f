// qiusuo-cli logits: run as a program on a tiny model; its output file is
// compared with llama.cpp's reference logits.
#include "clirunner.h"
#include "referencelogits.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace qiusuo::test {
namespace {

std::filesystem::path tempPath(const std::string& name)
{
    const auto dir = std::filesystem::path(testing::TempDir()) / "qiusuo_cmdlogits_test";
    std::filesystem::create_directories(dir);
    return dir / name;
}

TEST(CmdLogits, BatchOutputMatchesTheReference)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-llama.gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "kv_f32", "tiny-llama");
    const auto out = tempPath("batch.bin");
    const CliResult r = runCli("logits --model " + model.string() + " --tokens " + joinIds(ref.tokens, ",") +
                               " --out " + out.string() + " --precise --threads 2");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::vector<float> got = readFloats(out, ref.batch.size());
    const LogitsDiff d = compareLogits(got.data(), ref.batch.data(), static_cast<std::int32_t>(ref.tokens.size()),
                                       ref.vocab);
    std::printf("[ measured ] cli batch: max |dlogit| %.3g\n", d.maxAbs);
    EXPECT_LE(d.maxAbs, 1e-3);
}

TEST(CmdLogits, SequentialFromATokensFileMatchesTheReference)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q4_K_M.gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", "tiny-qwen2-Q4_K_M");
    // Ids separated by a mix of commas, spaces and newlines.
    const auto tokensFile = tempPath("tokens.txt");
    std::ofstream(tokensFile) << joinIds(ref.tokens, ", ") << "\n" << "\n";
    const auto out = tempPath("seq.bin");
    const CliResult r = runCli("logits -m " + model.string() + " --tokens-file " + tokensFile.string() + " --out " +
                               out.string() + " --sequential --precise --ctx 64");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::vector<float> got = readFloats(out, ref.sequential.size());
    const LogitsDiff d = compareLogits(got.data(), ref.sequential.data(),
                                       static_cast<std::int32_t>(ref.tokens.size()), ref.vocab);
    std::printf("[ measured ] cli sequential: max |dlogit| %.3g\n", d.maxAbs);
    EXPECT_LE(d.maxAbs, 1e-3);
}

TEST(CmdLogits, BadInputGetsAMessageAndAFailingExitCode)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-llama.gguf");
    const auto out = tempPath("bad.bin");

    CliResult r = runCli("logits --model " + model.string() + " --tokens 1,x,3 --out " + out.string());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("'x'"), std::string::npos) << r.output;

    r = runCli("logits --model " + model.string() + " --tokens 1,999 --out " + out.string());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("999"), std::string::npos) << r.output;

    r = runCli("logits --model /nonexistent/model.gguf --tokens 1 --out " + out.string());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("model.gguf"), std::string::npos) << r.output;

    r = runCli("logits --model " + model.string() + " --out " + out.string());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("--tokens"), std::string::npos) << r.output;

    r = runCli("logits --model " + model.string() + " --tokens-file /nonexistent/tokens.txt --out " + out.string());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("tokens.txt"), std::string::npos) << r.output;
}

} // namespace
} // namespace qiusuo::test
