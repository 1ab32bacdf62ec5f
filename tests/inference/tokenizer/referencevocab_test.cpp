// Every .inp/.out pair under testdata/vocab with its vocabulary: the ids
// llama.cpp produces (no BOS, special-token text not parsed), 100% equal.
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

namespace qiusuo::test {
namespace {

struct VocabCase {
    const char* name;
    const char* vocab;   // under testdata/vocab
    const char* prefix;  // .inp/.out
    tokenizer::PreType pre;
};

class ReferenceVocab : public ::testing::TestWithParam<VocabCase> {};

TEST_P(ReferenceVocab, MatchesLlamaCppIds)
{
    const VocabCase& c = GetParam();
    QIUSUO_REQUIRE_TESTDATA(vocabPath, std::string("vocab/") + c.vocab);
    QIUSUO_REQUIRE_TESTDATA(inpPath, std::string("vocab/") + c.prefix + ".inp");
    QIUSUO_REQUIRE_TESTDATA(outPath, std::string("vocab/") + c.prefix + ".out");
    const auto& tok = ggufTokenizer(vocabPath);
    EXPECT_EQ(tok.preType(), c.pre);
    const auto inputs = readInp(inpPath);
    const auto expected = readOut(outPath);
    ASSERT_EQ(inputs.size(), expected.size());
    ASSERT_GT(inputs.size(), 40u);
    int failures = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto ids = tok.encode(inputs[i], false, false);
        EXPECT_EQ(idsToString(ids), idsToString(expected[i])) << "string " << i << ": \"" << inputs[i] << "\"";
        failures += ids != expected[i];
        // Decoding gives the text back.
        EXPECT_EQ(tok.decode(ids), inputs[i]) << "string " << i;
    }
    EXPECT_EQ(failures, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Vocabularies, ReferenceVocab,
    ::testing::Values(
        VocabCase{"qwen2", "ggml-vocab-qwen2-rebuilt-from-qwen3.gguf", "ggml-vocab-qwen2.gguf", tokenizer::PreType::Qwen2},
        VocabCase{"deepseek_r1_qwen", "ggml-vocab-qwen2-rebuilt-from-qwen3.gguf", "ggml-vocab-deepseek-r1-qwen.gguf",
                  tokenizer::PreType::Qwen2},
        VocabCase{"llama_bpe", "ggml-vocab-llama-bpe-rebuilt-from-llama3_1.gguf", "ggml-vocab-llama-bpe.gguf",
                  tokenizer::PreType::Llama3},
        VocabCase{"deepseek_llm", "ggml-vocab-deepseek-llm.gguf", "ggml-vocab-deepseek-llm.gguf",
                  tokenizer::PreType::DeepseekLlm},
        VocabCase{"deepseek_coder", "ggml-vocab-deepseek-coder.gguf", "ggml-vocab-deepseek-coder.gguf",
                  tokenizer::PreType::DeepseekCoder},
        VocabCase{"deepseek_v3", "ggml-vocab-deepseek-v3-rebuilt.gguf", "ggml-vocab-deepseek-v3-rebuilt.gguf",
                  tokenizer::PreType::DeepseekV3}),
    [](const ::testing::TestParamInfo<VocabCase>& p) { return std::string(p.param.name); });

} // namespace
} // namespace qiusuo::test
