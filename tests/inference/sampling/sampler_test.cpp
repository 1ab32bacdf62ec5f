// The sampler as a whole: greedy, the limits that must equal greedy, seed
// determinism, the distribution it draws from, penalties over the window, and
// clear errors for bad settings.

#include "inference/sampling/sampler.h"
#include "inference/error.h"
#include "inference/sampling/samplingsteps.h"
#include "inference/sampling/xoshiro256.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <vector>

namespace qiusuo::sampling {
namespace {

GenerationParams params(float temperature, float topP = 1.0f, int topK = 0, float minP = 0.0f)
{
    GenerationParams p;
    p.temperature = temperature;
    p.topP = topP;
    p.topK = topK;
    p.minP = minP;
    p.seed = 1234;
    return p;
}

/// Random logits with a clear winner (by at least 0.5) at `winner`.
std::vector<float> randomLogits(std::uint32_t seed, int n, int winner)
{
    std::mt19937 rng(seed);  // mt19937's sequence is fixed by the standard
    std::vector<float> logits(static_cast<std::size_t>(n));
    for (auto& v : logits)
        v = static_cast<float>(rng() % 2000) / 100.0f - 10.0f;  // [-10, 10)
    logits[static_cast<std::size_t>(winner)] = 10.5f;
    return logits;
}

std::vector<float> logProbabilities(const std::vector<double>& p)
{
    std::vector<float> out;
    for (double v : p)
        out.push_back(static_cast<float>(std::log(v)));
    return out;
}

std::map<std::int32_t, int> draw(Sampler& s, const std::vector<float>& logits, int n)
{
    std::map<std::int32_t, int> counts;
    for (int i = 0; i < n; ++i)
        ++counts[s.sample(logits)];
    return counts;
}

TEST(Sampler, GreedyTakesTheLargestLogitLowestIdOnTies)
{
    Sampler s(params(0.0f));
    EXPECT_TRUE(s.greedy());
    EXPECT_EQ(s.sample(std::vector<float>{0.1f, 2.0f, -1.0f, 2.0f}), 1);
    EXPECT_EQ(s.sample(std::vector<float>{-std::numeric_limits<float>::infinity(), -3.0f}), 1);
}

TEST(Sampler, TemperatureNearZeroEqualsGreedy)
{
    for (std::uint32_t seed = 0; seed < 50; ++seed) {
        const int winner = static_cast<int>(seed * 7 % 100);
        const auto logits = randomLogits(seed, 100, winner);
        GenerationParams p = params(1e-4f, 0.95f);
        p.seed = seed;
        Sampler s(p);
        EXPECT_EQ(s.sample(logits), winner) << "seed " << seed;
    }
}

TEST(Sampler, TopKOneEqualsGreedyAtAnyTemperature)
{
    for (std::uint32_t seed = 0; seed < 50; ++seed) {
        const int winner = static_cast<int>(seed * 13 % 100);
        const auto logits = randomLogits(seed + 100, 100, winner);
        GenerationParams p = params(5.0f, 1.0f, 1);
        p.seed = seed;
        Sampler s(p);
        for (int i = 0; i < 10; ++i)
            EXPECT_EQ(s.sample(logits), winner) << "seed " << seed;
    }
}

TEST(Sampler, SameSeedSameTokensAndResetReplays)
{
    const auto logits = randomLogits(5, 64, 3);
    GenerationParams p = params(1.5f, 0.98f);
    Sampler a(p), b(p);
    std::vector<std::int32_t> first;
    for (int i = 0; i < 200; ++i) {
        first.push_back(a.sample(logits));
        EXPECT_EQ(first.back(), b.sample(logits)) << "draw " << i;
    }
    a.reset();
    for (int i = 0; i < 200; ++i)
        EXPECT_EQ(a.sample(logits), first[static_cast<std::size_t>(i)]) << "draw " << i;

    p.seed = 4321;
    Sampler c(p);
    std::vector<std::int32_t> other;
    for (int i = 0; i < 200; ++i)
        other.push_back(c.sample(logits));
    EXPECT_NE(other, first);
}

TEST(Sampler, WithoutASeedOneIsChosenAndReported)
{
    GenerationParams p = params(1.0f);
    p.seed.reset();
    Sampler a(p);
    p.seed = a.seed();
    Sampler b(p);
    const auto logits = randomLogits(9, 32, 0);
    for (int i = 0; i < 50; ++i)
        EXPECT_EQ(a.sample(logits), b.sample(logits));
}

TEST(Sampler, DrawsFollowTheSoftmax)
{
    Sampler s(params(1.0f));
    const auto counts = draw(s, logProbabilities({0.5, 0.3, 0.2}), 20000);
    // Standard deviation of a share over 20000 draws is at most 0.0036.
    EXPECT_NEAR(counts.at(0) / 20000.0, 0.5, 0.02);
    EXPECT_NEAR(counts.at(1) / 20000.0, 0.3, 0.02);
    EXPECT_NEAR(counts.at(2) / 20000.0, 0.2, 0.02);
}

TEST(Sampler, TemperatureSharpensAndFlattens)
{
    // p ∝ exp(logit / T): logits ln 0.8, ln 0.2 at T = 0.5 give 0.64 : 0.04.
    Sampler sharp(params(0.5f));
    const auto counts = draw(sharp, logProbabilities({0.8, 0.2}), 20000);
    EXPECT_NEAR(counts.at(0) / 20000.0, 0.64 / 0.68, 0.02);
    // At T = 2: sqrt(0.8) : sqrt(0.2) = 2 : 1.
    Sampler flat(params(2.0f));
    const auto counts2 = draw(flat, logProbabilities({0.8, 0.2}), 20000);
    EXPECT_NEAR(counts2.at(0) / 20000.0, 2.0 / 3.0, 0.02);
}

TEST(Sampler, TopPDrawsOnlyFromTheNucleus)
{
    Sampler s(params(1.0f, 0.79f));  // 0.5 + 0.3 ≥ 0.79: token 2 is out
    const auto counts = draw(s, logProbabilities({0.5, 0.3, 0.2}), 20000);
    EXPECT_EQ(counts.count(2), 0u);
    EXPECT_NEAR(counts.at(0) / 20000.0, 0.5 / 0.8, 0.02);
}

TEST(Sampler, TemperatureComesBeforeTopP)
{
    // At T = 0.5, p ∝ 0.25 : 0.09 : 0.04 = 0.658 : 0.237 : 0.105, so the first
    // two reach 0.85 and token 2 is out. Applied to the T = 1 probabilities
    // (llama.cpp's order) 0.5 + 0.3 < 0.85 would keep it.
    Sampler s(params(0.5f, 0.85f));
    const auto counts = draw(s, logProbabilities({0.5, 0.3, 0.2}), 5000);
    EXPECT_EQ(counts.count(2), 0u);
    EXPECT_NEAR(counts.at(0) / 5000.0, 0.25 / 0.34, 0.03);
}

TEST(Sampler, MinPDrawsOnlyNearTheBest)
{
    Sampler s(params(1.0f, 1.0f, 0, 0.5f));  // keeps p ≥ 0.25
    const auto counts = draw(s, logProbabilities({0.5, 0.3, 0.2}), 5000);
    EXPECT_EQ(counts.count(2), 0u);
    EXPECT_GT(counts.at(1), 0);
}

TEST(Sampler, MaskedTokensAreNeverDrawn)
{
    const float inf = std::numeric_limits<float>::infinity();
    Sampler s(params(3.0f));
    const auto counts = draw(s, {0.0f, -inf, 0.0f, std::numeric_limits<float>::quiet_NaN()}, 2000);
    EXPECT_EQ(counts.count(1), 0u);
    EXPECT_EQ(counts.count(3), 0u);
    EXPECT_EQ(counts.at(0) + counts.at(2), 2000);
}

TEST(Sampler, RepetitionPenaltyChangesTheGreedyChoiceWithinTheWindow)
{
    GenerationParams p = params(0.0f);
    p.repeatPenalty = 1.1f;  // 5 / 1.1 ≈ 4.55 < 4.9
    p.repeatLastN = 1;
    Sampler s(p);
    const std::vector<float> logits{5.0f, 4.9f, 0.0f};
    EXPECT_EQ(s.sample(logits), 0);
    s.accept(0);
    EXPECT_EQ(s.sample(logits), 1);
    s.accept(2);  // token 0 leaves the one-token window
    EXPECT_EQ(s.sample(logits), 0);
}

TEST(Sampler, PenaltyWindowZeroIsOffAndMinusOneIsEverything)
{
    const std::vector<float> logits{5.0f, 4.9f, 0.0f};
    GenerationParams p = params(0.0f);
    p.repeatPenalty = 1.1f;
    p.repeatLastN = 0;
    Sampler off(p);
    off.accept(0);
    EXPECT_EQ(off.sample(logits), 0);

    p.repeatLastN = -1;
    Sampler all(p);
    all.accept(0);
    for (int i = 0; i < 100; ++i)
        all.accept(2);
    EXPECT_EQ(all.sample(logits), 1);
}

TEST(Sampler, FrequencyPenaltyGrowsWithCount)
{
    GenerationParams p = params(0.0f);
    p.frequencyPenalty = 0.3f;
    Sampler s(p);
    const std::vector<float> logits{5.0f, 4.5f};
    s.accept(0);  // 5 - 0.3 = 4.7 > 4.5
    EXPECT_EQ(s.sample(logits), 0);
    s.accept(0);  // 5 - 0.6 = 4.4 < 4.5
    EXPECT_EQ(s.sample(logits), 1);
}

TEST(Sampler, PresencePenaltyIsFlat)
{
    GenerationParams p = params(0.0f);
    p.presencePenalty = 0.6f;
    Sampler s(p);
    const std::vector<float> logits{5.0f, 4.5f};
    s.accept(0);  // 5 - 0.6 = 4.4 < 4.5
    EXPECT_EQ(s.sample(logits), 1);
}

/// The chain the plain way: the whole vocabulary sorted, then each step.
std::int32_t fullySortedChain(const std::vector<float>& logits, const GenerationParams& p, double u)
{
    auto c = sortedCandidates(logits, Sampler::kLogitWindow * p.temperature);
    applyTemperature(c, p.temperature);
    topK(c, p.topK);
    softmax(c);
    topP(c, p.topP);
    minP(c, p.minP);
    return pick(c, u);
}

TEST(Sampler, SortingOnlyThePrefixPicksWhatAFullSortPicks)
{
    struct Setting { float t, topP; int topK; float minP; };
    const Setting settings[] = {{0.6f, 0.95f, 0, 0.0f}, {1.0f, 0.5f, 0, 0.0f},
                                {1.3f, 1.0f, 0, 0.05f}, {0.8f, 0.99f, 40, 0.0f},
                                {2.0f, 0.9f, 0, 0.01f}, {0.7f, 1.0f, 500, 0.0f}};
    std::mt19937 rng(77);
    std::normal_distribution<float> normal(0.0f, 3.0f);  // values only; any spread will do
    for (const auto& st : settings) {
        std::vector<float> logits(5000);
        for (auto& v : logits)
            v = normal(rng);
        logits[123] = 14.0f;
        logits[4000] = 13.5f;
        GenerationParams p = params(st.t, st.topP, st.topK, st.minP);
        Sampler s(p);
        Xoshiro256 same(*p.seed);
        for (int i = 0; i < 300; ++i)
            ASSERT_EQ(s.sample(logits), fullySortedChain(logits, p, same.uniform()))
                << "T " << st.t << " top-p " << st.topP << " top-k " << st.topK << " min-p "
                << st.minP << " draw " << i;
    }
}

std::string errorFor(const GenerationParams& p)
{
    try {
        Sampler s(p);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Sampler, BadSettingsAreNamed)
{
    GenerationParams p;
    p.temperature = -1.0f;
    EXPECT_NE(errorFor(p).find("temperature"), std::string::npos);
    p = {};
    p.topP = 0.0f;
    EXPECT_NE(errorFor(p).find("top-p"), std::string::npos);
    p.topP = 1.5f;
    EXPECT_NE(errorFor(p).find("top-p"), std::string::npos);
    p = {};
    p.topK = -1;
    EXPECT_NE(errorFor(p).find("top-k"), std::string::npos);
    p = {};
    p.minP = 2.0f;
    EXPECT_NE(errorFor(p).find("min-p"), std::string::npos);
    p = {};
    p.repeatPenalty = 0.0f;
    EXPECT_NE(errorFor(p).find("repetition penalty"), std::string::npos);
    p = {};
    p.repeatLastN = -2;
    EXPECT_NE(errorFor(p).find("penalty window"), std::string::npos);
    p = {};
    p.temperature = std::numeric_limits<float>::quiet_NaN();
    EXPECT_NE(errorFor(p).find("temperature"), std::string::npos);
    p = {};
    p.frequencyPenalty = std::numeric_limits<float>::infinity();
    EXPECT_NE(errorFor(p).find("frequency"), std::string::npos);
    EXPECT_EQ(errorFor(GenerationParams{}), "(no error)");  // R1's defaults are valid
}

TEST(Sampler, NoUsableLogitsIsAnError)
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Sampler greedy(params(0.0f));
    EXPECT_THROW(greedy.sample(std::vector<float>{nan, nan}), Error);
    EXPECT_THROW(greedy.sample(std::vector<float>{}), Error);
    Sampler random(params(0.7f));
    EXPECT_THROW(random.sample(std::vector<float>{nan, -std::numeric_limits<float>::infinity()}),
                 Error);
}

} // namespace
} // namespace qiusuo::sampling
