// qiusuo-cli info, run as a process on the reference models and on a broken file.
#include "tests/inference/gguf/samplegguf.h"
#include "tests/runprogram.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace {

/// Runs `qiusuo-cli info ARGS...` without a shell.
qiusuo::test::ProgramResult runInfo(std::vector<std::string> args)
{
    args.insert(args.begin(), "info");
    return qiusuo::test::runProgram(QIUSUO_CLI, args);
}

void expectLine(const std::string& output, const std::string& line)
{
    EXPECT_NE(output.find(line + "\n"), std::string::npos) << "missing line '" << line << "' in:\n" << output;
}

} // namespace

TEST(InfoCliTest, DescribesTinyQwen2Q4KM)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_K_M.gguf");
    const auto r = runInfo({path.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    expectLine(r.output, "architecture   qwen2");
    expectLine(r.output, "name           tiny-qwen2");
    expectLine(r.output, "file type      Q4_K_M");
    expectLine(r.output, "context        512 tokens");
    expectLine(r.output, "layers         2");
    expectLine(r.output, "embedding      256");
    expectLine(r.output, "heads          4 (KV heads 2)");
    expectLine(r.output, "tokenizer      gpt2, pre-tokenizer deepseek-r1-qwen, 384 tokens, 53 merges");
    expectLine(r.output, "BOS            311 <｜begin▁of▁sentence｜>");
    expectLine(r.output, "EOS            312 <｜end▁of▁sentence｜>");
    expectLine(r.output, "compute        every tensor type is supported");
    EXPECT_NE(r.output.find("format deepseek-r1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("size           842.1 KiB (862272 bytes), GGUF version 3"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  Q4_K            13 tensors"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  Q6_K             3 tensors"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  F32             11 tensors"), std::string::npos) << r.output;
}

TEST(InfoCliTest, JsonOutput)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-deepseek3-Q8_0.gguf");
    const auto r = runInfo({path.string(), "--json", "--tensors", "--metadata"});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["architecture"], "deepseek2");
    EXPECT_EQ(j["file_type"], "Q8_0");
    EXPECT_EQ(j["file_size"], std::filesystem::file_size(path));
    EXPECT_EQ(j["expert_count"], 16);
    EXPECT_EQ(j["expert_used_count"], 4);
    EXPECT_EQ(j["context_length"], 512);
    EXPECT_EQ(j["tokenizer"]["pre"], "deepseek-v3");
    EXPECT_EQ(j["tokenizer"]["vocab_size"], 384);
    EXPECT_EQ(j["tokenizer"]["bos_id"], 311);
    EXPECT_GT(j["chat_template"]["length"].get<int>(), 100);
    EXPECT_EQ(j["compute_supported"], true);
    // The parameter count is the sum of the listed tensors' element counts.
    std::uint64_t params = 0;
    for (const auto& t : j["tensors"]) {
        std::uint64_t n = 1;
        for (const auto& d : t["dims"])
            n *= d.get<std::uint64_t>();
        params += n;
    }
    EXPECT_EQ(j["parameters"].get<std::uint64_t>(), params);
    EXPECT_EQ(j["tensors"].size(), j["tensor_count"].get<std::size_t>());
    EXPECT_EQ(j["metadata"]["general.architecture"], "deepseek2");
    EXPECT_EQ(j["metadata"]["deepseek2.expert_count"], 16);
    EXPECT_EQ(j["metadata"]["tokenizer.ggml.add_bos_token"], true);
    EXPECT_EQ(j["metadata"]["tokenizer.ggml.tokens"]["array_of"], "STRING");
    EXPECT_EQ(j["metadata"]["tokenizer.ggml.tokens"]["length"], 384);
}

TEST(InfoCliTest, ListsMetadataAndTensors)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-llama-Q8_0.gguf");
    const auto r = runInfo({path.string(), "--metadata", "--tensors"});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("  llama.rope.freq_base = 500000\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  tokenizer.ggml.tokens = array of 384 STRING [\"!\", "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  tokenizer.ggml.add_bos_token = true\n"), std::string::npos) << r.output;
    // token_embd: n_embd 256 x n_vocab 384, Q8_0 (34 bytes per 32 elements).
    EXPECT_NE(r.output.find("token_embd.weight"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("256 x 384"), std::string::npos) << r.output;
}

TEST(InfoCliTest, BrokenFileGivesTheReaderMessage)
{
    auto bytes = qiusuo::test::sampleGguf();
    bytes.resize(bytes.size() - 10);
    const auto path = std::filesystem::temp_directory_path() / "qiusuo-info-truncated.gguf";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                 static_cast<std::streamsize>(bytes.size()));
    const auto r = runInfo({path.string()});
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(path.string() + ": tensor blk.0.ffn_down.weight extends past the end of the file"),
              std::string::npos)
        << r.output;
    std::filesystem::remove(path);

    const auto missing = runInfo({});
    EXPECT_EQ(missing.exitCode, 2) << missing.output;
}
