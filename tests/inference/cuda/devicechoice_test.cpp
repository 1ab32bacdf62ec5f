// Choosing where a model runs on a machine without a usable GPU (CI): auto
// runs on the CPU and says why; asking for CUDA is a clear error, never a
// crash. On a machine with a GPU these skip: the gpu-labelled tests cover it.
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/models/modelfactory.h"

#if QIUSUO_HAVE_CUDA
#include "inference/cuda/devicequery.h"
#endif

#include <gtest/gtest.h>

#include <string>

namespace qiusuo::test {
namespace {

bool gpuPresent()
{
#if QIUSUO_HAVE_CUDA
    return !cuda::queryDevices().devices.empty();
#else
    return false;
#endif
}

TEST(DeviceChoiceTest, AutoRunsOnTheCpuAndSaysWhy)
{
    if (gpuPresent())
        GTEST_SKIP() << "a CUDA device is present: the gpu-labelled tests cover auto on a GPU";
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2-Q8_0.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Auto;
    options.context = 64;
    auto m = models::loadModel(file, options);
    EXPECT_EQ(m->info().device, "CPU");
    const std::string note = m->deviceNote();
    EXPECT_NE(note.find("running on the CPU"), std::string::npos) << note;
#if QIUSUO_HAVE_CUDA
    EXPECT_TRUE(note.find("no CUDA device") != std::string::npos || note.find("driver") != std::string::npos ||
                note.find("CUDA unavailable") != std::string::npos)
        << note;
#else
    EXPECT_NE(note.find("no CUDA support"), std::string::npos) << note;
#endif
    const std::vector<std::int32_t> tokens = {1, 2, 3};
    EXPECT_EQ(m->evaluate(tokens, 0).size(), static_cast<std::size_t>(m->vocabSize()));
}

TEST(DeviceChoiceTest, AskingForCudaWithoutAGpuIsAClearError)
{
    if (gpuPresent())
        GTEST_SKIP() << "a CUDA device is present: the gpu-labelled tests cover loading on it";
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama-Q8_0.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Cuda;
    try {
        models::loadModel(file, options);
        FAIL() << "loading on CUDA succeeded without a GPU";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("cannot run on the GPU: ", 0), 0u) << e.what();
    }
}

TEST(DeviceChoiceTest, AutoKeepsDeepseek2OnTheCpuUntilItIsVerifiedOnAGpu)
{
    // With or without a GPU: the GPU form of deepseek2 runs only when asked for.
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-deepseek3-Q8_0.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Auto;
    options.context = 64;
    auto m = models::loadModel(file, options);
    EXPECT_EQ(m->info().device, "CPU");
#if QIUSUO_HAVE_CUDA
    EXPECT_EQ(m->deviceNote(),
              "deepseek2 on the GPU is not verified on a device yet: running on the CPU (--device cuda to use it)");
#else
    EXPECT_EQ(m->deviceNote(), "this build of Qiusuo has no CUDA support: running on the CPU");
#endif
    const std::vector<std::int32_t> tokens = {1, 2, 3};
    EXPECT_EQ(m->evaluate(tokens, 0).size(), static_cast<std::size_t>(m->vocabSize()));
}

TEST(DeviceChoiceTest, AskingForDeepseek2OnCudaWithoutAGpuIsAClearError)
{
    if (gpuPresent())
        GTEST_SKIP() << "a CUDA device is present: the gpu-labelled tests load deepseek2 on it";
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-deepseek2-lite-Q4_K_M.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Cuda;
    options.context = 64;
    try {
        models::loadModel(file, options);
        FAIL() << "loading deepseek2 on CUDA succeeded without a GPU";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("cannot run on the GPU: ", 0), 0u) << e.what();
    }
}

TEST(DeviceChoiceTest, GpuLayersZeroMeansTheCpu)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2-Q8_0.gguf");
    models::ModelOptions options;
    options.device = models::ComputeDevice::Auto;
    options.context = 64;
    options.gpuLayers = 0;
    auto m = models::loadModel(file, options);
    EXPECT_EQ(m->info().device, "CPU");
    EXPECT_EQ(m->deviceNote(), "GPU layers set to 0: running on the CPU");
    options.device = models::ComputeDevice::Cuda;
    try {
        models::loadModel(file, options);
        FAIL() << "loading on CUDA succeeded with no GPU layers";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot run on the GPU: GPU layers set to 0");
    }
}

TEST(DeviceChoiceTest, CpuIsTheDefaultAndNeedsNoNote)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama-Q8_0.gguf");
    models::ModelOptions options;
    options.context = 64;
    auto m = models::loadModel(file, options);
    EXPECT_EQ(m->info().device, "CPU");
    EXPECT_TRUE(m->deviceNote().empty());
}

} // namespace
} // namespace qiusuo::test
