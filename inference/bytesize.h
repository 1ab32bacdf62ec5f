#pragma once
/// @brief Byte counts in the words users read ("6.1 GB", "350 MB"): decimal
/// units, as drive and GPU makers print them.

#include <cstddef>
#include <cstdio>
#include <string>

namespace qiusuo {

inline std::string formatBytes(std::size_t bytes)
{
    char buf[32];
    const double gb = static_cast<double>(bytes) / 1e9;
    if (gb >= 1.0)
        std::snprintf(buf, sizeof buf, "%.1f GB", gb);
    else
        std::snprintf(buf, sizeof buf, "%.0f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

} // namespace qiusuo
