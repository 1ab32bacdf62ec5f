// deepseek2 on the GPU (CudaDeepseek2Model) on the tiny DeepSeek files
// against llama.cpp's exact logits (deq_kv_f32), within the fast-path bounds
// of ../shared/testdata/README.md for MoE models: max |Δlogit| ≤ 0.5, mean
// ≤ 0.05, argmax equal at ≥ 36 of 40 positions; batch prefill and one token
// at a time (the captured decode graph) alike; rewinding; and how it is chosen.
#include "cudatest.h"

#include "tests/inference/models/referencelogits.h"
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/models/modelfactory.h"

#include <cstdio>
#include <string>

namespace qiusuo::test {
namespace {

using models::LogitsFor;

const char* const kModels[] = {"tiny-deepseek2-lite-Q4_K_M", "tiny-deepseek3-Q4_K_M", "tiny-deepseek3-Q8_0"};

enum class Mode { Batch, Sequential };
using Param = std::tuple<const char*, Mode>;

std::string caseName(const testing::TestParamInfo<Param>& info)
{
    std::string name = std::get<0>(info.param);
    for (char& c : name)
        if (c == '-')
            c = '_';
    return name + (std::get<1>(info.param) == Mode::Batch ? "_batch" : "_sequential");
}

models::ModelOptions gpuOptions()
{
    models::ModelOptions o;
    o.device = models::ComputeDevice::Cuda;
    o.context = 256;
    return o;
}

class CudaDeepseek2ReferenceTest : public CudaTest, public testing::WithParamInterface<Param> {};

TEST_P(CudaDeepseek2ReferenceTest, WithinTheMoeFastPathBounds)
{
    const auto& [model, mode] = GetParam();
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + model + ".gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", model);
    const auto n = static_cast<std::int32_t>(ref.tokens.size());

    auto m = models::loadModel(file, gpuOptions());
    ASSERT_NE(m->info().device.find("CUDA"), std::string::npos) << m->info().device;
    ASSERT_EQ(m->info().architecture, "deepseek2");
    ASSERT_EQ(m->vocabSize(), ref.vocab);
    std::vector<float> got;
    if (mode == Mode::Batch) {
        got = m->evaluate(ref.tokens, 0, LogitsFor::All);
    } else {
        for (std::int32_t i = 0; i < n; ++i) {
            const std::vector<float> row = m->evaluate({&ref.tokens[static_cast<std::size_t>(i)], 1}, i);
            got.insert(got.end(), row.begin(), row.end());
        }
    }
    ASSERT_EQ(got.size(), ref.batch.size());
    EXPECT_EQ(m->cachedTokens(), n);
    const LogitsDiff d = compareLogits(got.data(), (mode == Mode::Batch ? ref.batch : ref.sequential).data(), n,
                                       ref.vocab);
    std::printf("[ measured ] GPU %s vs deq_kv_f32: max |dlogit| %.3g (position %d), mean %.3g, argmax equal at %d/%d\n",
                caseName({GetParam(), 0}).c_str(), d.maxAbs, d.worstRow, d.meanAbs, d.argmaxMatches, n);
    EXPECT_LE(d.maxAbs, 0.5);
    EXPECT_LE(d.meanAbs, 0.05);
    EXPECT_GE(d.argmaxMatches, 36);
}

INSTANTIATE_TEST_SUITE_P(TinyDeepseek, CudaDeepseek2ReferenceTest,
                         testing::Combine(testing::ValuesIn(kModels), testing::Values(Mode::Batch, Mode::Sequential)),
                         caseName);

using CudaDeepseek2Test = CudaTest;

TEST_F(CudaDeepseek2Test, RewindingRecomputesWhatItOverwrites)
{
    const char* name = "tiny-deepseek3-Q4_K_M";
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + name + ".gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", name);
    auto m = models::loadModel(file, gpuOptions());
    std::span<const std::int32_t> tokens(ref.tokens);
    // Prefill 30 tokens, decode 10 through the captured graph.
    m->evaluate(tokens.first(30), 0);
    std::vector<float> first;
    for (std::int32_t i = 30; i < 40; ++i)
        first = m->evaluate(tokens.subspan(static_cast<std::size_t>(i), 1), i);
    // Decoding positions 35..39 again after a rewind repeats the same kernels
    // on the same cache contents: the same logits, bit for bit.
    std::vector<float> again;
    for (std::int32_t i = 35; i < 40; ++i)
        again = m->evaluate(tokens.subspan(static_cast<std::size_t>(i), 1), i);
    EXPECT_EQ(first, again);
    // Rewinding into the prefilled part and prefilling the rest as one batch
    // gives the batch reference's rows (fast-path bounds).
    const std::vector<float> batch = m->evaluate(tokens.subspan(20), 20, LogitsFor::All);
    const LogitsDiff d = compareLogits(batch.data(), ref.batch.data() + 20 * static_cast<std::size_t>(ref.vocab), 20,
                                       ref.vocab);
    EXPECT_LE(d.maxAbs, 0.5);
    EXPECT_LE(d.meanAbs, 0.05);
    EXPECT_GE(d.argmaxMatches, 18);
    EXPECT_EQ(m->cachedTokens(), 40);
}

TEST_F(CudaDeepseek2Test, AutoKeepsItOnTheCpuUntilVerifiedAndPartialOffloadIsRefused)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-deepseek3-Q8_0.gguf");
    models::ModelOptions options = gpuOptions();
    options.device = models::ComputeDevice::Auto;
    auto automatic = models::loadModel(file, options);
    EXPECT_EQ(automatic->info().device, "CPU");
    EXPECT_EQ(automatic->deviceNote(),
              "deepseek2 on the GPU is not verified on a device yet: running on the CPU (--device cuda to use it)");

    options.device = models::ComputeDevice::Cuda;
    options.gpuLayers = 2;  // of 3
    try {
        models::loadModel(file, options);
        ADD_FAILURE() << "a partial offload of deepseek2 loaded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("whole or not at all"), std::string::npos) << e.what();
    }
}

TEST_F(CudaDeepseek2Test, BadPositionsAndTokensAreErrors)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-deepseek3-Q8_0.gguf");
    auto m = models::loadModel(file, gpuOptions());
    const std::vector<std::int32_t> bad = {1, 99999};
    EXPECT_THROW(m->evaluate(bad, 0), Error);
    const std::vector<std::int32_t> one = {5};
    EXPECT_THROW(m->evaluate(one, 3), Error);
    std::vector<std::int32_t> tooMany(300, 5);
    EXPECT_THROW(m->evaluate(tooMany, 0), Error);
    EXPECT_NO_THROW(m->evaluate(one, 0));
}

} // namespace
} // namespace qiusuo::test
