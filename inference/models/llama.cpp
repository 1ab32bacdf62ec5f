// llama: pre-norm transformer blocks, each
//   x += Wo · attention(rope(Wq·n(x)), rope(Wk·n(x)), Wv·n(x))
//   x += Wdown · (silu(Wgate·n(x)) ⊙ Wup·n(x))
// with RMSNorm n(·), grouped-query attention and RoPE on adjacent pairs (the
// GGUF converter permutes Wq and Wk for this layout); llama3 models divide
// the RoPE frequencies by rope_freqs.weight. Then logits = Wout · n(x).
#include "inference/models/llama.h"

#include "inference/models/attention.h"
#include "inference/models/rmsnorm.h"
#include "inference/models/tensorloader.h"
#include "inference/models/vectorops.h"

#include <cmath>

namespace qiusuo::models {

namespace {

Rope makeRope(const gguf::GgufFile& file, const DenseHParams& h)
{
    const std::vector<float> factors =
        TensorLoader(file, "llama").optionalVector("rope_freqs.weight", h.ropeDims / 2);
    return Rope(h.headDim, h.ropeDims, h.ropeFreqBase, RopeLayout::Normal, h.ropeFreqScale, factors);
}

} // namespace

LlamaModel::LlamaModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options)
    : DenseModel(std::move(file), options, QkvBias::Optional), rope_(makeRope(this->file(), hp_))
{
}

void LlamaModel::forward(const std::int32_t* tokens, std::int32_t n, std::int32_t startPos, bool all,
                         float* logits)
{
    const DenseHParams& h = hp_;
    const std::int64_t embd = h.embeddingLength;
    const AttentionShape shape{h.headCount, h.headCountKv, h.headDim};
    const float kqScale = 1.0f / std::sqrt(static_cast<float>(h.headDim));
    Scratch& s = scratch(n);

    embed(tokens, n, s.x.data());
    for (std::int32_t l = 0; l < h.layerCount; ++l) {
        const DenseLayer& L = layers_[static_cast<std::size_t>(l)];

        // Attention: project (biases only where the file has them), rotate q
        // and k, cache k and v, attend.
        rmsNorm(s.x.data(), L.attnNorm.data(), s.xb.data(), embd, n, h.rmsEps);
        matmul(L.wq, s.xb.data(), n, s.q.data());
        matmul(L.wk, s.xb.data(), n, s.k.data());
        matmul(L.wv, s.xb.data(), n, s.v.data());
        addBias(s.q.data(), L.bq, n);
        addBias(s.k.data(), L.bk, n);
        addBias(s.v.data(), L.bv, n);
        for (std::int32_t t = 0; t < n; ++t) {
            rope_.apply(s.q.data() + static_cast<std::int64_t>(t) * h.qDim(), h.headCount, startPos + t);
            rope_.apply(s.k.data() + static_cast<std::int64_t>(t) * h.kvDim(), h.headCountKv, startPos + t);
        }
        storeKv(l, s.k.data(), s.v.data(), n, startPos);
        causalAttention(s.q.data(), n, startPos, kv_, l, shape, kqScale, s.att.data(), pool());
        matmul(L.wo, s.att.data(), n, s.xb2.data());
        addInPlace(s.x.data(), s.xb2.data(), n * embd);

        // Feed-forward: SwiGLU.
        rmsNorm(s.x.data(), L.ffnNorm.data(), s.xb.data(), embd, n, h.rmsEps);
        matmul(L.ffnGate, s.xb.data(), n, s.hb.data());
        matmul(L.ffnUp, s.xb.data(), n, s.hb2.data());
        siluMul(s.hb.data(), s.hb2.data(), static_cast<std::int64_t>(n) * h.feedForwardLength);
        matmul(L.ffnDown, s.hb.data(), n, s.xb2.data());
        addInPlace(s.x.data(), s.xb2.data(), n * embd);
    }
    computeLogits(s.x.data(), n, all, logits);
}

} // namespace qiusuo::models
