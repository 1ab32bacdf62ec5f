// A model split by blocks between two stages (the mechanism of partial GPU
// offload), checked here with two CPU stages: it must give exactly the
// logits of the whole model, in prefill, decode and after a rewind.
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/llama.h"
#include "inference/models/qwen2.h"
#include "inference/models/splitmodel.h"

#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <string>

namespace qiusuo::test {
namespace {

using models::LayerSpan;
using models::LogitsFor;
using models::ModelOptions;

ModelOptions options(cpu::Precision precision, std::int32_t batch)
{
    ModelOptions o;
    o.precision = precision;
    o.context = 128;
    o.threads = 2;
    o.batchSize = batch;
    return o;
}

template <typename Model>
std::unique_ptr<models::SplitModel> split(const std::shared_ptr<const gguf::GgufFile>& file,
                                          const ModelOptions& front, const ModelOptions& back, std::int32_t at)
{
    return std::make_unique<models::SplitModel>(std::make_unique<Model>(file, front, LayerSpan{0, at}),
                                                std::make_unique<Model>(file, back, LayerSpan{at, -1}));
}

/// Prefill with every row's logits, three decode steps, a rewind: the same
/// calls on both models give the same floats.
void expectSameLogits(models::Model& whole, models::Model& parts)
{
    std::vector<std::int32_t> prompt(37);
    std::iota(prompt.begin(), prompt.end(), 5);
    EXPECT_EQ(whole.evaluate(prompt, 0, LogitsFor::All), parts.evaluate(prompt, 0, LogitsFor::All));
    for (std::int32_t step = 0; step < 3; ++step) {
        const std::int32_t token = 40 + step;
        const auto pos = static_cast<std::int32_t>(prompt.size()) + step;
        EXPECT_EQ(whole.evaluate({&token, 1}, pos), parts.evaluate({&token, 1}, pos)) << "decode step " << step;
    }
    EXPECT_EQ(parts.cachedTokens(), 40);
    // Rewind into the prompt and branch off with other tokens.
    const std::vector<std::int32_t> branch{7, 8, 9, 10, 11};
    EXPECT_EQ(whole.evaluate(branch, 20), parts.evaluate(branch, 20));
    EXPECT_EQ(parts.cachedTokens(), 25);
}

TEST(SplitModel, Qwen2SplitGivesTheWholeModelsLogits)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_K_M.gguf");
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(path);
    for (const cpu::Precision precision : {cpu::Precision::Fast, cpu::Precision::Precise}) {
        models::Qwen2Model whole(file, options(precision, 16));
        // Different chunk sizes on the two sides, as the CPU and GPU have.
        auto parts = split<models::Qwen2Model>(file, options(precision, 16), options(precision, 7), 1);
        expectSameLogits(whole, *parts);
        EXPECT_EQ(parts->kvCacheBytes(), whole.kvCacheBytes());
    }
}

TEST(SplitModel, LlamaSplitGivesTheWholeModelsLogits)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-llama-Q8_0.gguf");
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(path);
    models::LlamaModel whole(file, options(cpu::Precision::Fast, 64));
    auto parts = split<models::LlamaModel>(file, options(cpu::Precision::Fast, 64), options(cpu::Precision::Fast, 64), 1);
    expectSameLogits(whole, *parts);
    EXPECT_EQ(parts->info().layerCount, whole.info().layerCount);
    EXPECT_EQ(parts->info().device, "CPU + CPU: 1 of 2 layers on the second engine");
}

TEST(SplitModel, AStageHoldsOnlyItsBlocks)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2.gguf");
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(path);
    models::Qwen2Model whole(file, options(cpu::Precision::Fast, 64));
    models::Qwen2Model back(file, options(cpu::Precision::Fast, 64), LayerSpan{1, -1});
    EXPECT_EQ(back.kvCacheBytes() * 2, whole.kvCacheBytes());
    EXPECT_FALSE(back.startsModel());
    EXPECT_TRUE(back.endsModel());
    // A part cannot be evaluated from tokens on its own.
    const std::int32_t token = 5;
    try {
        back.evaluate({&token, 1}, 0, LogitsFor::Last);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("only a part of the model"), std::string::npos) << e.what();
    }
}

TEST(SplitModel, BadSpansAreRefused)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2.gguf");
    const std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(path);
    const ModelOptions o = options(cpu::Precision::Fast, 64);
    auto message = [&](LayerSpan span) {
        try {
            models::Qwen2Model m(file, o, span);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(message({1, 1}), "cannot run blocks 1 to 1 of a model with 2 blocks");
    EXPECT_EQ(message({0, 3}), "cannot run blocks 0 to 3 of a model with 2 blocks");
    EXPECT_EQ(message({-1, 1}), "cannot run blocks -1 to 1 of a model with 2 blocks");

    // Stages that leave a gap, or overlap, do not make one model.
    EXPECT_THROW(models::SplitModel(std::make_unique<models::Qwen2Model>(file, o, LayerSpan{0, 1}),
                                    std::make_unique<models::Qwen2Model>(file, o, LayerSpan{0, -1})),
                 Error);
    EXPECT_THROW(models::SplitModel(std::make_unique<models::Qwen2Model>(file, o, LayerSpan{1, -1}),
                                    std::make_unique<models::Qwen2Model>(file, o, LayerSpan{1, -1})),
                 Error);
}

} // namespace
} // namespace qiusuo::test
