// benchModel runs the prefill and decode it reports on (figures are printed, never asserted against a speed).
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/models/modelbench.h"
#include "inference/models/modelfactory.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace qiusuo::test {
namespace {

TEST(ModelBench, ReportsFiguresForTheRunsItMade)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2-Q4_K_M.gguf");
    models::ModelOptions o;
    o.context = 64;
    auto m = models::loadModel(file, o);
    const models::BenchFigures f = models::benchModel(*m, 32, 8, 3);
    std::printf("[ measured ] tiny-qwen2-Q4_K_M: prefill %.0f tokens/s, decode %.0f tokens/s\n",
                f.prefillTokensPerSecond, f.decodeTokensPerSecond);
    EXPECT_TRUE(std::isfinite(f.prefillTokensPerSecond) && f.prefillTokensPerSecond > 0);
    EXPECT_TRUE(std::isfinite(f.decodeTokensPerSecond) && f.decodeTokensPerSecond > 0);
    EXPECT_NEAR(f.prefillTokensPerSecond * f.prefillSeconds, 32, 1e-6);
    EXPECT_NEAR(f.decodeTokensPerSecond * f.decodeSeconds, 8, 1e-6);
    EXPECT_EQ(m->cachedTokens(), 40);  // the last run's prompt and generated tokens
}

// -n 0, as llama-bench's: prefill only, no decode figure.
TEST(ModelBench, PrefillOnly)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2-Q4_K_M.gguf");
    models::ModelOptions o;
    o.context = 64;
    auto m = models::loadModel(file, o);
    const models::BenchFigures f = models::benchModel(*m, 32, 0, 1);
    EXPECT_GT(f.prefillTokensPerSecond, 0);
    EXPECT_EQ(f.decodeTokensPerSecond, 0);
    EXPECT_EQ(m->cachedTokens(), 32);
}

TEST(ModelBench, RefusesRunsLongerThanTheContext)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2-Q4_K_M.gguf");
    models::ModelOptions o;
    o.context = 64;
    auto m = models::loadModel(file, o);
    EXPECT_THROW(models::benchModel(*m, 60, 8), Error);
    EXPECT_THROW(models::benchModel(*m, 0, 8), Error);
    EXPECT_THROW(models::benchModel(*m, 8, -1), Error);
}

} // namespace
} // namespace qiusuo::test
