#include "inference/remote/backoff.h"

#include <gtest/gtest.h>

namespace qiusuo::remote {
namespace {

TEST(Backoff, ExponentialFromInitialDelayUpToCap)
{
    const RetryPolicy policy{5, 100, 1000};
    EXPECT_EQ(Backoff::delayMs(policy, 0, ""), 100);
    EXPECT_EQ(Backoff::delayMs(policy, 1, ""), 200);
    EXPECT_EQ(Backoff::delayMs(policy, 2, ""), 400);
    EXPECT_EQ(Backoff::delayMs(policy, 3, ""), 800);
    EXPECT_EQ(Backoff::delayMs(policy, 4, ""), 1000);
    EXPECT_EQ(Backoff::delayMs(policy, 60, ""), 1000);
}

TEST(Backoff, RetryAfterSecondsAndHttpDateWinButAreCapped)
{
    const RetryPolicy policy{5, 100, 30000};
    EXPECT_EQ(Backoff::delayMs(policy, 0, "2"), 2000);
    EXPECT_EQ(Backoff::delayMs(policy, 3, "0"), 0);
    EXPECT_EQ(Backoff::delayMs(policy, 0, "3600"), 30000);
    EXPECT_EQ(Backoff::delayMs(policy, 0, "99999999999999"), 30000);
    // 1999-12-31 23:59:49 + 10 s.
    const auto now = std::chrono::system_clock::from_time_t(946684789);
    EXPECT_EQ(Backoff::delayMs(policy, 0, "Fri, 31 Dec 1999 23:59:59 GMT", now), 10000);
    EXPECT_EQ(Backoff::delayMs(policy, 0, "Fri, 31 Dec 1999 23:59:00 GMT", now), 0);
    // Unreadable values fall back to the backoff.
    EXPECT_EQ(Backoff::delayMs(policy, 1, "soon", now), 200);
    EXPECT_EQ(Backoff::delayMs(policy, 1, "-5", now), 200);
}

} // namespace
} // namespace qiusuo::remote
