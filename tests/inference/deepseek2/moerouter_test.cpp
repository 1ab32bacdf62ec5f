// The MoE router on hand-built cases whose expected experts and weights
// follow from the definitions (DeepSeek-V3's Gate; llama.cpp's deepseek2).
#include "inference/models/moerouter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace qiusuo::models {
namespace {

/// The router logit whose sigmoid is `s`.
float logitOf(float s)
{
    return std::log(s / (1.0f - s));
}

struct Routed {
    std::vector<std::int32_t> experts;
    std::vector<float> weights;
};

Routed route(const RouterConfig& c, const std::vector<float>& logits, const std::vector<float>& bias = {})
{
    Routed r{std::vector<std::int32_t>(static_cast<std::size_t>(c.used)),
             std::vector<float>(static_cast<std::size_t>(c.used))};
    routeToken(c, logits.data(), bias, r.experts.data(), r.weights.data());
    return r;
}

// 8 experts in 4 groups of 2; sigmoid scores
//   group 0: 0.95 0.05 (top-2 sum 1.00)   group 1: 0.62 0.58 (1.20)
//   group 2: 0.55 0.55 (1.10)             group 3: 0.90 0.05 (0.95)
// Keeping the best 2 groups (1 and 2) leaves experts 2..5, so top-2 is {2, 3}
// although experts 0 and 6 score highest overall.
TEST(MoeRouter, GroupLimitedTopKKeepsTheBestGroupsByTheirTopTwoSum)
{
    RouterConfig c;
    c.expertCount = 8;
    c.used = 2;
    c.groups = 4;
    c.groupsUsed = 2;
    c.gating = ExpertGating::Sigmoid;
    c.normalize = true;
    c.scale = 2.5f;
    std::vector<float> logits;
    for (const float s : {0.95f, 0.05f, 0.62f, 0.58f, 0.55f, 0.55f, 0.90f, 0.05f})
        logits.push_back(logitOf(s));
    const Routed r = route(c, logits);
    EXPECT_EQ(r.experts, (std::vector<std::int32_t>{2, 3}));
    EXPECT_NEAR(r.weights[0], 0.62f / 1.20f * 2.5f, 1e-5);
    EXPECT_NEAR(r.weights[1], 0.58f / 1.20f * 2.5f, 1e-5);

    // The same scores without groups pick the two best experts overall.
    c.groups = 1;
    c.groupsUsed = 1;
    EXPECT_EQ(route(c, logits).experts, (std::vector<std::int32_t>{0, 6}));
}

// The bias moves the selection only; the weights stay the unbiased scores.
TEST(MoeRouter, SelectionBiasChoosesButDoesNotWeigh)
{
    RouterConfig c;
    c.expertCount = 4;
    c.used = 2;
    c.gating = ExpertGating::Sigmoid;
    const std::vector<float> logits = {logitOf(0.9f), logitOf(0.8f), logitOf(0.7f), logitOf(0.6f)};
    const Routed plain = route(c, logits);
    EXPECT_EQ(plain.experts, (std::vector<std::int32_t>{0, 1}));
    const Routed biased = route(c, logits, {0.0f, 0.0f, 0.5f, 0.0f});
    EXPECT_EQ(biased.experts, (std::vector<std::int32_t>{2, 0}));
    EXPECT_NEAR(biased.weights[0], 0.7f, 1e-5);
    EXPECT_NEAR(biased.weights[1], 0.9f, 1e-5);
}

// Softmax over all experts (V2), weights not renormalised over the chosen ones.
TEST(MoeRouter, SoftmaxScoresWithoutNormalisation)
{
    RouterConfig c;
    c.expertCount = 4;
    c.used = 2;
    c.gating = ExpertGating::Softmax;
    const Routed r = route(c, {0.0f, std::log(2.0f), std::log(3.0f), 0.0f});
    EXPECT_EQ(r.experts, (std::vector<std::int32_t>{2, 1}));
    EXPECT_NEAR(r.weights[0], 3.0f / 7.0f, 1e-6);
    EXPECT_NEAR(r.weights[1], 2.0f / 7.0f, 1e-6);
}

} // namespace
} // namespace qiusuo::models
