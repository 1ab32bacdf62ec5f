// qiusuo-cli info's GPU lines: the memory the GPU engine would need (the same
// estimate loading uses) and, without a GPU, why there is none.
#include "clirunner.h"
#include "tests/testdata.h"

#include "inference/gguf/gguffile.h"
#include "inference/models/offloadplan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace qiusuo::test {
namespace {

TEST(CmdInfoGpu, JsonCarriesTheEstimateLoadingUses)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q4_K_M.gguf");
    const CliResult r = runCli("info " + model.string() + " --json --ctx 64", /*withStderr=*/false);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json gpu = nlohmann::json::parse(r.output).at("gpu");
    const auto file = gguf::GgufFile::open(model);
    const models::GpuMemoryEstimate e = models::estimateGpuMemory(*file, 64);
    EXPECT_EQ(gpu.at("context").get<int>(), 64);
    EXPECT_EQ(gpu.at("all_layers_bytes").get<std::size_t>(), e.forLayers(e.layerCount()));
    EXPECT_EQ(gpu.at("kv_bytes_per_layer").get<std::size_t>(), e.kvPerLayer);
    EXPECT_EQ(gpu.at("layer_weight_bytes").size(), static_cast<std::size_t>(e.layerCount()));
    const models::GpuList gpus = models::listGpus();
    if (gpus.devices.empty()) {
        EXPECT_EQ(gpu.at("no_device_reason").get<std::string>(), gpus.reason);
        EXPECT_FALSE(gpu.contains("plan"));
    } else {
        EXPECT_EQ(gpu.at("plan").at("layers").get<int>(), e.layerCount());
    }
}

TEST(CmdInfoGpu, TextNamesTheNeedOrWhyNot)
{
    QIUSUO_REQUIRE_TESTDATA(qwen, "models/tiny-qwen2.gguf");
    const CliResult dense = runCli("info " + qwen.string(), /*withStderr=*/false);
    ASSERT_EQ(dense.exitCode, 0) << dense.output;
    // The trained context of the tiny model is below the default 4096.
    EXPECT_NE(dense.output.find("with every layer on the GPU at a "), std::string::npos) << dense.output;
    EXPECT_EQ(dense.output.find("4096-token context"), std::string::npos) << dense.output;

    QIUSUO_REQUIRE_TESTDATA(deepseek, "models/tiny-deepseek3-Q8_0.gguf");
    const CliResult moe = runCli("info " + deepseek.string(), /*withStderr=*/false);
    ASSERT_EQ(moe.exitCode, 0) << moe.output;
    // deepseek2 has a GPU estimate too (its GPU form runs with --device cuda).
    EXPECT_NE(moe.output.find("gpu memory     "), std::string::npos) << moe.output;
    EXPECT_NE(moe.output.find("with every layer on the GPU at a "), std::string::npos) << moe.output;
}

} // namespace
} // namespace qiusuo::test
