#include "inference/cpu/threadpool.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <utility>

#if defined(__linux__)
#include <sched.h>
#endif

namespace qiusuo::cpu {
namespace {

/// The worker index of the task this thread is running (-1: none). A nested
/// parallelFor runs inline and keeps that index, so scratch buffers stay unique.
thread_local int t_worker = -1;

/// Briefly spinning before sleeping saves the wake-up latency (tens of
/// microseconds) on the ~200 small products of each decoded token.
constexpr int kSpinIterations = 4000;

inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace

ThreadPool::ThreadPool(int threads)
{
    if (threads <= 0)
        threads = physicalCoreCount();
    workers_.reserve(static_cast<std::size_t>(threads - 1));
    for (int i = 1; i < threads; ++i)
        workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& t : workers_)
        t.join();
}

void ThreadPool::runChunks(int worker)
{
    const int outer = std::exchange(t_worker, worker);
    for (;;) {
        const std::int64_t begin = next_.fetch_add(grain_, std::memory_order_relaxed);
        if (begin >= n_)
            break;
        try {
            (*fn_)(begin, std::min(begin + grain_, n_), worker);
        } catch (...) {
            std::lock_guard lock(errorMutex_);
            if (!error_)
                error_ = std::current_exception();
            next_.store(n_, std::memory_order_relaxed);   // abandon the rest
        }
    }
    t_worker = outer;
}

void ThreadPool::parallelFor(std::int64_t n, std::int64_t grain, const RangeFn& fn)
{
    if (n <= 0)
        return;
    grain = std::max<std::int64_t>(grain, 1);
    if (t_worker >= 0) {   // nested: this thread already holds its worker index
        for (std::int64_t b = 0; b < n; b += grain)
            fn(b, std::min(b + grain, n), t_worker);
        return;
    }
    std::lock_guard callerLock(callerMutex_);
    if (workers_.empty() || n <= grain) {
        t_worker = 0;
        try {
            for (std::int64_t b = 0; b < n; b += grain)
                fn(b, std::min(b + grain, n), 0);
        } catch (...) {
            t_worker = -1;
            throw;
        }
        t_worker = -1;
        return;
    }

    fn_ = &fn;
    n_ = n;
    grain_ = grain;
    error_ = nullptr;
    next_.store(0, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    gate_.store(0, std::memory_order_release);   // open: the job fields above are published
    {
        std::lock_guard lock(mutex_);
        generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();

    runChunks(0);

    const std::uint32_t joined = gate_.fetch_or(kClosed, std::memory_order_acq_rel) & ~kClosed;
    for (int spin = 0; spin < kSpinIterations; ++spin) {
        if (finished_.load(std::memory_order_acquire) == joined)
            break;
        cpuRelax();
    }
    if (finished_.load(std::memory_order_acquire) != joined) {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return finished_.load(std::memory_order_acquire) == joined; });
    }
    fn_ = nullptr;
    if (error_)
        std::rethrow_exception(std::exchange(error_, nullptr));
}

void ThreadPool::workerLoop(int worker)
{
    std::uint64_t seen = 0;
    for (;;) {
        bool woke = false;
        for (int spin = 0; spin < kSpinIterations; ++spin) {
            if (generation_.load(std::memory_order_acquire) != seen) {
                woke = true;
                break;
            }
            cpuRelax();
        }
        if (!woke) {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
        }
        seen = generation_.load(std::memory_order_acquire);
        {
            std::lock_guard lock(mutex_);
            if (stop_)
                return;
        }
        // Join the current job unless its caller has already closed it.
        std::uint32_t g = gate_.load(std::memory_order_acquire);
        bool joined = false;
        while (!(g & kClosed)) {
            if (gate_.compare_exchange_weak(g, g + 1, std::memory_order_acq_rel)) {
                joined = true;
                break;
            }
        }
        if (!joined)
            continue;
        runChunks(worker);
        finished_.fetch_add(1, std::memory_order_acq_rel);
        std::lock_guard lock(mutex_);
        done_.notify_all();
    }
}

int ThreadPool::physicalCoreCount()
{
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        std::set<std::pair<std::string, std::string>> cores;
        int allowed = 0;
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
            if (!CPU_ISSET(cpu, &set))
                continue;
            ++allowed;
            const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
            std::ifstream pkg(base + "physical_package_id");
            std::ifstream core(base + "core_id");
            std::string p, c;
            if (!(pkg >> p) || !(core >> c))
                return allowed > 0 ? CPU_COUNT(&set) : 1;   // no topology: count logical CPUs
            cores.emplace(p, c);
        }
        if (!cores.empty())
            return static_cast<int>(cores.size());
    }
#endif
    return std::max(1u, std::thread::hardware_concurrency());
}

} // namespace qiusuo::cpu
