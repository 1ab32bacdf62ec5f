#include "inference/models/attention.h"

#include "inference/cpu/fp16.h"
#include "inference/cpu/threadpool.h"
#include "inference/models/kvcache.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace qiusuo::models {

namespace {

/// Every F16 value as F32, so reading the F16 cache costs one load per element.
const float* f16Table()
{
    static const std::vector<float> table = [] {
        std::vector<float> t(65536);
        for (std::uint32_t i = 0; i < 65536; ++i)
            t[i] = cpu::f16ToF32(static_cast<std::uint16_t>(i));
        return t;
    }();
    return table.data();
}

inline float load(const float* p, std::int32_t i, const float*) { return p[i]; }
inline float load(const std::uint16_t* p, std::int32_t i, const float* table) { return table[p[i]]; }

/// One query head against positions [0, nPos) of one cached head.
template <typename T>
void attendHead(const float* q, const T* keys, const T* values, std::int32_t nPos, std::int32_t dim,
                float scale, float* scores, float* out, const float* table)
{
    float maxScore = -INFINITY;
    for (std::int32_t p = 0; p < nPos; ++p) {
        const T* k = keys + static_cast<std::int64_t>(p) * dim;
        float dot = 0.0f;
        for (std::int32_t i = 0; i < dim; ++i)
            dot += q[i] * load(k, i, table);
        scores[p] = dot * scale;
        maxScore = std::max(maxScore, scores[p]);
    }
    double sum = 0.0;
    for (std::int32_t p = 0; p < nPos; ++p) {
        scores[p] = std::exp(scores[p] - maxScore);
        sum += scores[p];
    }
    const float inv = static_cast<float>(1.0 / sum);
    std::fill(out, out + dim, 0.0f);
    for (std::int32_t p = 0; p < nPos; ++p) {
        const T* v = values + static_cast<std::int64_t>(p) * dim;
        const float w = scores[p] * inv;
        for (std::int32_t i = 0; i < dim; ++i)
            out[i] += w * load(v, i, table);
    }
}

} // namespace

void causalAttention(const float* q, std::int64_t nTokens, std::int32_t startPos, const KvCache& cache,
                     std::int32_t layer, const AttentionShape& shape, float scale, float* out,
                     cpu::ThreadPool* pool)
{
    const std::int32_t dim = shape.headDim;
    const std::int32_t group = shape.headCount / shape.headCountKv;
    const std::int64_t rowLen = static_cast<std::int64_t>(shape.headCount) * dim;
    const float* table = cache.type() == KvType::F16 ? f16Table() : nullptr;
    const int workers = pool ? pool->size() : 1;
    // One score buffer per worker, as long as the longest row of this batch.
    std::vector<std::vector<float>> scores(static_cast<std::size_t>(workers),
                                           std::vector<float>(static_cast<std::size_t>(startPos + nTokens)));

    auto work = [&](std::int64_t begin, std::int64_t end, int worker) {
        float* s = scores[static_cast<std::size_t>(worker)].data();
        for (std::int64_t item = begin; item < end; ++item) {
            const std::int64_t t = item / shape.headCount;
            const std::int32_t h = static_cast<std::int32_t>(item % shape.headCount);
            const std::int32_t kvh = h / group;
            const std::int32_t nPos = startPos + static_cast<std::int32_t>(t) + 1;
            const float* qh = q + t * rowLen + static_cast<std::int64_t>(h) * dim;
            float* oh = out + t * rowLen + static_cast<std::int64_t>(h) * dim;
            if (cache.type() == KvType::F32)
                attendHead(qh, cache.keysF32(layer, kvh), cache.valuesF32(layer, kvh), nPos, dim, scale, s,
                           oh, table);
            else
                attendHead(qh, cache.keysF16(layer, kvh), cache.valuesF16(layer, kvh), nPos, dim, scale, s,
                           oh, table);
        }
    };
    const std::int64_t items = nTokens * shape.headCount;
    if (pool)
        pool->parallelFor(items, 1, work);
    else
        work(0, items, 0);
}

} // namespace qiusuo::models
