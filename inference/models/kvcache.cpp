#include "inference/models/kvcache.h"

#include "inference/cpu/fp16.h"
#include "inference/error.h"

#include <algorithm>
#include <fstream>
#include <new>
#include <optional>
#include <string>

namespace qiusuo::models {

namespace {

/// MemAvailable from /proc/meminfo (what can be allocated without swapping),
/// or nullopt where it cannot be read.
std::optional<std::uint64_t> availableMemoryBytes()
{
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:")
            return kib * 1024;
    return std::nullopt;
}

std::string mib(std::uint64_t bytes)
{
    return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

} // namespace

KvCache::KvCache(std::int32_t layers, std::int32_t kvHeads, std::int32_t headDim, std::int32_t context,
                 KvType type)
    : layers_(layers), kvHeads_(kvHeads), headDim_(headDim), context_(context), type_(type),
      headStride_(static_cast<std::size_t>(context) * static_cast<std::size_t>(headDim)),
      elements_(static_cast<std::size_t>(layers) * 2 * static_cast<std::size_t>(kvHeads) * headStride_)
{
    // The allocation below succeeds lazily on Linux; refuse up front what
    // could never become resident, rather than failing mid-conversation.
    if (const auto available = availableMemoryBytes(); available && bytes() > *available)
        throw Error("a KV cache of " + std::to_string(context) + " positions needs " + mib(bytes()) +
                    ", but only " + mib(*available) + " of memory is available; choose a shorter context");
    try {
        // for_overwrite: no zero fill, so untouched positions cost no resident memory.
        if (type == KvType::F32)
            f32_ = std::make_unique_for_overwrite<float[]>(elements_);
        else
            f16_ = std::make_unique_for_overwrite<std::uint16_t[]>(elements_);
    } catch (const std::bad_alloc&) {
        throw Error("there is not enough memory for a KV cache of " + std::to_string(context) +
                    " positions (" + mib(bytes()) + "); choose a shorter context");
    }
}

void KvCache::store(std::int32_t layer, std::int32_t pos, const float* k, const float* v)
{
    const std::size_t at = static_cast<std::size_t>(pos) * static_cast<std::size_t>(headDim_);
    for (std::int32_t h = 0; h < kvHeads_; ++h) {
        const float* kh = k + static_cast<std::size_t>(h) * headDim_;
        const float* vh = v + static_cast<std::size_t>(h) * headDim_;
        const std::size_t ko = offset(layer, 0, h) + at;
        const std::size_t vo = offset(layer, 1, h) + at;
        if (type_ == KvType::F32) {
            std::copy(kh, kh + headDim_, f32_.get() + ko);
            std::copy(vh, vh + headDim_, f32_.get() + vo);
        } else {
            for (std::int32_t i = 0; i < headDim_; ++i) {
                f16_[ko + static_cast<std::size_t>(i)] = cpu::f32ToF16(kh[i]);
                f16_[vo + static_cast<std::size_t>(i)] = cpu::f32ToF16(vh[i]);
            }
        }
    }
}

} // namespace qiusuo::models
