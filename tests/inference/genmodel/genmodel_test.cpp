// Generated models: every architecture and type loads and runs to finite
// logits, the file depends only on the spec, the Q4_K_M mix and llama3 RoPE
// factors match llama.cpp's own tiny files, and bad specs are refused.
#include "inference/chat/chattemplate.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "inference/models/genmodel.h"
#include "inference/models/genmodeltokenizer.h"
#include "inference/models/modelfactory.h"
#include "inference/tokenizer/tokenizer.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace qiusuo::models {
namespace {

std::vector<std::uint8_t> build(const GenModelSpec& spec)
{
    gguf::GgufWriter writer;
    buildGenModel(spec, writer);
    return writer.serialize();
}

std::shared_ptr<const gguf::GgufFile> open(const GenModelSpec& spec)
{
    return gguf::GgufFile::fromBuffer(build(spec), "generated-" + spec.architecture + "-" + spec.type + ".gguf");
}

GenModelSpec tinySpec(const std::string& arch, const std::string& type, std::uint64_t seed = 7)
{
    GenModelSpec s;
    s.architecture = arch;
    s.shape = "tiny";
    s.type = type;
    s.seed = seed;
    return s;
}

struct ArchType {
    std::string arch;
    std::string type;
    bool quick = false;
};

class GenModelEveryType : public ::testing::TestWithParam<ArchType> {};

TEST_P(GenModelEveryType, LoadsAndEvaluatesToFiniteLogits)
{
    GenModelSpec spec = tinySpec(GetParam().arch, GetParam().type);
    spec.quick = GetParam().quick;
    const auto file = open(spec);
    EXPECT_EQ(file->architecture(), GetParam().arch);
    ModelOptions options;
    options.context = 64;
    options.threads = 1;
    const auto model = loadModel(file, options);
    EXPECT_EQ(model->vocabSize(), 512);
    const std::vector<std::int32_t> tokens{1, 100, 270, 511, 42, 7};
    const std::vector<float> logits = model->evaluate(tokens, 0, LogitsFor::All);
    ASSERT_EQ(logits.size(), tokens.size() * 512);
    float lo = logits[0], hi = logits[0];
    for (const float v : logits) {
        ASSERT_TRUE(std::isfinite(v));
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    // Random weights give logits that differ between tokens, not a constant.
    EXPECT_GT(hi - lo, 1e-3f);
    const std::vector<float> next = model->evaluate(std::vector<std::int32_t>{3}, 6);
    for (const float v : next)
        ASSERT_TRUE(std::isfinite(v));
}

INSTANTIATE_TEST_SUITE_P(All, GenModelEveryType,
                         ::testing::Values(ArchType{"qwen2", "f32"}, ArchType{"qwen2", "f16"},
                                           ArchType{"qwen2", "q8_0"}, ArchType{"qwen2", "q4_k_m"},
                                           ArchType{"llama", "f32"}, ArchType{"llama", "f16"},
                                           ArchType{"llama", "q8_0"}, ArchType{"llama", "q4_k_m"},
                                           ArchType{"qwen2", "f16", true}, ArchType{"qwen2", "q8_0", true},
                                           ArchType{"qwen2", "q4_k_m", true}, ArchType{"llama", "f32", true},
                                           ArchType{"llama", "q4_k_m", true}),
                         [](const auto& p) {
                             return p.param.arch + "_" + p.param.type + (p.param.quick ? "_quick" : "");
                         });

TEST(GenModel, SameSeedSameBytesAnyThreadCount)
{
    GenModelSpec a = tinySpec("qwen2", "q4_k_m", 11);
    a.layers = 1;
    a.threads = 1;
    GenModelSpec b = a;
    b.threads = 3;
    const auto bytes = build(a);
    EXPECT_EQ(bytes, build(b));
    GenModelSpec c = a;
    c.seed = 12;
    const auto other = build(c);
    ASSERT_EQ(other.size(), bytes.size());  // same layout, only general.name and weights differ
    std::size_t differing = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i)
        differing += bytes[i] != other[i];
    EXPECT_GT(differing, bytes.size() / 2);
}

std::vector<std::uint8_t> readFile(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(GenModel, StreamsTheSameFileAsItBuilds)
{
    for (const bool quick : {false, true}) {
        GenModelSpec spec = tinySpec("llama", quick ? "q4_k_m" : "q8_0", 3);
        spec.quick = quick;
        const auto path = std::filesystem::path(::testing::TempDir()) / "genmodel-write-test.gguf";
        std::vector<std::size_t> progress;
        const std::uint64_t size = generateModel(spec, path, [&](std::size_t done, std::size_t total) {
            progress.push_back(done);
            EXPECT_EQ(total, gguf::GgufFile::fromBuffer(build(spec), "x")->tensors().size());
        });
        EXPECT_EQ(gguf::GgufFile::open(path)->fileSize(), size);
        EXPECT_EQ(readFile(path), build(spec)) << (quick ? "quick" : "float");
        ASSERT_FALSE(progress.empty());
        EXPECT_EQ(progress.front(), 1u);
        EXPECT_EQ(progress.back(), progress.size());
        std::filesystem::remove(path);
    }
}

TEST(GenModel, QuickIsDeterministicAndOnlyChangesTheWeights)
{
    GenModelSpec a = tinySpec("qwen2", "q4_k_m", 21);
    a.quick = true;
    a.threads = 1;
    GenModelSpec b = a;
    b.threads = 4;
    const auto bytes = build(a);
    EXPECT_EQ(bytes, build(b));
    GenModelSpec slow = a;
    slow.quick = false;
    const auto fq = gguf::GgufFile::fromBuffer(bytes, "quick.gguf");
    const auto fs = gguf::GgufFile::fromBuffer(build(slow), "slow.gguf");
    ASSERT_EQ(fq->tensors().size(), fs->tensors().size());
    for (std::size_t i = 0; i < fq->tensors().size(); ++i) {
        const auto& q = fq->tensors()[i];
        const auto& s = fs->tensors()[i];
        EXPECT_EQ(q.name, s.name);
        EXPECT_EQ(q.type, s.type) << q.name;
        EXPECT_EQ(q.dims, s.dims) << q.name;
        // Norms stay ones; random matrices differ.
        const bool same = std::memcmp(q.data, s.data, q.nbytes) == 0;
        EXPECT_EQ(same, q.name.find("norm") != std::string::npos) << q.name;
    }
}

TEST(GenModel, WeightsHaveTheIntendedScale)
{
    const auto file = open(tinySpec("qwen2", "f32"));
    const gguf::TensorInfo* t = file->findTensor("blk.0.ffn_up.weight");
    ASSERT_NE(t, nullptr);
    const auto* v = reinterpret_cast<const float*>(t->data);
    const std::uint64_t n = t->elementCount();
    double sum = 0, sumSq = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        sum += v[i];
        sumSq += static_cast<double>(v[i]) * v[i];
    }
    const double mean = sum / static_cast<double>(n);
    const double sd = std::sqrt(sumSq / static_cast<double>(n) - mean * mean);
    EXPECT_NEAR(mean, 0.0, 0.001);
    EXPECT_NEAR(sd, 0.02, 0.001);
    const gguf::TensorInfo* norm = file->findTensor("blk.1.attn_norm.weight");
    ASSERT_NE(norm, nullptr);
    EXPECT_EQ(reinterpret_cast<const float*>(norm->data)[5], 1.0f);
}

/// The Q4_K_M mix and shapes of llama.cpp's own tiny files (same shapes as ours
/// with a 384-token vocabulary): every tensor with the same type and dims.
void expectSameTensorsAs(const std::filesystem::path& reference, const std::string& arch)
{
    GenModelSpec spec = tinySpec(arch, "q4_k_m");
    spec.vocab = 384;
    const auto ours = open(spec);
    const auto theirs = gguf::GgufFile::open(reference);
    ASSERT_EQ(ours->tensors().size(), theirs->tensors().size());
    for (const auto& t : theirs->tensors()) {
        const gguf::TensorInfo* o = ours->findTensor(t.name);
        ASSERT_NE(o, nullptr) << t.name;
        EXPECT_EQ(o->type, t.type) << t.name;
        EXPECT_EQ(o->dims, t.dims) << t.name;
    }
    EXPECT_EQ(ours->getInt("general.file_type"), theirs->getInt("general.file_type"));
}

TEST(GenModel, Q4KMMixMatchesLlamaCppQwen2)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_K_M.gguf");
    expectSameTensorsAs(path, "qwen2");
}

