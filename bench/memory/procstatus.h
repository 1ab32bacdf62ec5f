#pragma once
/// @brief The resident-memory split of this process, read from
/// /proc/self/status (Linux): VmRSS = RssAnon + RssFile + RssShmem.

#include <cstdint>

namespace qiusuo::bench {

struct ProcStatus {
    std::uint64_t rssAnon = 0;   ///< private memory the process allocated (heap, stacks, KV cache)
    std::uint64_t rssFile = 0;   ///< file pages mapped in: the model's weights, the program and its libraries
    std::uint64_t rssShmem = 0;  ///< shared memory
    std::uint64_t peak = 0;      ///< VmHWM: the most VmRSS has been

    /// Throws qiusuo::Error when /proc/self/status cannot be read or lacks the fields.
    static ProcStatus read();
};

} // namespace qiusuo::bench
