#pragma once
/// @brief Causal grouped-query attention of a batch of queries over the KV cache.

#include <cstdint>

namespace qiusuo::cpu {
class ThreadPool;
}

namespace qiusuo::models {

class KvCache;

struct AttentionShape {
    std::int32_t headCount = 0;    ///< query heads
    std::int32_t headCountKv = 0;  ///< key/value heads; query head h reads kv head h / (headCount / headCountKv)
    std::int32_t headDim = 0;
};

/// For token t of the batch (at position startPos + t) and query head h:
///   out[t][h] = Σ_{p ≤ startPos+t} softmax_p(q[t][h] · K[p] · scale) V[p]
/// with K, V of `layer` from the cache, which must already hold positions up
/// to startPos + nTokens - 1. q and out are [nTokens][headCount · headDim].
/// out may be q itself: each head's scores are taken from its q before its
/// output is written, and no other item reads that head of that token.
/// Splits (token, head) pairs over `pool` (nullptr: calling thread only).
void causalAttention(const float* q, std::int64_t nTokens, std::int32_t startPos, const KvCache& cache,
                     std::int32_t layer, const AttentionShape& shape, float scale, float* out,
                     cpu::ThreadPool* pool);

} // namespace qiusuo::models
