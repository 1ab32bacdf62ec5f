// Each sampling step on hand-made logits; expected values worked out by hand.

#include "inference/sampling/samplingsteps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace qiusuo::sampling {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::vector<std::int32_t> ids(const std::vector<Candidate>& c)
{
    std::vector<std::int32_t> out;
    for (const auto& x : c)
        out.push_back(x.id);
    return out;
}

/// Candidates with logits ln(p), so softmax gives back p.
std::vector<Candidate> withProbabilities(const std::vector<std::int32_t>& id,
                                         const std::vector<double>& p)
{
    std::vector<Candidate> c;
    for (std::size_t i = 0; i < id.size(); ++i)
        c.push_back({id[i], static_cast<float>(std::log(p[i])), 0.0});
    softmax(c);
    return c;
}

TEST(SamplingSteps, ArgmaxPicksTheLowestIdAmongEquals)
{
    EXPECT_EQ(argmax(std::vector<float>{1, 3, 3, 2}), 1);
    EXPECT_EQ(argmax(std::vector<float>{kNaN, -kInf, 0.5f}), 2);
    EXPECT_EQ(argmax(std::vector<float>{-5, -5}), 0);
    EXPECT_EQ(argmax(std::vector<float>{-kInf, kNaN}), -1);
    EXPECT_EQ(argmax(std::vector<float>{}), -1);
}

TEST(SamplingSteps, RepetitionPenaltyDividesPositiveAndMultipliesNegativeOncePerToken)
{
    std::vector<float> logits{2, -2, 1, 4};
    const std::vector<std::int32_t> recent{0, 1, 1, 5, -1};  // 5 and -1: out of range
    applyRepetitionPenalty(logits, recent, 2.0f);
    EXPECT_EQ(logits, (std::vector<float>{1, -4, 1, 4}));
}

TEST(SamplingSteps, PresenceAndFrequencyPenaltiesCountOccurrences)
{
    std::vector<float> logits{1, 1, 1};
    const std::vector<std::int32_t> recent{0, 0, 2};
    applyPresenceFrequencyPenalty(logits, recent, 0.5f, 0.25f);
    // token 0: 1 - (2·0.25 + 0.5); token 1: untouched; token 2: 1 - (0.25 + 0.5)
    EXPECT_EQ(logits, (std::vector<float>{0.0f, 1.0f, 0.25f}));
}

TEST(SamplingSteps, CandidatesAreSortedWithTiesByIdAndUnusableLogitsLeftOut)
{
    const std::vector<float> logits{0.5f, 2, 2, -kInf, kNaN, 1};
    EXPECT_EQ(ids(sortedCandidates(logits, 100.0f)), (std::vector<std::int32_t>{1, 2, 5, 0}));
}

TEST(SamplingSteps, CandidatesFarBelowTheBestAreLeftOut)
{
    const std::vector<float> logits{10, 0, 9.5f};
    EXPECT_EQ(ids(sortedCandidates(logits, 1.0f)), (std::vector<std::int32_t>{0, 2}));
}

TEST(SamplingSteps, TemperatureDividesLogits)
{
    std::vector<Candidate> c{{0, 2.0f, 0}, {1, 1.0f, 0}};
    applyTemperature(c, 0.5f);
    EXPECT_EQ(c[0].logit, 4.0f);
    EXPECT_EQ(c[1].logit, 2.0f);
}

TEST(SamplingSteps, TopKKeepsTheKBestSorted)
{
    std::vector<Candidate> c{{9, 1, 0}, {2, 2, 0}, {4, 3, 0}, {1, 2, 0}};
    topK(c, 3);
    EXPECT_EQ(ids(c), (std::vector<std::int32_t>{4, 1, 2}));
    topK(c, 0);  // off
    EXPECT_EQ(c.size(), 3u);
}

TEST(SamplingSteps, CandidatesWithinKeepIdOrderAndReuseTheBuffer)
{
    std::vector<Candidate> c{{99, 0, 0}};
    candidatesWithin(std::vector<float>{1, 5, 3, kNaN, 4.5f}, 1.0f, c);
    EXPECT_EQ(ids(c), (std::vector<std::int32_t>{1, 4}));
}

