// The GPU memory estimate (from a real GGUF's tensor table) and the plan
// "the last N of L blocks on the GPU" for a given amount of free memory.
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/densehparams.h"
#include "inference/models/offloadplan.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>

namespace qiusuo::test {
namespace {

using models::GpuMemoryEstimate;
using models::kGpuReserveBytes;
using models::planOffload;

std::size_t align256(std::size_t n)
{
    return (n + 255) / 256 * 256;
}

TEST(OffloadPlan, EstimateAccountsForEveryTensorOnce)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2-Q4_K_M.gguf");
    const auto file = gguf::GgufFile::open(path);
    const GpuMemoryEstimate e = models::estimateGpuMemory(*file, 64);
    const models::DenseHParams hp = models::DenseHParams::read(*file, "qwen2");

    std::size_t tensors = 0;
    for (const gguf::TensorInfo& t : file->tensors())
        tensors += align256(t.nbytes);
    const std::size_t layers = std::accumulate(e.layerWeights.begin(), e.layerWeights.end(), std::size_t{0});
    EXPECT_EQ(e.layerCount(), hp.layerCount);
    EXPECT_EQ(layers + e.embedding + e.output, tensors);
    for (std::size_t w : e.layerWeights)
        EXPECT_GT(w, 0u);
    // F16 keys and values: 2 × kvDim × positions × 2 bytes per block.
    EXPECT_EQ(e.kvPerLayer, 2u * static_cast<std::size_t>(hp.kvDim()) * 64u * 2u);
    EXPECT_GT(e.scratch, 0u);

    // The whole model carries the embedding; a part of it does not.
    EXPECT_EQ(e.forLayers(e.layerCount()),
              layers + e.embedding + e.output + e.scratch + e.kvPerLayer * e.layerWeights.size());
    EXPECT_EQ(e.forLayers(1), e.layerWeights.back() + e.output + e.scratch + e.kvPerLayer);
    EXPECT_EQ(e.forLayers(0), 0u);
}

TEST(OffloadPlan, ContextIsClampedToTheTrainedOne)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-llama.gguf");
    const auto file = gguf::GgufFile::open(path);
    const models::DenseHParams hp = models::DenseHParams::read(*file, "llama");
    const GpuMemoryEstimate e = models::estimateGpuMemory(*file, hp.trainedContext * 4);
    EXPECT_EQ(e.kvPerLayer, 4u * static_cast<std::size_t>(hp.kvDim()) * static_cast<std::size_t>(hp.trainedContext));
}

TEST(OffloadPlan, Deepseek2KeepsItsLatentCacheAndAbsorbedWeights)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-deepseek3-Q8_0.gguf");
    const auto file = gguf::GgufFile::open(path);
    const models::Deepseek2HParams hp = models::Deepseek2HParams::read(*file);
    const GpuMemoryEstimate e = models::estimateGpuMemory(*file, 64);
    EXPECT_EQ(e.layerCount(), hp.layerCount);
    EXPECT_TRUE(e.wholeModelOnly);
    // The F32 latent cache: rank + rope values a position and layer.
    EXPECT_EQ(e.kvPerLayer, 64u * static_cast<std::size_t>(hp.kvLoraRank + hp.ropeDims) * 4u);
    // Every tensor as stored, except attn_kv_b, which the GPU holds as F32
    // K and V per head; and the RoPE frequencies (double).
    std::size_t stored = 0, kvB = 0;
    for (const gguf::TensorInfo& t : file->tensors())
        (t.name.ends_with(".attn_kv_b.weight") ? kvB : stored) += align256(t.nbytes);
    EXPECT_GT(kvB, 0u);
    const std::size_t absorbed =
        align256(static_cast<std::size_t>(hp.headCount) * static_cast<std::size_t>(hp.nopeDims * hp.kvLoraRank) * 4) +
        align256(static_cast<std::size_t>(hp.headCount) * static_cast<std::size_t>(hp.valueDim * hp.kvLoraRank) * 4);
    const std::size_t layers = std::accumulate(e.layerWeights.begin(), e.layerWeights.end(), std::size_t{0});
    EXPECT_EQ(layers + e.embedding + e.output,
              stored + absorbed * static_cast<std::size_t>(hp.layerCount) +
                  align256(static_cast<std::size_t>(hp.ropeDims / 2) * sizeof(double)));
    EXPECT_GT(e.scratch, 0u);
    // Until the GPU form is verified on a device, the plan keeps it on the
    // CPU with that as the reason, however much memory the GPU has.
    EXPECT_EQ(e.caveat, "deepseek2 on the GPU is not verified on a device yet");
    const auto plan = planOffload(e, 1'000'000'000'000, -1, "Test GPU");
    EXPECT_TRUE(plan.cpuOnly());
    EXPECT_EQ(plan.note, e.caveat);
    EXPECT_EQ(planOffload(e, 1'000'000'000'000, 0, "Test GPU").note, "GPU layers set to 0");
}

/// Four blocks of 100 MB, KV 10 MB each, embedding 50, output 60, scratch 20.
GpuMemoryEstimate handBuilt()
{
    GpuMemoryEstimate e;
    e.layerWeights = {100'000'000, 100'000'000, 100'000'000, 100'000'000};
    e.kvPerLayer = 10'000'000;
    e.embedding = 50'000'000;
    e.output = 60'000'000;
    e.scratch = 20'000'000;
    return e;
}