TEST(GenModel, Q4KMMixMatchesLlamaCppLlama)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-llama-Q4_K_M.gguf");
    expectSameTensorsAs(path, "llama");
}

TEST(GenModel, Llama3RopeFactorsMatchLlamaCpp)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-llama.gguf");
    const auto theirs = gguf::GgufFile::open(path);
    const auto ours = open(tinySpec("llama", "f32"));
    const gguf::TensorInfo* a = ours->findTensor("rope_freqs.weight");
    const gguf::TensorInfo* b = theirs->findTensor("rope_freqs.weight");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    ASSERT_EQ(a->dims, b->dims);
    for (std::uint64_t i = 0; i < a->elementCount(); ++i)
        EXPECT_NEAR(reinterpret_cast<const float*>(a->data)[i], reinterpret_cast<const float*>(b->data)[i], 1e-5)
            << "factor " << i;
}

TEST(GenModel, TokenizerAndChatTemplateWork)
{
    for (const std::string arch : {"qwen2", "llama"}) {
        const auto file = open(tinySpec(arch, "q8_0"));
        const auto tok = tokenizer::Tokenizer::fromGguf(*file);
        const GenModelSpecialIds ids = genModelSpecialIds();
        const auto encoded = tok->encode("<｜User｜>the cat<think>", true, true);
        ASSERT_GE(encoded.size(), 4u);
        EXPECT_EQ(encoded.front(), ids.bos);
        EXPECT_EQ(encoded[1], ids.user);
        EXPECT_EQ(encoded.back(), ids.thinkOpen);
        EXPECT_EQ(tok->decode(encoded), "the cat<think>");
        const auto tmpl = chat::ChatTemplate::forGguf(*file);
        EXPECT_EQ(tmpl.name(), "deepseek-r1") << arch;
    }
}

