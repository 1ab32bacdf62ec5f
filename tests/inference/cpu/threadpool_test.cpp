#include "inference/cpu/threadpool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <vector>

using qiusuo::cpu::ThreadPool;

TEST(ThreadPool, DefaultsToPhysicalCores)
{
    ThreadPool pool;
    EXPECT_EQ(pool.size(), ThreadPool::physicalCoreCount());
    EXPECT_GE(pool.size(), 1);
}

TEST(ThreadPool, CoversEveryIndexExactlyOnce)
{
    ThreadPool pool(3);
    ASSERT_EQ(pool.size(), 3);
    for (std::int64_t n : {1, 7, 64, 1000, 12345}) {
        std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
        std::atomic<int> badWorker{0};
        pool.parallelFor(n, 5, [&](std::int64_t b, std::int64_t e, int worker) {
            if (worker < 0 || worker >= 3)
                ++badWorker;
            for (std::int64_t i = b; i < e; ++i)
                ++hits[static_cast<std::size_t>(i)];
        });
        EXPECT_EQ(badWorker.load(), 0);
        for (std::int64_t i = 0; i < n; ++i)
            ASSERT_EQ(hits[static_cast<std::size_t>(i)].load(), 1) << "n=" << n << " i=" << i;
    }
}

TEST(ThreadPool, UsesSeveralThreadsAndManyRoundsWork)
{
    ThreadPool pool(2);
    std::atomic<long> total{0};
    for (int round = 0; round < 500; ++round)
        pool.parallelFor(100, 1, [&](std::int64_t b, std::int64_t e, int) { total += e - b; });
    EXPECT_EQ(total.load(), 50000);
}

TEST(ThreadPool, RethrowsTaskExceptionsAndStaysUsable)
{
    ThreadPool pool(2);
    EXPECT_THROW(pool.parallelFor(100, 1, [](std::int64_t b, std::int64_t, int) {
        if (b == 42)
            throw std::runtime_error("boom");
    }), std::runtime_error);
    std::atomic<int> count{0};
    pool.parallelFor(10, 1, [&](std::int64_t, std::int64_t, int) { ++count; });
    EXPECT_EQ(count.load(), 10);
}

TEST(ThreadPool, NestedCallsRunInline)
{
    ThreadPool pool(2);
    std::atomic<int> inner{0};
    pool.parallelFor(4, 1, [&](std::int64_t, std::int64_t, int) {
        pool.parallelFor(10, 1, [&](std::int64_t b, std::int64_t e, int) { inner += static_cast<int>(e - b); });
    });
    EXPECT_EQ(inner.load(), 40);
}
