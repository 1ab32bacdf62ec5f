#include "inference/server/enginegate.h"

#include <algorithm>

namespace qiusuo::server {

EngineGate::EngineGate(int capacity) : m_capacity(std::max(1, capacity)) {}

EngineGate::Ticket EngineGate::tryEnter()
{
    std::lock_guard lock(m_mutex);
    if (m_holders >= m_capacity)
        return Ticket(nullptr, 0);
    ++m_holders;
    return Ticket(this, m_nextTicket++);
}

int EngineGate::waiting() const
{
    std::lock_guard lock(m_mutex);
    return std::max(0, m_holders - 1);
}

void EngineGate::release(std::uint64_t number)
{
    std::lock_guard lock(m_mutex);
    --m_holders;
    if (number != m_nowServing) {
        m_abandoned.insert(number);
        return;
    }
    ++m_nowServing;
    while (m_abandoned.erase(m_nowServing) > 0)
        ++m_nowServing;
    m_turn.notify_all();
}

EngineGate::Ticket::Ticket(Ticket&& other) noexcept : m_gate(other.m_gate), m_number(other.m_number)
{
    other.m_gate = nullptr;
}

EngineGate::Ticket::~Ticket()
{
    if (m_gate)
        m_gate->release(m_number);
}

void EngineGate::Ticket::wait()
{
    std::unique_lock lock(m_gate->m_mutex);
    m_gate->m_turn.wait(lock, [this] { return m_gate->m_nowServing == m_number; });
}

} // namespace qiusuo::server
