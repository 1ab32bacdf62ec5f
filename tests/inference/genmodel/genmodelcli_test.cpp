// qiusuo-cli gen-model and bench as a user runs them: a tiny model is written,
// benchmarked, and bench --json gives parseable, positive figures.
#include "tests/inference/models/clirunner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace qiusuo::test {
namespace {

std::string readBytes(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class GenModelCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir_ = std::filesystem::path(::testing::TempDir()) / "qiusuo-genmodel-cli";
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

TEST_F(GenModelCli, GeneratesAndBenchmarksATinyModel)
{
    const auto gen = runCli("gen-model --arch llama --shape tiny --type q4_k_m --seed 5 -q --out " + path("a.gguf"));
    ASSERT_EQ(gen.exitCode, 0) << gen.output;
    const auto bench = runCli("bench --model " + path("a.gguf") + " -p 16 -n 4 -t 1 -r 2 --json", false);
    ASSERT_EQ(bench.exitCode, 0) << bench.output;
    const auto j = nlohmann::json::parse(bench.output);
    EXPECT_GT(j.at("prefill_tokens_per_s").get<double>(), 0.0);
    EXPECT_GT(j.at("decode_tokens_per_s").get<double>(), 0.0);
    EXPECT_EQ(j.at("n_prompt").get<int>(), 16);
    EXPECT_EQ(j.at("n_gen").get<int>(), 4);
    EXPECT_EQ(j.at("threads").get<int>(), 1);
    EXPECT_EQ(j.at("architecture").get<std::string>(), "llama");
    EXPECT_EQ(j.at("file_size_bytes").get<std::uint64_t>(), std::filesystem::file_size(path("a.gguf")));
    EXPECT_GT(j.at("model_size_bytes").get<std::uint64_t>(), 0u);
    EXPECT_GT(j.at("kv_cache_bytes").get<std::uint64_t>(), 0u);
    EXPECT_GE(j.at("peak_resident_bytes").get<std::uint64_t>(), j.at("resident_bytes").get<std::uint64_t>());
    // The KV cache is private memory the engine allocated and filled.
    EXPECT_GE(j.at("private_bytes").get<std::uint64_t>(), j.at("kv_cache_bytes").get<std::uint64_t>());
    EXPECT_LE(j.at("private_bytes").get<std::uint64_t>(), j.at("resident_bytes").get<std::uint64_t>());
}

TEST_F(GenModelCli, TablePrintsBothTests)
{
    ASSERT_EQ(runCli("gen-model --arch qwen2 --shape tiny --type q8_0 --seed 1 -q --out " + path("t.gguf")).exitCode,
              0);
    const auto bench = runCli("bench --model " + path("t.gguf") + " -p 8 -n 2 -t 1 -r 1");
    ASSERT_EQ(bench.exitCode, 0) << bench.output;
    EXPECT_NE(bench.output.find(" pp8 |"), std::string::npos) << bench.output;
    EXPECT_NE(bench.output.find(" tg2 |"), std::string::npos) << bench.output;
    EXPECT_NE(bench.output.find("KV cache"), std::string::npos) << bench.output;
}

TEST_F(GenModelCli, SameSeedSameFile)
{
    const std::string args = "gen-model --arch qwen2 --shape tiny --type q4_k_m -q --layers 1 --vocab 300 ";
    ASSERT_EQ(runCli(args + "--seed 9 --out " + path("x.gguf")).exitCode, 0);
    ASSERT_EQ(runCli(args + "--seed 9 -t 1 --out " + path("y.gguf")).exitCode, 0);
    ASSERT_EQ(runCli(args + "--seed 10 --out " + path("z.gguf")).exitCode, 0);
    EXPECT_EQ(readBytes(path("x.gguf")), readBytes(path("y.gguf")));
    EXPECT_NE(readBytes(path("x.gguf")), readBytes(path("z.gguf")));
}

TEST_F(GenModelCli, QuickWritesTheSameFileForTheSameSeedAndRuns)
{
    const std::string args = "gen-model --arch llama --shape tiny --type q4_k_m --quick -q --layers 1 ";
    ASSERT_EQ(runCli(args + "--seed 4 --out " + path("q1.gguf")).exitCode, 0);
    ASSERT_EQ(runCli(args + "--seed 4 -t 1 --out " + path("q2.gguf")).exitCode, 0);
    EXPECT_EQ(readBytes(path("q1.gguf")), readBytes(path("q2.gguf")));
    ASSERT_EQ(runCli("gen-model --arch llama --shape tiny --type q4_k_m -q --layers 1 --seed 4 --out " + path("s.gguf"))
                  .exitCode,
              0);
    EXPECT_EQ(std::filesystem::file_size(path("q1.gguf")), std::filesystem::file_size(path("s.gguf")));
    EXPECT_NE(readBytes(path("q1.gguf")), readBytes(path("s.gguf")));
    const auto bench = runCli("bench --model " + path("q1.gguf") + " -p 8 -n 2 -t 1 -r 1 --json", false);
    ASSERT_EQ(bench.exitCode, 0) << bench.output;
    EXPECT_GT(nlohmann::json::parse(bench.output).at("decode_tokens_per_s").get<double>(), 0.0);
}

TEST_F(GenModelCli, Deepseek2ModelsRunEndToEnd)
{
    // V3 style (q-LoRA, sigmoid routing in groups, V3 template) and V2-Lite
    // style (plain attn_q, softmax routing, V2 template): a prompt goes through
    // the template, the tokenizer and the engine, and answer tokens stream out.
    for (const std::string shape : {"tiny", "tiny-lite"}) {
        SCOPED_TRACE(shape);
        const std::string model = path(shape + ".gguf");
        const auto gen = runCli("gen-model --arch deepseek2 --shape " + shape +
                                " --layers 3 --type q4_k_m --quick --seed 2 -q --out " + model);
        ASSERT_EQ(gen.exitCode, 0) << gen.output;
        const auto run = runCli("run -m " + model + " -p \"hello there\" -n 6 --seed 1 --stats -t 1");
        ASSERT_EQ(run.exitCode, 0) << run.output;
        EXPECT_NE(run.output.find("answer 6 tokens"), std::string::npos) << run.output;
        const auto ids = runCli("run -m " + model + " --prompt-ids 266,268,100,269 -n 5 --greedy --print-ids "
                                "--ignore-eos --precise -t 1", false);
        ASSERT_EQ(ids.exitCode, 0) << ids.output;
        std::istringstream in(ids.output);
        int id = 0, count = 0;
        while (in >> id) {
            EXPECT_GE(id, 0);
            EXPECT_LT(id, 512);
            ++count;
        }
        EXPECT_EQ(count, 5) << ids.output;
        const auto bench = runCli("bench --model " + model + " -p 8 -n 2 -t 1 -r 1 --json", false);
        ASSERT_EQ(bench.exitCode, 0) << bench.output;
        EXPECT_EQ(nlohmann::json::parse(bench.output).at("architecture").get<std::string>(), "deepseek2");
    }
}

TEST_F(GenModelCli, BadInputIsNamed)
{
    const auto type = runCli("gen-model --arch qwen2 --shape tiny --type q2_k --seed 1 --out " + path("b.gguf"));
    EXPECT_NE(type.exitCode, 0);
    EXPECT_NE(type.output.find("'q2_k'"), std::string::npos) << type.output;
    EXPECT_FALSE(std::filesystem::exists(path("b.gguf")));

    const auto missing = runCli("bench --model " + path("absent.gguf") + " -p 4 -n 2");
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_NE(missing.output.find("absent.gguf"), std::string::npos) << missing.output;

    ASSERT_EQ(runCli("gen-model --arch qwen2 --shape tiny --type q8_0 --seed 1 -q --out " + path("c.gguf")).exitCode,
              0);
    const auto tooLong = runCli("bench --model " + path("c.gguf") + " -p 4000 -n 200 -r 1");
    EXPECT_NE(tooLong.exitCode, 0);
    EXPECT_NE(tooLong.output.find("4096"), std::string::npos) << tooLong.output;
}

} // namespace
} // namespace qiusuo::test
