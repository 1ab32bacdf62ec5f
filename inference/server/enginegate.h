#pragma once
/// @brief Admits requests to the one engine in arrival order, with a bounded
/// queue: a request beyond the capacity is refused at once (HTTP 503).

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>

namespace qiusuo::server {

class EngineGate {
public:
    /// `capacity`: how many requests may hold a ticket at once, the running
    /// one included (>= 1).
    explicit EngineGate(int capacity);

    /// A place in line; its holder runs once `wait()` returns. Released on
    /// destruction (after the run, or when the client left while waiting).
    class Ticket {
    public:
        Ticket(Ticket&& other) noexcept;
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;
        Ticket& operator=(Ticket&&) = delete;
        ~Ticket();
        explicit operator bool() const { return m_gate != nullptr; }
        /// Blocks until every earlier ticket is released.
        void wait();

    private:
        friend class EngineGate;
        Ticket(EngineGate* gate, std::uint64_t number) : m_gate(gate), m_number(number) {}
        EngineGate* m_gate;
        std::uint64_t m_number;
    };

    /// A ticket, or an empty one when the queue is full.
    Ticket tryEnter();
    int waiting() const;

private:
    void release(std::uint64_t number);

    const int m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_turn;
    std::uint64_t m_nextTicket = 0;
    std::uint64_t m_nowServing = 0;
    int m_holders = 0;
    // Tickets released before their turn: skipped when reached.
    std::set<std::uint64_t> m_abandoned;
};

} // namespace qiusuo::server
