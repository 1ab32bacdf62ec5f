#pragma once
/// @brief The clock the store writes: milliseconds since the Unix epoch, UTC.

#include <chrono>
#include <cstdint>

namespace qiusuo::storage {

inline std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace qiusuo::storage
