// gen-model's deepseek2 models: the tiny V3-style and V2-Lite-style shapes
// load in the deepseek2 engine and evaluate to finite logits, one batch equal
// to one token at a time within the precise bound, for every type; their
// hyper-parameters, tensor types and shapes are those of llama.cpp's own tiny
// deepseek2 files; the real V2-Lite shape (two layers) streams out and runs;
// and each carries its family's chat template.
#include "inference/chat/chattemplate.h"
#include "inference/cpu/matmul.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "inference/models/deepseek2hparams.h"
#include "inference/models/genmodel.h"
#include "inference/models/modelfactory.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace qiusuo::models {
namespace {

/// The precise path's bound against an exact reference (testdata README).
constexpr float kPreciseBound = 1e-3f;

GenModelSpec deepseekSpec(const std::string& shape, const std::string& type, bool quick = false)
{
    GenModelSpec s;
    s.architecture = "deepseek2";
    s.shape = shape;
    s.type = type;
    s.seed = 17;
    s.quick = quick;
    if (shape == "tiny-lite")
        s.layers = 3;  // 2 dense blocks and 1 MoE block, enough to cover both
    return s;
}

std::shared_ptr<const gguf::GgufFile> open(const GenModelSpec& spec)
{
    gguf::GgufWriter writer;
    buildGenModel(spec, writer);
    return gguf::GgufFile::fromBuffer(writer.serialize(), "generated-deepseek2-" + spec.shape + ".gguf");
}

ModelOptions precise()
{
    ModelOptions o;
    o.precision = cpu::Precision::Precise;
    o.threads = 2;
    o.context = 64;
    return o;
}

void expectFinite(const std::vector<float>& logits)
{
    for (const float v : logits)
        ASSERT_TRUE(std::isfinite(v));
}

using Case = std::tuple<const char*, const char*, bool>;  // shape, type, quick

class GenModelDeepseek2 : public ::testing::TestWithParam<Case> {};

TEST_P(GenModelDeepseek2, RunsFiniteAndBatchEqualsSequential)
{
    const auto [shape, type, quick] = GetParam();
    const auto file = open(deepseekSpec(shape, type, quick));
    const std::vector<std::int32_t> tokens{1, 100, 270, 511, 42, 7, 300, 8};
    const auto batchModel = loadModel(file, precise());
    const std::vector<float> batch = batchModel->evaluate(tokens, 0, LogitsFor::All);
    ASSERT_EQ(batch.size(), tokens.size() * 512);
    expectFinite(batch);
    float lo = batch[0], hi = batch[0];
    for (const float v : batch) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    EXPECT_GT(hi - lo, 1e-3f);  // random weights: logits that differ, not a constant

    const auto seqModel = loadModel(file, precise());
    float maxDiff = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::vector<float> row = seqModel->evaluate({&tokens[i], 1}, static_cast<std::int32_t>(i));
        ASSERT_EQ(row.size(), 512u);
        for (std::size_t v = 0; v < row.size(); ++v)
            maxDiff = std::max(maxDiff, std::abs(row[v] - batch[i * 512 + v]));
    }
    EXPECT_LE(maxDiff, kPreciseBound);
}

