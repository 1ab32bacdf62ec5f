// The GPU engine on every tiny qwen2 and llama file against llama.cpp's exact
// logits, within the fast-path bounds of ../shared/testdata/README.md (max
// |Δlogit| ≤ 0.5, mean ≤ 0.05, argmax equal at ≥ 38 of 40 positions), batch
// prefill and one token at a time (the captured decode graph) alike; and how
// it behaves when the GPU is full.
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

struct ModelCase {
    const char* file;
    const char* reference;
};

const ModelCase kModels[] = {
    {"tiny-qwen2", "kv_f32"},            {"tiny-qwen2-F16", "kv_f32"},        {"tiny-qwen2-Q8_0", "deq_kv_f32"},
    {"tiny-qwen2-Q6_K", "deq_kv_f32"},   {"tiny-qwen2-Q4_K_M", "deq_kv_f32"}, {"tiny-qwen2-Q4_0", "deq_kv_f32"},
    {"tiny-llama", "kv_f32"},            {"tiny-llama-Q8_0", "deq_kv_f32"},   {"tiny-llama-Q6_K", "deq_kv_f32"},
    {"tiny-llama-Q4_K_M", "deq_kv_f32"},
};

enum class Mode { Batch, Sequential };
using Param = std::tuple<ModelCase, Mode>;

std::string caseName(const testing::TestParamInfo<Param>& info)
{
    std::string name = std::get<0>(info.param).file;
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

class CudaReferenceTest : public CudaTest, public testing::WithParamInterface<Param> {};

TEST_P(CudaReferenceTest, WithinTheFastPathBounds)
{
    const auto& [model, mode] = GetParam();
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + model.file + ".gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / model.reference, model.file);
    const auto n = static_cast<std::int32_t>(ref.tokens.size());

    auto m = models::loadModel(file, gpuOptions());
    ASSERT_NE(m->info().device.find("CUDA"), std::string::npos) << m->info().device;
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
    std::printf("[ measured ] GPU %s vs %s: max |dlogit| %.3g (position %d), mean %.3g, argmax equal at %d/%d\n",
                caseName({GetParam(), 0}).c_str(), model.reference, d.maxAbs, d.worstRow, d.meanAbs, d.argmaxMatches,
                n);
    EXPECT_LE(d.maxAbs, 0.5);
    EXPECT_LE(d.meanAbs, 0.05);
    EXPECT_GE(d.argmaxMatches, 38);
}

INSTANTIATE_TEST_SUITE_P(TinyModels, CudaReferenceTest,
                         testing::Combine(testing::ValuesIn(kModels), testing::Values(Mode::Batch, Mode::Sequential)),
                         caseName);

using CudaModelTest = CudaTest;

TEST_F(CudaModelTest, RewindingRecomputesWhatItOverwrites)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2-Q4_K_M.gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", "tiny-qwen2-Q4_K_M");
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
    EXPECT_GE(d.argmaxMatches, 19);
    EXPECT_EQ(m->cachedTokens(), 40);
}

TEST_F(CudaModelTest, BadPositionsAndTokensAreErrors)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama-Q8_0.gguf");
    auto m = models::loadModel(file, gpuOptions());
    const std::vector<std::int32_t> bad = {1, 99999};
    EXPECT_THROW(m->evaluate(bad, 0), Error);
    const std::vector<std::int32_t> one = {5};
    EXPECT_THROW(m->evaluate(one, 3), Error);  // the cache holds nothing yet
    std::vector<std::int32_t> tooMany(300, 5);
    EXPECT_THROW(m->evaluate(tooMany, 0), Error);
    EXPECT_NO_THROW(m->evaluate(one, 0));
}

TEST_F(CudaModelTest, FullGpuIsReportedAndAutoFallsBackToTheCpu)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    // Take all but 1 MB of the GPU's free memory.
    std::size_t freeBytes = 0, total = 0;
    ASSERT_EQ(cudaMemGetInfo(&freeBytes, &total), cudaSuccess);
    void* hog = nullptr;
    std::size_t taken = freeBytes - (1u << 20);
    while (cudaMalloc(&hog, taken) != cudaSuccess) {
        cudaGetLastError();
        taken -= 64u << 20;
    }
    models::ModelOptions options = gpuOptions();
    try {
        models::loadModel(file, options);
        ADD_FAILURE() << "loading succeeded with " << (freeBytes - taken) << " bytes free";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("free"), std::string::npos) << msg;
        EXPECT_NE(msg.find("GPU"), std::string::npos) << msg;
    }
    options.device = models::ComputeDevice::Auto;
    auto m = models::loadModel(file, options);
    EXPECT_EQ(m->info().device, "CPU");
    EXPECT_NE(m->deviceNote().find("running on the CPU"), std::string::npos) << m->deviceNote();
    cudaFree(hog);
}

