#pragma once
/// @brief Multi-head Latent Attention (DeepSeek-V2/V3) over a latent KV cache.
///
/// Per token, attn_kv_a_mqa gives [c (kvLoraRank) | k_pe (ropeDims)]; the
/// cache keeps only RMSNorm(c) and the rotated k_pe, shared by every head.
/// Head h's key is [k_nope_h | k_pe] with k_nope_h = K_h·c, its value
/// v_h = V_h·c, where K_h (nope × rank) and V_h (valueDim × rank) are the
/// head's slices of attn_kv_b (or attn_k_b / attn_v_b). Two equal forms:
///  - expanded: compute k_nope_h and v_h for every cached position, then
///    attend as usual (cheap for a batch that shares the expansion);
///  - absorbed: q_lat = K_hᵀ·q_nope_h, score = q_lat·c + q_pe·k_pe,
///    o_lat = Σ p·c, out_h = V_h·o_lat (no expansion; used for decode).

#include "inference/cpu/matmul.h"
#include "inference/models/deepseek2hparams.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace qiusuo::cpu {
class ThreadPool;
}

namespace qiusuo::models {

/// Which form of MLA evaluate() uses.
enum class MlaForm {
    Auto,      ///< whichever takes fewer multiply-adds (expanded needs attn_kv_b and a large batch)
    Expanded,  ///< needs attn_kv_b
    Absorbed,
};

/// attn_kv_b, or its split per-head form; exactly one of the two is set.
struct MlaKvB {
    std::optional<cpu::WeightView> kvB;  ///< rows heads·(nope + valueDim), cols rank
    std::vector<cpu::WeightView> kB;     ///< per head: rows rank, cols nope (attn_k_b)
    std::vector<cpu::WeightView> vB;     ///< per head: rows valueDim, cols rank (attn_v_b)
};

class MlaAttention {
public:
    /// The cache is F32 on both paths: it is already small (rank + ropeDims
    /// values a token), and rounding c to F16 would perturb every head's key
    /// and value at once, which on MoE models flips expert choices downstream.
    MlaAttention(const Deepseek2HParams& hp, std::int32_t context, cpu::Precision precision,
                 cpu::ThreadPool* pool);

    /// Stores the latent rows of tokens 0..n ([n][rank + ropeDims], c already
    /// normalised and k_pe rotated) at positions startPos.. of `layer`.
    void store(std::int32_t layer, const float* latent, std::int32_t n, std::int32_t startPos);

    /// q: [n][heads][nope + ropeDims] (q_pe rotated); out: [n][heads · valueDim].
    /// Token t attends to positions 0..startPos+t of `layer`.
    void attend(std::int32_t layer, const MlaKvB& w, const float* q, std::int32_t n, std::int32_t startPos,
                MlaForm form, float* out);

    std::size_t bytes() const { return cache_.size() * sizeof(float); }
    /// Values the cache keeps per token and layer (rank + ropeDims).
    std::int32_t width() const { return width_; }

private:
    const float* row(std::int32_t layer, std::int32_t pos) const;
    void attendExpanded(std::int32_t layer, const cpu::WeightView& kvB, const float* q, std::int32_t n,
                        std::int32_t startPos, float* out);
    void attendAbsorbed(std::int32_t layer, const MlaKvB& w, const float* q, std::int32_t n,
                        std::int32_t startPos, float* out);

    const Deepseek2HParams& hp_;
    std::int32_t context_;
    std::int32_t width_;
    cpu::Precision precision_;
    cpu::ThreadPool* pool_;
    std::vector<float> cache_;    ///< [layer][pos][rank + ropeDims]
    std::vector<float> expanded_; ///< scratch: [positions][heads · (nope + valueDim)]
    std::vector<float> qLatent_;  ///< scratch: [n][heads][rank]
    std::vector<float> oLatent_;  ///< scratch: [n][heads][rank]
    std::vector<float> kRows_;    ///< scratch: K rows of attn_kv_b dequantized, [heads][nope][rank]
};

} // namespace qiusuo::models
