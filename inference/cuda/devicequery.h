#pragma once
/// @brief Finds the CUDA devices present, or says in words why there are none.

#include <cstddef>
#include <string>
#include <vector>

namespace qiusuo::cuda {

struct DeviceInfo {
    int index = 0;
    std::string name;
    std::size_t totalBytes = 0;
    std::size_t freeBytes = 0;
    int computeMajor = 0;
    int computeMinor = 0;
};

struct DeviceQuery {
    std::vector<DeviceInfo> devices;
    std::string reason;  ///< why `devices` is empty ("no CUDA device", ...)
};

/// Never throws and never crashes without a GPU or driver.
DeviceQuery queryDevices();

} // namespace qiusuo::cuda