INSTANTIATE_TEST_SUITE_P(Shapes, GenModelDeepseek2,
                         ::testing::Values(Case{"tiny", "f32", false}, Case{"tiny", "f16", false},
                                           Case{"tiny", "q8_0", false}, Case{"tiny", "q4_k_m", false},
                                           Case{"tiny", "q4_k_m", true}, Case{"tiny", "q8_0", true},
                                           Case{"tiny-lite", "q4_k_m", false}, Case{"tiny-lite", "f16", true},
                                           Case{"tiny-lite", "q4_k_m", true}),
                         [](const auto& p) {
                             std::string name = std::string(std::get<0>(p.param)) + "_" + std::get<1>(p.param) +
                                                (std::get<2>(p.param) ? "_quick" : "");
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

/// Our tiny shapes against llama.cpp's tiny files (vocabulary 384): the same
/// hyper-parameters (but expert groups, which ours adds for V3), the same
/// tensors with the same types and shapes, the same file type.
void expectSameModelAs(const std::string& reference, const std::string& shape)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/" + reference);
    GenModelSpec spec = deepseekSpec(shape, "q4_k_m", true);  // quick: the same types and shapes
    spec.layers = 0;
    spec.vocab = 384;
    const auto ours = open(spec);
    const auto theirs = gguf::GgufFile::open(path);
    Deepseek2HParams a = Deepseek2HParams::read(*ours);
    const Deepseek2HParams b = Deepseek2HParams::read(*theirs);
    if (shape == "tiny") {
        EXPECT_EQ(a.expertGroups, 4);
        EXPECT_EQ(a.expertGroupsUsed, 2);
        a.expertGroups = b.expertGroups;
        a.expertGroupsUsed = b.expertGroupsUsed;
    }
    EXPECT_EQ(a.vocabSize, b.vocabSize);
    EXPECT_EQ(a.embeddingLength, b.embeddingLength);
    EXPECT_EQ(a.layerCount, b.layerCount);
    EXPECT_EQ(a.trainedContext, b.trainedContext);
    EXPECT_EQ(a.headCount, b.headCount);
    EXPECT_EQ(a.qLoraRank, b.qLoraRank);
    EXPECT_EQ(a.kvLoraRank, b.kvLoraRank);
    EXPECT_EQ(a.ropeDims, b.ropeDims);
    EXPECT_EQ(a.nopeDims, b.nopeDims);
    EXPECT_EQ(a.valueDim, b.valueDim);
    EXPECT_EQ(a.feedForwardLength, b.feedForwardLength);
    EXPECT_EQ(a.expertFeedForward, b.expertFeedForward);
    EXPECT_EQ(a.leadingDenseBlocks, b.leadingDenseBlocks);
    EXPECT_EQ(a.expertCount, b.expertCount);
    EXPECT_EQ(a.expertUsed, b.expertUsed);
    EXPECT_EQ(a.expertShared, b.expertShared);
    EXPECT_EQ(a.expertGroups, b.expertGroups);
    EXPECT_EQ(a.expertGroupsUsed, b.expertGroupsUsed);
    EXPECT_EQ(a.expertWeightsNorm, b.expertWeightsNorm);
    EXPECT_EQ(a.expertWeightsScale, b.expertWeightsScale);
    EXPECT_EQ(a.gating, b.gating);
    EXPECT_EQ(a.ropeFreqBase, b.ropeFreqBase);
    EXPECT_EQ(a.yarnFactor, b.yarnFactor);
    EXPECT_EQ(a.yarnOriginalContext, b.yarnOriginalContext);
    EXPECT_EQ(a.yarnLogMultiplier, b.yarnLogMultiplier);
    EXPECT_EQ(a.rmsEps, b.rmsEps);
    EXPECT_EQ(ours->getString("tokenizer.ggml.pre"), shape == "tiny" ? theirs->getString("tokenizer.ggml.pre")
                                                                     : std::optional<std::string>("deepseek-llm"));

    ASSERT_EQ(ours->tensors().size(), theirs->tensors().size());
    for (const auto& t : theirs->tensors()) {
        const gguf::TensorInfo* o = ours->findTensor(t.name);
        ASSERT_NE(o, nullptr) << t.name;
        EXPECT_EQ(o->type, t.type) << t.name;
        EXPECT_EQ(o->dims, t.dims) << t.name;
    }
    EXPECT_EQ(ours->getInt("general.file_type"), theirs->getInt("general.file_type"));
}

TEST(GenModelDeepseek2Shapes, TinyIsTinyDeepseek3WithGroups)
{
    expectSameModelAs("tiny-deepseek3-Q4_K_M.gguf", "tiny");
}

TEST(GenModelDeepseek2Shapes, TinyLiteIsTinyDeepseek2Lite)
{
    expectSameModelAs("tiny-deepseek2-lite-Q4_K_M.gguf", "tiny-lite");
}

TEST(GenModelDeepseek2Shapes, RealShapesHaveTheirHyperParameters)
{
    GenModelSpec spec = deepseekSpec("deepseek-v3", "q4_k_m");
    const GenModelShape v3 = resolveGenModelShape(spec);
    EXPECT_EQ(v3.embeddingLength, 7168);
    EXPECT_EQ(v3.layerCount, 61);
    EXPECT_EQ(v3.headCount, 128);
    EXPECT_EQ(v3.vocabSize, 129280);
    EXPECT_EQ(v3.deepseek2.qLoraRank, 1536);
    EXPECT_EQ(v3.deepseek2.kvLoraRank, 512);
    EXPECT_EQ(v3.deepseek2.leadingDenseBlocks, 3);
    EXPECT_EQ(v3.deepseek2.expertCount, 256);
    EXPECT_EQ(v3.deepseek2.expertUsed, 8);
    EXPECT_EQ(v3.deepseek2.expertGroups, 8);
    EXPECT_EQ(v3.deepseek2.expertGroupsUsed, 4);
    EXPECT_TRUE(v3.deepseek2.sigmoidGating);
    EXPECT_EQ(v3.chatTemplate, "deepseek-v3");
    // Fewer layers keep at least one MoE block.
    spec.layers = 2;
    EXPECT_EQ(resolveGenModelShape(spec).deepseek2.leadingDenseBlocks, 1);
    spec.layers = 5;
    EXPECT_EQ(resolveGenModelShape(spec).deepseek2.leadingDenseBlocks, 3);

    const GenModelShape lite = resolveGenModelShape(deepseekSpec("deepseek-v2-lite", "q4_k_m"));
    EXPECT_EQ(lite.embeddingLength, 2048);
    EXPECT_EQ(lite.layerCount, 27);
    EXPECT_EQ(lite.deepseek2.qLoraRank, 0);
    EXPECT_EQ(lite.deepseek2.expertCount, 64);
    EXPECT_EQ(lite.deepseek2.expertUsed, 6);
    EXPECT_EQ(lite.deepseek2.expertShared, 2);
    EXPECT_EQ(lite.deepseek2.expertFeedForward, 1408);
    EXPECT_FALSE(lite.deepseek2.sigmoidGating);
    EXPECT_EQ(lite.chatTemplate, "deepseek-v2");

    GenModelSpec wrong = deepseekSpec("deepseek-v2-lite", "q4_k_m");
    wrong.architecture = "qwen2";
    try {
        resolveGenModelShape(wrong);
        ADD_FAILURE() << "a qwen2 deepseek-v2-lite";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("--arch deepseek2"), std::string::npos) << e.what();
    }
}

