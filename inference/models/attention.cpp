#include "inference/models/attention.h"

#include "inference/cpu/threadpool.h"
#include "inference/models/attentionkernels.h"
#include "inference/models/kvcache.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace qiusuo::models {

namespace {

/// scores[0..nPos) <- softmax(scores), max-subtracted, the sum in double.
void softmaxInPlace(float* scores, std::int32_t nPos)
{
    const float maxScore = *std::max_element(scores, scores + nPos);
    double sum = 0.0;
    for (std::int32_t p = 0; p < nPos; ++p) {
        scores[p] = std::exp(scores[p] - maxScore);
        sum += scores[p];
    }
    const auto inv = static_cast<float>(1.0 / sum);
    for (std::int32_t p = 0; p < nPos; ++p)
        scores[p] *= inv;
}

} // namespace

void causalAttention(const float* q, std::int64_t nTokens, std::int32_t startPos, const KvCache& cache,
                     std::int32_t layer, const AttentionShape& shape, float scale, float* out,
                     cpu::ThreadPool* pool)
{
    const AttentionKernels& k = activeAttentionKernels();
    const std::int32_t dim = shape.headDim;
    const std::int32_t group = shape.headCount / shape.headCountKv;
    const std::int64_t rowLen = static_cast<std::int64_t>(shape.headCount) * dim;
    const bool f16 = cache.type() == KvType::F16;
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
            const std::int32_t nPos = startPos + static_cast<std::int32_t>(t) + 1;  // causal
            const float* qh = q + t * rowLen + static_cast<std::int64_t>(h) * dim;
            float* oh = out + t * rowLen + static_cast<std::int64_t>(h) * dim;
            if (f16)
                k.scoresF16(qh, cache.keysF16(layer, kvh), nPos, dim, dim, scale, s);
            else
                k.scoresF32(qh, cache.keysF32(layer, kvh), nPos, dim, dim, scale, s);
            softmaxInPlace(s, nPos);
            if (f16)
                k.mixF16(s, cache.valuesF16(layer, kvh), nPos, dim, dim, oh);
            else
                k.mixF32(s, cache.valuesF32(layer, kvh), nPos, dim, dim, oh);
        }
    };
    const std::int64_t items = nTokens * shape.headCount;
    if (pool)
        pool->parallelFor(items, 1, work);
    else
        work(0, items, 0);
}

} // namespace qiusuo::models
