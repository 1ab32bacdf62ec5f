#pragma once
/// @brief The key/value cache of a dense GQA model, F32 or F16.
///
/// Layout: [layer][key|value][kvHead][position][headDim], so that attention
/// for one head reads one contiguous run of positions. Memory is reserved at
/// construction but left untouched, so pages become resident only as
/// positions are written.

#include "inference/models/model.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace qiusuo::models {

class KvCache {
public:
    KvCache(std::int32_t layers, std::int32_t kvHeads, std::int32_t headDim, std::int32_t context,
            KvType type);

    /// Stores position `pos` of `layer`: k and v are [kvHeads][headDim].
    void store(std::int32_t layer, std::int32_t pos, const float* k, const float* v);

    KvType type() const { return type_; }
    std::int32_t layers() const { return layers_; }
    std::int32_t kvHeads() const { return kvHeads_; }
    std::int32_t context() const { return context_; }
    std::int32_t headDim() const { return headDim_; }
    std::size_t bytes() const { return elements_ * (type_ == KvType::F32 ? 4 : 2); }

    /// Position 0 of one head's keys or values; positions follow each other
    /// every headDim() elements. Use the accessor that matches type().
    const float* keysF32(std::int32_t layer, std::int32_t head) const { return f32_.get() + offset(layer, 0, head); }
    const float* valuesF32(std::int32_t layer, std::int32_t head) const { return f32_.get() + offset(layer, 1, head); }
    const std::uint16_t* keysF16(std::int32_t layer, std::int32_t head) const { return f16_.get() + offset(layer, 0, head); }
    const std::uint16_t* valuesF16(std::int32_t layer, std::int32_t head) const { return f16_.get() + offset(layer, 1, head); }

private:
    std::size_t offset(std::int32_t layer, int kind, std::int32_t head) const
    {
        return ((static_cast<std::size_t>(layer) * 2 + static_cast<std::size_t>(kind)) * kvHeads_ +
                static_cast<std::size_t>(head)) * headStride_;
    }

    std::int32_t layers_;
    std::int32_t kvHeads_;
    std::int32_t headDim_;
    std::int32_t context_;
    KvType type_;
    std::size_t headStride_;  ///< context * headDim
    std::size_t elements_;
    std::unique_ptr<float[]> f32_;
    std::unique_ptr<std::uint16_t[]> f16_;
};

} // namespace qiusuo::models
