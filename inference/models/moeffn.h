#pragma once
/// @brief The feed-forward block of a DeepSeek MoE layer: routed SwiGLU
/// experts plus always-on shared experts.
///
/// out = Σ_{e ∈ route(x)} w_e · down_e(silu(gate_e·x) ⊙ up_e·x) + shared(x).
/// Only the selected experts run: the tokens of a batch are grouped by
/// expert, so each expert multiplies all its tokens in one product.

#include "inference/cpu/matmul.h"
#include "inference/models/moerouter.h"

#include <cstdint>
#include <vector>

namespace qiusuo::cpu {
class ThreadPool;
}

namespace qiusuo::models {

/// A stack of per-expert matrices (GGUF dims [cols, rows, experts]).
struct ExpertStack {
    cpu::WeightView first;          ///< expert 0; the others follow at `stride` bytes
    std::size_t stride = 0;

    cpu::WeightView expert(std::int32_t e) const
    {
        cpu::WeightView w = first;
        w.data = static_cast<const std::uint8_t*>(first.data) + static_cast<std::size_t>(e) * stride;
        return w;
    }
};

struct MoeWeights {
    cpu::WeightView router;         ///< ffn_gate_inp: rows experts, cols embedding
    std::vector<float> selectionBias;  ///< exp_probs_b, empty when absent
    ExpertStack gate, up, down;
    cpu::WeightView sharedGate, sharedUp, sharedDown;  ///< rows 0 when there are no shared experts
};

/// Runs the block on x[0..n) ([n][embedding]) into out ([n][embedding]).
void moeForward(const MoeWeights& w, const RouterConfig& router, std::int32_t embedding, const float* x, std::int32_t n, float* out,
                cpu::Precision precision, cpu::ThreadPool* pool);

} // namespace qiusuo::models