TEST(GenModel, RealShapesHaveTheirHyperParameters)
{
    GenModelSpec spec;
    spec.architecture = "qwen2";
    spec.shape = "r1-distill-qwen-1.5b";
    spec.type = "q4_k_m";
    const GenModelShape q = resolveGenModelShape(spec);
    EXPECT_EQ(q.embeddingLength, 1536);
    EXPECT_EQ(q.layerCount, 28);
    EXPECT_EQ(q.headCount, 12);
    EXPECT_EQ(q.headCountKv, 2);
    EXPECT_EQ(q.feedForwardLength, 8960);
    EXPECT_EQ(q.vocabSize, 151936);
    spec.layers = 2;
    spec.vocab = 1000;
    EXPECT_EQ(resolveGenModelShape(spec).layerCount, 2);
    EXPECT_EQ(resolveGenModelShape(spec).vocabSize, 1000);
    spec = {};
    spec.architecture = "llama";
    spec.shape = "r1-distill-llama-8b";
    const GenModelShape l = resolveGenModelShape(spec);
    EXPECT_EQ(l.embeddingLength, 4096);
    EXPECT_EQ(l.headCountKv, 8);
    EXPECT_EQ(l.vocabSize, 128256);
    EXPECT_TRUE(l.llama3RopeFreqs);
}

void expectError(const GenModelSpec& spec, const std::string& fragment)
{
    try {
        resolveGenModelShape(spec);
        ADD_FAILURE() << "no error; expected one naming " << fragment;
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(GenModel, RefusesBadSpecsNamingTheFault)
{
    GenModelSpec s = tinySpec("mamba", "q8_0");
    expectError(s, "'mamba'");
    s = tinySpec("qwen2", "q3_k");
    expectError(s, "'q3_k'");
    s = tinySpec("qwen2", "q8_0");
    s.shape = "r1-distill-qwen-32b";
    expectError(s, "'r1-distill-qwen-32b'");
    s.shape = "r1-distill-llama-8b";
    expectError(s, "not a qwen2 model");
    s = tinySpec("qwen2", "q8_0");
    s.vocab = 100;
    expectError(s, "--vocab");
    s = tinySpec("qwen2", "q8_0");
    s.layers = -1;
    expectError(s, "--layers");
}

} // namespace
} // namespace qiusuo::models