// Partial offload: block 0 (and the embedding) on the CPU, block 1 and the
// output head on the GPU. Batch and one token at a time, it stays within the
// fast-path bounds of the reference, as the whole model on the GPU does, and
// within the same bounds of the whole model on the GPU.
TEST_F(CudaModelTest, PartialOffloadMatchesFullOffload)
{
    for (const char* name : {"tiny-qwen2-Q4_K_M", "tiny-llama-Q8_0"}) {
        SCOPED_TRACE(name);
        QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + name + ".gguf");
        const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", name);
        const auto n = static_cast<std::int32_t>(ref.tokens.size());
        models::ModelOptions options = gpuOptions();
        auto full = models::loadModel(file, options);
        options.gpuLayers = 1;
        auto partial = models::loadModel(file, options);
        EXPECT_NE(partial->info().device.find("1 of 2 layers on the GPU"), std::string::npos)
            << partial->info().device;
        EXPECT_NE(partial->deviceNote().find("offloading 1 of 2 layers"), std::string::npos) << partial->deviceNote();

        const std::vector<float> batch = partial->evaluate(ref.tokens, 0, LogitsFor::All);
        const LogitsDiff vsRef = compareLogits(batch.data(), ref.batch.data(), n, ref.vocab);
        const std::vector<float> fullBatch = full->evaluate(ref.tokens, 0, LogitsFor::All);
        const LogitsDiff vsFull = compareLogits(batch.data(), fullBatch.data(), n, ref.vocab);
        std::printf("[ measured ] %s, 1 of 2 blocks on the GPU: vs reference max %.3g mean %.3g argmax %d/%d; "
                    "vs all on the GPU max %.3g mean %.3g\n",
                    name, vsRef.maxAbs, vsRef.meanAbs, vsRef.argmaxMatches, n, vsFull.maxAbs, vsFull.meanAbs);
        for (const LogitsDiff& d : {vsRef, vsFull}) {
            EXPECT_LE(d.maxAbs, 0.5);
            EXPECT_LE(d.meanAbs, 0.05);
            EXPECT_GE(d.argmaxMatches, 38);
        }

        // One token at a time (the GPU's captured graph fed from the CPU), after a rewind to 0.
        std::vector<float> got;
        for (std::int32_t i = 0; i < n; ++i) {
            const std::vector<float> row = partial->evaluate({&ref.tokens[static_cast<std::size_t>(i)], 1}, i);
            got.insert(got.end(), row.begin(), row.end());
        }
        const LogitsDiff seq = compareLogits(got.data(), ref.sequential.data(), n, ref.vocab);
        EXPECT_LE(seq.maxAbs, 0.5);
        EXPECT_LE(seq.meanAbs, 0.05);
        EXPECT_GE(seq.argmaxMatches, 38);
        EXPECT_EQ(partial->cachedTokens(), n);
    }
}

TEST_F(CudaModelTest, GpuLayersZeroKeepsTheModelOnTheCpu)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Auto;
    options.context = 64;
    options.gpuLayers = 0;
    auto m = models::loadModel(file, options);
    EXPECT_EQ(m->info().device, "CPU");
    EXPECT_EQ(m->deviceNote(), "GPU layers set to 0: running on the CPU");
}

TEST_F(CudaModelTest, AutoPicksTheGpuWhenItFits)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Auto;
    options.context = 128;
    auto m = models::loadModel(file, options);
    EXPECT_NE(m->info().device.find("CUDA"), std::string::npos) << m->info().device;
    EXPECT_TRUE(m->deviceNote().empty()) << m->deviceNote();
    // The precise path stays on the CPU, saying why.
    options.precision = cpu::Precision::Precise;
    auto precise = models::loadModel(file, options);
    EXPECT_EQ(precise->info().device, "CPU");
    EXPECT_NE(precise->deviceNote().find("precise"), std::string::npos) << precise->deviceNote();
}

} // namespace
} // namespace qiusuo::test
