#pragma once
/// @brief How long to wait before retrying a busy server (HTTP 429 / 503).

#include "inference/remote/remoteconfig.h"

#include <chrono>
#include <optional>
#include <string>

namespace qiusuo::remote {

class Backoff {
public:
    /// @brief Milliseconds to wait before retry `attempt` (0 = the first
    /// retry): the server's Retry-After when given and readable, else
    /// initialDelayMs * 2^attempt; both capped at maxDelayMs.
    static int delayMs(const RetryPolicy& policy, int attempt, const std::string& retryAfter,
                       std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

    /// @brief Parses Retry-After: delay-seconds ("120") or an HTTP-date
    /// ("Fri, 31 Dec 1999 23:59:59 GMT"); milliseconds from `now`, never
    /// negative; nothing when unreadable.
    static std::optional<long long> parseRetryAfter(const std::string& value,
                                                    std::chrono::system_clock::time_point now);
};

} // namespace qiusuo::remote
