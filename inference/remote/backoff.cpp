#include "inference/remote/backoff.h"

#include <algorithm>
#include <ctime>

namespace qiusuo::remote {

std::optional<long long> Backoff::parseRetryAfter(const std::string& value,
                                                  std::chrono::system_clock::time_point now)
{
    if (value.empty())
        return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9)
            return 999999999LL * 1000; // absurdly long: the cap decides
        return std::stoll(value) * 1000;
    }
    std::tm tm{};
    const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0')
        return std::nullopt;
    const auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when - now).count();
    return std::max<long long>(0, ms);
}

int Backoff::delayMs(const RetryPolicy& policy, int attempt, const std::string& retryAfter,
                     std::chrono::system_clock::time_point now)
{
    const long long cap = std::max(0, policy.maxDelayMs);
    if (const auto serverSays = parseRetryAfter(retryAfter, now))
        return static_cast<int>(std::min(*serverSays, cap));
    long long delay = std::max(0, policy.initialDelayMs);
    for (int i = 0; i < attempt && delay < cap; ++i)
        delay *= 2;
    return static_cast<int>(std::min(delay, cap));
}

} // namespace qiusuo::remote