TEST(SamplingSteps, SortedPrefixStopsWhereTopPOrMinPIsDecided)
{
    // 200 candidates with p ∝ 2^-i (i = 0..199), in reverse id order.
    std::vector<Candidate> base;
    for (int i = 0; i < 200; ++i)
        base.push_back({199 - i, -0.6931472f * static_cast<float>(i), 0.0});
    std::reverse(base.begin(), base.end());
    softmax(base);

    auto c = base;
    keepSortedPrefix(c, 0.9f, 0.0f);  // 1 - 2^-4 ≥ 0.9 within the first 64
    ASSERT_EQ(c.size(), 64u);
    EXPECT_EQ(c[0].id, 199);
    EXPECT_EQ(c[63].id, 136);
    topP(c, 0.9f);
    EXPECT_EQ(c.size(), 4u);

    c = base;
    keepSortedPrefix(c, 1.0f, 0.001f);  // 2^-10 < 0.001 within the first 64
    EXPECT_EQ(c.size(), 64u);

    c = base;
    keepSortedPrefix(c, 1.0f, 0.0f);  // both off: untouched
    EXPECT_EQ(c.size(), 200u);
    EXPECT_EQ(c[0].id, 0);
}

TEST(SamplingSteps, SoftmaxOfLogProbabilities)
{
    // logits ln 4, ln 2, 0, 0 → 4/8, 2/8, 1/8, 1/8
    std::vector<Candidate> c{{0, std::log(4.0f), 0}, {1, std::log(2.0f), 0}, {2, 0, 0}, {3, 0, 0}};
    softmax(c);
    EXPECT_NEAR(c[0].p, 0.5, 1e-7);
    EXPECT_NEAR(c[1].p, 0.25, 1e-7);
    EXPECT_NEAR(c[2].p, 0.125, 1e-7);
    EXPECT_NEAR(c[3].p, 0.125, 1e-7);
}

TEST(SamplingSteps, TopPKeepsTheSmallestSetReachingTheMass)
{
    const auto base = withProbabilities({0, 1, 2, 3}, {0.5, 0.25, 0.125, 0.125});
    auto c = base;
    topP(c, 0.7f);  // 0.5 < 0.7 ≤ 0.75
    ASSERT_EQ(ids(c), (std::vector<std::int32_t>{0, 1}));
    EXPECT_NEAR(c[0].p, 2.0 / 3.0, 1e-6);
    EXPECT_NEAR(c[1].p, 1.0 / 3.0, 1e-6);

    c = base;
    topP(c, 0.8f);  // needs 0.875
    ASSERT_EQ(ids(c), (std::vector<std::int32_t>{0, 1, 2}));
    EXPECT_NEAR(c[2].p, 0.125 / 0.875, 1e-6);

    c = base;
    topP(c, 0.3f);  // the first alone is enough
    ASSERT_EQ(ids(c), (std::vector<std::int32_t>{0}));
    EXPECT_NEAR(c[0].p, 1.0, 1e-12);

    c = base;
    topP(c, 1.0f);  // off
    EXPECT_EQ(c.size(), 4u);
}

TEST(SamplingSteps, MinPKeepsTokensNearTheBest)
{
    auto c = withProbabilities({0, 1, 2, 3}, {0.5, 0.25, 0.125, 0.125});
    minP(c, 0.3f);  // threshold 0.15
    ASSERT_EQ(ids(c), (std::vector<std::int32_t>{0, 1}));
    EXPECT_NEAR(c[0].p, 2.0 / 3.0, 1e-6);

    c = withProbabilities({0, 1, 2}, {0.6, 0.3, 0.1});
    minP(c, 0.1f);  // threshold 0.06: all stay
    EXPECT_EQ(c.size(), 3u);
    minP(c, 0.0f);  // off
    EXPECT_EQ(c.size(), 3u);
}

TEST(SamplingSteps, PickWalksTheCumulativeDistribution)
{
    const auto c = withProbabilities({7, 3, 9, 1}, {0.5, 0.25, 0.125, 0.125});
    EXPECT_EQ(pick(c, 0.0), 7);
    EXPECT_EQ(pick(c, 0.49), 7);
    EXPECT_EQ(pick(c, 0.51), 3);
    EXPECT_EQ(pick(c, 0.74), 3);
    EXPECT_EQ(pick(c, 0.8), 9);
    EXPECT_EQ(pick(c, 0.99), 1);
    EXPECT_EQ(pick({}, 0.5), -1);
}

} // namespace
} // namespace qiusuo::sampling