TEST(OffloadPlan, EverythingWhenItFits)
{
    const GpuMemoryEstimate e = handBuilt();
    EXPECT_EQ(e.forLayers(4), 570'000'000u);
    const auto plan = planOffload(e, kGpuReserveBytes + 570'000'000, -1, "Test GPU");
    EXPECT_TRUE(plan.everyLayer());
    EXPECT_EQ(plan.gpuLayers, 4);
    EXPECT_EQ(plan.gpuBytes, 570'000'000u);
    EXPECT_EQ(plan.note, "every layer on the GPU (Test GPU): the model needs 570 MB of its 870 MB free");
}

TEST(OffloadPlan, AsManyLayersAsFit)
{
    const GpuMemoryEstimate e = handBuilt();
    // Two blocks need output + scratch + 2 × (100 + 10) = 300 MB; a third 410 MB.
    EXPECT_EQ(e.forLayers(2), 300'000'000u);
    const auto plan = planOffload(e, kGpuReserveBytes + 409'000'000, -1, "Test GPU");
    EXPECT_EQ(plan.gpuLayers, 2);
    EXPECT_EQ(plan.fittingLayers, 2);
    EXPECT_EQ(plan.gpuBytes, 300'000'000u);
    EXPECT_EQ(plan.allBytes, 570'000'000u);
    EXPECT_FALSE(plan.everyLayer());
    EXPECT_EQ(plan.note, "the GPU (Test GPU) has 709 MB free, the model needs 870 MB: offloading 2 of 4 layers");
}

TEST(OffloadPlan, AskedForLayersWithinWhatFits)
{
    const GpuMemoryEstimate e = handBuilt();
    const auto asked = planOffload(e, 10'000'000'000, 3, "Test GPU");
    EXPECT_EQ(asked.gpuLayers, 3);
    EXPECT_EQ(asked.fittingLayers, 4);
    EXPECT_EQ(asked.note, "offloading 3 of 4 layers to the GPU (Test GPU) as asked, 410 MB of its 10.0 GB free");

    const auto tooMany = planOffload(e, kGpuReserveBytes + 300'000'000, 3, "Test GPU");
    EXPECT_EQ(tooMany.gpuLayers, 2);
    EXPECT_EQ(tooMany.note,
              "the GPU (Test GPU) has 600 MB free: 2 of the 3 layers asked for fit, offloading 2 of 4 layers");

    const auto beyond = planOffload(e, 10'000'000'000, 99, "Test GPU");
    EXPECT_TRUE(beyond.everyLayer());

    const auto none = planOffload(e, 10'000'000'000, 0, "Test GPU");
    EXPECT_EQ(none.gpuLayers, 0);
    EXPECT_EQ(none.gpuBytes, 0u);
    EXPECT_EQ(none.note, "GPU layers set to 0");
}

TEST(OffloadPlan, NothingWhenNotEvenOneLayerFits)
{
    const GpuMemoryEstimate e = handBuilt();
    const auto plan = planOffload(e, kGpuReserveBytes + 189'000'000, -1, "Test GPU");
    EXPECT_EQ(plan.gpuLayers, 0);
    EXPECT_EQ(plan.note, "the GPU (Test GPU) has 489 MB free, and even one layer needs 490 MB");
    // Less free than the reserve itself.
    EXPECT_EQ(planOffload(e, 1000, -1, "Test GPU").gpuLayers, 0);
}

TEST(OffloadPlan, WholeModelOnlyIsAllOrNothing)
{
    GpuMemoryEstimate e = handBuilt();
    e.wholeModelOnly = true;
    const auto all = planOffload(e, kGpuReserveBytes + 570'000'000, -1, "Test GPU");
    EXPECT_TRUE(all.everyLayer());
    EXPECT_EQ(all.note, "every layer on the GPU (Test GPU): the model needs 570 MB of its 870 MB free");

    // Three of four blocks would fit: none go.
    const auto most = planOffload(e, kGpuReserveBytes + 500'000'000, -1, "Test GPU");
    EXPECT_EQ(most.gpuLayers, 0);
    EXPECT_EQ(most.fittingLayers, 0);
    EXPECT_EQ(most.gpuBytes, 0u);
    EXPECT_EQ(most.note, "the GPU (Test GPU) has 800 MB free, and the whole model needs 870 MB "
                         "(this model runs on the GPU whole or not at all)");

    const auto asked = planOffload(e, 10'000'000'000, 2, "Test GPU");
    EXPECT_EQ(asked.gpuLayers, 0);
    EXPECT_EQ(asked.note, "2 of 4 layers asked for, and this model runs on the GPU whole or not at all");
    EXPECT_TRUE(planOffload(e, 10'000'000'000, 4, "Test GPU").everyLayer());
}

TEST(OffloadPlan, GpuListSaysWhyItIsEmpty)
{
    const models::GpuList list = models::listGpus();
    if (list.devices.empty()) {
        EXPECT_FALSE(list.reason.empty());
    }
    for (const models::GpuDevice& d : list.devices) {
        EXPECT_FALSE(d.name.empty());
        EXPECT_LE(d.freeBytes, d.totalBytes);
    }
}

} // namespace
} // namespace qiusuo::test
