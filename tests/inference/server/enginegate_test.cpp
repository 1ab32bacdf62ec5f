#include "inference/server/enginegate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

using qiusuo::server::EngineGate;

TEST(EngineGate, RefusesBeyondCapacity)
{
    EngineGate gate(2);
    auto a = gate.tryEnter();
    auto b = gate.tryEnter();
    auto c = gate.tryEnter();
    EXPECT_TRUE(a);
    EXPECT_TRUE(b);
    EXPECT_FALSE(c);
    EXPECT_EQ(gate.waiting(), 1);
}

TEST(EngineGate, ServesInArrivalOrder)
{
    EngineGate gate(8);
    std::vector<int> order;
    std::mutex m;
    auto first = gate.tryEnter();
    first.wait();
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        auto ticket = std::make_shared<EngineGate::Ticket>(gate.tryEnter());
        threads.emplace_back([ticket, i, &order, &m]() mutable {
            ticket->wait();
            std::lock_guard lock(m);
            order.push_back(i);
            ticket.reset();
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    { EngineGate::Ticket done = std::move(first); }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(EngineGate, AbandonedTicketIsSkipped)
{
    EngineGate gate(4);
    auto a = gate.tryEnter();
    a.wait();
    {
        auto leaver = gate.tryEnter();  // leaves before its turn
    }
    auto c = gate.tryEnter();
    std::atomic<bool> ran{false};
    std::thread t([&] {
        c.wait();
        ran = true;
    });
    { EngineGate::Ticket done = std::move(a); }
    t.join();
    EXPECT_TRUE(ran);
}
