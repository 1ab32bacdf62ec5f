#include "ui/chat/deltabatcher.h"

#include <utility>

namespace qiusuo::ui {

DeltaBatcher::DeltaBatcher(std::chrono::milliseconds interval, Sink sink)
    : interval_(interval), sink_(std::move(sink)), timer_([this] { runTimer(); })
{
}

DeltaBatcher::~DeltaBatcher()
{
    {
        const std::lock_guard lock(mutex_);
        quit_ = true;
    }
    wake_.notify_one();
    timer_.join();
}

void DeltaBatcher::add(const std::string& reasoning, const std::string& content)
{
    const std::lock_guard lock(mutex_);
    reasoning_ += reasoning;
    content_ += content;
    // The first text goes out at once (time to first token is what the user
    // feels); after that, at most one batch per interval.
    if (!lastSent_ || Clock::now() - *lastSent_ >= interval_) {
        sendLocked();
    } else if (!due_) {
        due_ = *lastSent_ + interval_;
        wake_.notify_one();
    }
}

void DeltaBatcher::flush()
{
    const std::lock_guard lock(mutex_);
    sendLocked();
}

void DeltaBatcher::sendLocked()
{
    due_.reset();
    if (reasoning_.empty() && content_.empty())
        return;
    sink_(reasoning_, content_);
    reasoning_.clear();
    content_.clear();
    lastSent_ = Clock::now();
}

void DeltaBatcher::runTimer()
{
    std::unique_lock lock(mutex_);
    while (!quit_) {
        if (!due_)
            wake_.wait(lock);
        else if (Clock::now() >= *due_)
            sendLocked();
        else
            wake_.wait_until(lock, *due_);
    }
}

} // namespace qiusuo::ui
