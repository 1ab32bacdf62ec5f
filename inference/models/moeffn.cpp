#include "inference/models/moeffn.h"

#include "inference/models/vectorops.h"

#include <algorithm>

namespace qiusuo::models {

namespace {

/// y = down · (silu(gate·x) ⊙ up·x) for n rows.
void swiglu(const cpu::WeightView& gate, const cpu::WeightView& up, const cpu::WeightView& down,
            const float* x, std::int32_t n, float* y, cpu::Precision precision, cpu::ThreadPool* pool)
{
    const auto hidden = static_cast<std::size_t>(n) * static_cast<std::size_t>(gate.rows);
    std::vector<float> g(hidden);
    std::vector<float> u(hidden);
    cpu::matmul(gate, x, n, g.data(), precision, pool);
    cpu::matmul(up, x, n, u.data(), precision, pool);
    siluMul(g.data(), u.data(), static_cast<std::int64_t>(hidden));
    cpu::matmul(down, g.data(), n, y, precision, pool);
}

} // namespace

void moeForward(const MoeWeights& w, const RouterConfig& router, std::int32_t embedding, const float* x, std::int32_t n, float* out,
                cpu::Precision precision, cpu::ThreadPool* pool)
{
    const auto embd = static_cast<std::size_t>(embedding);
    const auto k = static_cast<std::size_t>(router.used);
    std::vector<float> logits(static_cast<std::size_t>(n) * static_cast<std::size_t>(router.expertCount));
    cpu::matmul(w.router, x, n, logits.data(), precision, pool);

    // Route every token, then list the tokens (and their weights) of each expert.
    std::vector<std::int32_t> experts(static_cast<std::size_t>(n) * k);
    std::vector<float> weights(experts.size());
    std::vector<std::vector<std::pair<std::int32_t, float>>> byExpert(static_cast<std::size_t>(router.expertCount));
    for (std::int32_t t = 0; t < n; ++t) {
        const std::size_t at = static_cast<std::size_t>(t) * k;
        routeToken(router, logits.data() + static_cast<std::size_t>(t) * static_cast<std::size_t>(router.expertCount),
                   w.selectionBias, experts.data() + at, weights.data() + at);
        for (std::size_t i = 0; i < k; ++i)
            byExpert[static_cast<std::size_t>(experts[at + i])].emplace_back(t, weights[at + i]);
    }

    std::fill_n(out, static_cast<std::size_t>(n) * embd, 0.0f);
    std::vector<float> xs;
    std::vector<float> ys;
    for (std::int32_t e = 0; e < router.expertCount; ++e) {
        const auto& tokens = byExpert[static_cast<std::size_t>(e)];
        if (tokens.empty())
            continue;
        const auto m = static_cast<std::int32_t>(tokens.size());
        xs.resize(tokens.size() * embd);
        ys.resize(xs.size());
        for (std::size_t i = 0; i < tokens.size(); ++i)
            std::copy_n(x + static_cast<std::size_t>(tokens[i].first) * embd, embd, xs.data() + i * embd);
        swiglu(w.gate.expert(e), w.up.expert(e), w.down.expert(e), xs.data(), m, ys.data(), precision, pool);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            float* o = out + static_cast<std::size_t>(tokens[i].first) * embd;
            const float* y = ys.data() + i * embd;
            for (std::size_t j = 0; j < embd; ++j)
                o[j] += tokens[i].second * y[j];
        }
    }

    if (w.sharedGate.rows > 0) {
        std::vector<float> shared(static_cast<std::size_t>(n) * embd);
        swiglu(w.sharedGate, w.sharedUp, w.sharedDown, x, n, shared.data(), precision, pool);
        addInPlace(out, shared.data(), static_cast<std::int64_t>(shared.size()));
    }
}

} // namespace qiusuo::models
