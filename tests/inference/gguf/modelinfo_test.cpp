// ModelInfo on the reference models: figures derived here from the models'
// config.json and tensor_types.txt, not from our own reader.
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "inference/gguf/modelinfo.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

using qiusuo::gguf::GgmlType;
using qiusuo::gguf::GgufFile;
using qiusuo::gguf::ModelInfo;

TEST(ModelInfoTest, TinyQwen2Q4KM)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_K_M.gguf");
    QIUSUO_REQUIRE_TESTDATA(configPath, "models/tiny-qwen2.gguf.config.json");
    const auto config = nlohmann::json::parse(std::ifstream(configPath));
    const std::uint64_t embd = config["n_embd"], vocab = config["n_vocab"], layers = config["n_layer"];
    const std::uint64_t ff = config["n_ff"], kv = config["n_head_kv"].get<std::uint64_t>() * config["head_dim"].get<std::uint64_t>();
    // token_embd + output + output_norm; per layer: two norms, q/k/v with
    // biases, o, gate/up/down.
    const std::uint64_t perLayer = 2 * embd + (embd * embd + embd) + 2 * (embd * kv + kv) + embd * embd + 3 * embd * ff;
    const std::uint64_t expectedParams = 2 * embd * vocab + embd + layers * perLayer;

    const auto f = GgufFile::open(path);
    const ModelInfo m = ModelInfo::describe(*f);
    EXPECT_EQ(m.architecture, "qwen2");
    EXPECT_EQ(m.parameters, expectedParams);
    EXPECT_EQ(m.fileSize, std::filesystem::file_size(path));
    ASSERT_TRUE(m.fileType);
    EXPECT_EQ(ModelInfo::fileTypeName(*m.fileType), "Q4_K_M");
    EXPECT_EQ(m.tensorCount, 27u);
    // tensor_types.txt for this file: F32 x11, Q4_K x13, Q6_K x3.
    std::map<std::string, std::uint64_t> counts;
    std::uint64_t bytes = 0;
    for (const auto& t : m.types) {
        counts[std::string(qiusuo::gguf::ggmlTypeName(t.type))] = t.tensors;
        bytes += t.bytes;
    }
    EXPECT_EQ(counts, (std::map<std::string, std::uint64_t>{{"F32", 11}, {"Q4_K", 13}, {"Q6_K", 3}}));
    EXPECT_EQ(bytes, m.tensorBytes);
    EXPECT_LT(m.tensorBytes, m.fileSize);
    EXPECT_EQ(m.contextLength, config["n_ctx_train"].get<std::int64_t>());
    EXPECT_EQ(m.blockCount, 2);
    EXPECT_EQ(m.embeddingLength, 256);
    EXPECT_EQ(m.headCount, 4);
    EXPECT_EQ(m.headCountKv, 2);
    EXPECT_FALSE(m.expertCount);
    EXPECT_EQ(m.tokenizerModel, "gpt2");
    EXPECT_EQ(m.tokenizerPre, config["tokenizer_pre"].get<std::string>());
    EXPECT_EQ(m.vocabSize, vocab);
    EXPECT_EQ(m.mergeCount, 53u);
    EXPECT_EQ(m.bosId, 311);
    EXPECT_EQ(m.bosText, "<｜begin▁of▁sentence｜>");
    EXPECT_EQ(m.eosText, "<｜end▁of▁sentence｜>");
    EXPECT_NE(m.chatTemplate.find("<｜Assistant｜>"), std::string::npos);
    EXPECT_TRUE(m.computeProblem.empty()) << m.computeProblem;
}

TEST(ModelInfoTest, DeepSeek3Experts)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-deepseek3-Q4_K_M.gguf");
    QIUSUO_REQUIRE_TESTDATA(configPath, "models/tiny-deepseek3.gguf.config.json");
    const auto config = nlohmann::json::parse(std::ifstream(configPath));
    const ModelInfo m = ModelInfo::describe(*GgufFile::open(path));
    EXPECT_EQ(m.architecture, "deepseek2");
    EXPECT_EQ(m.expertCount, config["expert_count"].get<std::int64_t>());
    EXPECT_EQ(m.expertUsedCount, config["expert_used_count"].get<std::int64_t>());
    EXPECT_EQ(m.expertSharedCount, config["expert_shared_count"].get<std::int64_t>());
    EXPECT_EQ(m.blockCount, config["n_layer"].get<std::int64_t>());
}

TEST(ModelInfoTest, FileTypeNames)
{
    EXPECT_EQ(ModelInfo::fileTypeName(0), "F32");
    EXPECT_EQ(ModelInfo::fileTypeName(7), "Q8_0");
    EXPECT_EQ(ModelInfo::fileTypeName(15), "Q4_K_M");
    EXPECT_EQ(ModelInfo::fileTypeName(18), "Q6_K");
    EXPECT_EQ(ModelInfo::fileTypeName(32), "BF16");
    EXPECT_EQ(ModelInfo::fileTypeName(4), "unknown (4)");
}

TEST(ModelInfoTest, UnsupportedTypesAreReportedNotThrown)
{
    qiusuo::gguf::GgufWriter w;
    w.setString("general.architecture", "llama");
    w.addTensor("blk.0.ffn_down.weight", GgmlType::IQ2_XXS, {256}, std::vector<std::uint8_t>(66));
    const auto f = GgufFile::fromBuffer(w.serialize(), "iq.gguf");
    const ModelInfo m = ModelInfo::describe(*f);
    EXPECT_EQ(m.parameters, 256u);
    EXPECT_EQ(m.computeProblem.rfind("quantization type IQ2_XXS is not supported yet", 0), 0u) << m.computeProblem;
    EXPECT_FALSE(m.fileType);
    EXPECT_EQ(m.vocabSize, 0u);
    EXPECT_TRUE(m.bosText.empty());
}
