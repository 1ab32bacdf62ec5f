// qwen2: pre-norm transformer blocks, each
//   x += Wo · attention(rope(Wq·n(x) + bq), rope(Wk·n(x) + bk), Wv·n(x) + bv)
//   x += Wdown · (silu(Wgate·n(x)) ⊙ Wup·n(x))
// with RMSNorm n(·), grouped-query attention and NeoX RoPE; then logits =
// Wout · n(x).
#include "inference/models/qwen2.h"

#include "inference/models/attention.h"
#include "inference/models/rmsnorm.h"
#include "inference/models/vectorops.h"

#include <cmath>

namespace qiusuo::models {

Qwen2Model::Qwen2Model(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options, LayerSpan span)
    : DenseModel(std::move(file), options, QkvBias::Required, span),
      rope_(hp_.headDim, hp_.ropeDims, hp_.ropeFreqBase, RopeLayout::NeoX, hp_.ropeFreqScale)
{
}

void Qwen2Model::forward(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos,
                         bool all, float* out)
{
    const DenseHParams& h = hp_;
    const std::int64_t embd = h.embeddingLength;
    const AttentionShape shape{h.headCount, h.headCountKv, h.headDim};
    const float kqScale = 1.0f / std::sqrt(static_cast<float>(h.headDim));
    Scratch& s = scratch(n);

    enter(tokens, hidden, n, s.x);
    for (std::int32_t l = span().first; l < span().end; ++l) {
        const DenseLayer& L = layers_[static_cast<std::size_t>(l)];

        // Attention: project, add biases, rotate q and k, cache k and v, attend.
        rmsNorm(s.x, L.attnNorm.data(), s.xb, embd, n, h.rmsEps);
        matmul(L.wq, s.xb, n, s.q);
        matmul(L.wk, s.xb, n, s.k);
        matmul(L.wv, s.xb, n, s.v);
        addBias(s.q, L.bq, n);
        addBias(s.k, L.bk, n);
        addBias(s.v, L.bv, n);
        for (std::int32_t t = 0; t < n; ++t) {
            rope_.apply(s.q + static_cast<std::int64_t>(t) * h.qDim(), h.headCount, startPos + t);
            rope_.apply(s.k + static_cast<std::int64_t>(t) * h.kvDim(), h.headCountKv, startPos + t);
        }
        storeKv(l, s.k, s.v, n, startPos);
        causalAttention(s.q, n, startPos, kv_, kvLayer(l), shape, kqScale, s.q, pool());
        matmul(L.wo, s.q, n, s.xb);
        addInPlace(s.x, s.xb, n * embd);

        // Feed-forward: SwiGLU.
        rmsNorm(s.x, L.ffnNorm.data(), s.xb, embd, n, h.rmsEps);
        swiGlu(L, s.xb, n, s.hb);
        matmul(L.ffnDown, s.hb, n, s.xb);
        addInPlace(s.x, s.xb, n * embd);
    }
    leave(s.x, n, all, out);
}

} // namespace qiusuo::models