TEST(GenModelDeepseek2Shapes, V2LiteShapeStreamsOutAndRuns)
{
    // The real V2-Lite shape, one dense and one MoE block, small vocabulary:
    // kv_lora_rank 512, 64 experts of 1408 (rows that fall back to Q5_0/Q8_0).
    GenModelSpec spec = deepseekSpec("deepseek-v2-lite", "q4_k_m", true);
    spec.layers = 2;
    spec.vocab = 1000;
    const auto path = std::filesystem::path(::testing::TempDir()) / "genmodel-v2-lite-2l.gguf";
    generateModel(spec, path);
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(path);
    const Deepseek2HParams h = Deepseek2HParams::read(*file);
    EXPECT_EQ(h.kvLoraRank, 512);
    EXPECT_EQ(h.expertCount, 64);
    EXPECT_EQ(h.leadingDenseBlocks, 1);
    EXPECT_EQ(file->findTensor("blk.1.ffn_down_exps.weight")->dims, (std::vector<std::uint64_t>{1408, 2048, 64}));
    const auto model = loadModel(file, precise());
    const std::vector<std::int32_t> tokens{1, 500, 999};
    const std::vector<float> logits = model->evaluate(tokens, 0, LogitsFor::All);
    ASSERT_EQ(logits.size(), 3u * 1000);
    expectFinite(logits);
    std::filesystem::remove(path);
}

TEST(GenModelDeepseek2Shapes, EachFamilyHasItsChatTemplate)
{
    const auto v3 = open(deepseekSpec("tiny", "q8_0"));
    EXPECT_EQ(chat::ChatTemplate::forGguf(*v3).name(), "deepseek-v3");
    const auto lite = open(deepseekSpec("tiny-lite", "q8_0"));
    EXPECT_EQ(chat::ChatTemplate::forGguf(*lite).name(), "deepseek-v2");
    EXPECT_EQ(lite->getString("tokenizer.ggml.pre"), "deepseek-llm");
}

} // namespace
} // namespace qiusuo::models
