#pragma once
/// @brief A fixed pool of worker threads with a parallel-for over index ranges.
///
/// The calling thread works too, so a pool of size N runs N-1 extra threads.
/// Work is handed out in chunks of `grain` indices from a shared counter, so a
/// thread slowed down by another process simply takes fewer chunks. Calls to
/// parallelFor from several threads are serialised; a call from inside a
/// running task (nested) runs inline on that thread.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qiusuo::cpu {

class ThreadPool {
public:
    /// fn(begin, end, worker): handles indices [begin, end); `worker` is in
    /// [0, size()) and unique among the threads running at the same time, for
    /// per-thread scratch buffers.
    using RangeFn = std::function<void(std::int64_t begin, std::int64_t end, int worker)>;

    /// `threads` <= 0 means physicalCoreCount().
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return static_cast<int>(workers_.size()) + 1; }

    /// Runs fn over [0, n) in chunks of `grain` (>= 1) and returns when all are
    /// done. The first exception a task throws is rethrown here.
    void parallelFor(std::int64_t n, std::int64_t grain, const RangeFn& fn);

    /// Physical cores this process may run on (hyper-thread siblings counted
    /// once); at least 1.
    static int physicalCoreCount();

private:
    void workerLoop(int worker);
    void runChunks(int worker);

    std::vector<std::thread> workers_;
    std::mutex callerMutex_;        // one parallelFor at a time
    std::mutex mutex_;              // guards the wake-ups below
    std::condition_variable wake_;
    std::condition_variable done_;
    std::atomic<std::uint64_t> generation_{0};
    // A job's gate: workers join it while it is open (low bits count them);
    // the caller closes it once every chunk is taken and then waits only for
    // the workers that joined. A worker the OS has not scheduled yet is never
    // waited for: it finds the gate closed and goes back to sleep.
    static constexpr std::uint32_t kClosed = 1u << 31;
    std::atomic<std::uint32_t> gate_{kClosed};
    std::atomic<std::uint32_t> finished_{0};
    bool stop_ = false;

    const RangeFn* fn_ = nullptr;
    std::int64_t n_ = 0;
    std::int64_t grain_ = 1;
    std::atomic<std::int64_t> next_{0};
    std::exception_ptr error_;
    std::mutex errorMutex_;
};

} // namespace qiusuo::cpu
