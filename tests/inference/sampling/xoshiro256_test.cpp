// The PRNG against its published definition: xoshiro256** from the state
// {1, 2, 3, 4} and splitmix64 from 0, worked out by hand from the reference
// algorithms (prng.di.unimi.it).

#include "inference/sampling/xoshiro256.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace qiusuo::sampling {
namespace {

TEST(Xoshiro256, MatchesTheReferenceAlgorithm)
{
    auto g = Xoshiro256::fromState({1, 2, 3, 4});
    // 1st: rotl(2·5, 7)·9 = 1280·9. 2nd: s[1] became 0. 3rd: rotl(262149·5, 7)·9.
    EXPECT_EQ(g.next(), 11520u);
    EXPECT_EQ(g.next(), 0u);
    EXPECT_EQ(g.next(), 1509978240u);
}

TEST(Xoshiro256, SplitMix64ReferenceValue)
{
    std::uint64_t x = 0;
    EXPECT_EQ(Xoshiro256::splitmix64(x), 0xe220a8397b1dcdafULL);
    EXPECT_EQ(x, 0x9e3779b97f4a7c15ULL);
}

TEST(Xoshiro256, SameSeedSameStreamDifferentSeedDifferentStream)
{
    Xoshiro256 a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto va = a.next();
        EXPECT_EQ(va, b.next());
        differs = differs || va != c.next();
    }
    EXPECT_TRUE(differs);
}

TEST(Xoshiro256, UniformIsInTheUnitIntervalAndSpread)
{
    Xoshiro256 g(7);
    int buckets[10] = {};
    for (int i = 0; i < 100000; ++i) {
        const double u = g.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        ++buckets[static_cast<int>(u * 10)];
    }
    for (int count : buckets)
        EXPECT_NEAR(count, 10000, 500);  // > 5 standard deviations (≈95)
}

TEST(Xoshiro256, AllZeroStateIsRefused)
{
    EXPECT_THROW(Xoshiro256::fromState({0, 0, 0, 0}), std::invalid_argument);
}

} // namespace
} // namespace qiusuo::sampling
