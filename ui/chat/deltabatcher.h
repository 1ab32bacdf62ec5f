#pragma once
/// @brief Gathers a generation's streamed text and hands it on in batches:
/// the first text at once, later text at most once per interval and never
/// later than one interval after it arrived, even if no more text comes.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace qiusuo::ui {

/// add() runs on the generating thread, which is blocked inside the backend
/// between tokens and so cannot run a timer of its own: a small timer thread
/// sends text that would otherwise wait for the next token (a remote burst
/// followed by silence). The sink is called with the lock held, from either
/// thread, so batches reach it one at a time and in order; after flush()
/// returns nothing more is sent until the next add().
class DeltaBatcher {
public:
    using Sink = std::function<void(const std::string& reasoning, const std::string& content)>;

    DeltaBatcher(std::chrono::milliseconds interval, Sink sink);
    /// Stops the timer thread; text still pending is dropped (call flush() first).
    ~DeltaBatcher();
    DeltaBatcher(const DeltaBatcher&) = delete;
    DeltaBatcher& operator=(const DeltaBatcher&) = delete;

    /// Appends text; sends at once when nothing was sent yet or the last
    /// batch is at least one interval old, else when that interval ends.
    void add(const std::string& reasoning, const std::string& content);
    /// Sends whatever is pending now.
    void flush();

private:
    using Clock = std::chrono::steady_clock;

    void sendLocked();
    void runTimer();

    const std::chrono::milliseconds interval_;
    const Sink sink_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string reasoning_;
    std::string content_;
    std::optional<Clock::time_point> lastSent_;
    std::optional<Clock::time_point> due_; ///< when pending text must go out
    bool quit_ = false;
    std::thread timer_;
};

} // namespace qiusuo::ui
