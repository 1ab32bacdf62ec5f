#pragma once
/// @brief What qwen2 and llama share: their weights (one DenseLayer per
/// block), the KV cache, scratch buffers, and evaluate()'s checks and
/// chunking. Each architecture's file writes its own forward() with these.
///
/// A dense model may hold only some of the blocks (a ModelStage of a model
/// split between the CPU and the GPU): then it loads only those blocks'
/// weights and keeps a KV cache for them alone.

#include "inference/cpu/matmul.h"
#include "inference/models/densehparams.h"
#include "inference/models/kvcache.h"
#include "inference/models/modelstage.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}
namespace qiusuo::cpu {
class ThreadPool;
}

namespace qiusuo::models {

class TensorLoader;

/// The weights of one transformer block. Norm weights and biases are F32
/// copies (small); matrices point into the mapped file.
struct DenseLayer {
    std::vector<float> attnNorm;
    cpu::WeightView wq, wk, wv, wo;
    std::vector<float> bq, bk, bv;  ///< empty when the model has no QKV biases
    std::vector<float> ffnNorm;
    cpu::WeightView ffnGate, ffnUp, ffnDown;
};

/// Whether blk.N.attn_{q,k,v}.bias must be present.
enum class QkvBias { Required, Optional };

class DenseModel : public ModelStage {
public:
    ~DenseModel() override;

    const ModelInfo& info() const override { return info_; }
    std::vector<float> evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                LogitsFor which) override;
    std::int32_t cachedTokens() const override { return cached_; }
    std::size_t kvCacheBytes() const override { return kv_.bytes(); }
    void runStage(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos, bool all,
                  float* out) override;

    const DenseHParams& hparams() const { return hp_; }

protected:
    /// Per-chunk activations, each [n][width], in one buffer grown to the
    /// largest chunk seen. The attention block's q, k, v and the FFN's hidden
    /// rows are never live together, so they share their space; attention
    /// writes its output over q, and each sub-block's output goes to xb once
    /// the block has read it. Per token: 2·embedding + max(qDim + 2·kvDim,
    /// feedForward) floats (48 KiB for R1-Distill-Qwen-1.5B).
    struct Scratch {
        float* x = nullptr;   ///< residual stream [n][embedding]
        float* xb = nullptr;  ///< a sub-block's normalised input, then its output [n][embedding]
        float* q = nullptr;   ///< [n][heads · headDim]; the attention output in place
        float* k = nullptr;   ///< [n][kvHeads · headDim]
        float* v = nullptr;   ///< [n][kvHeads · headDim]
        float* hb = nullptr;  ///< FFN hidden silu(gate) ⊙ up [n][feedForward], over q, k, v
    };

    DenseModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options, QkvBias bias,
               LayerSpan span);

    /// Runs n positions at startPos.. (one chunk) through the stage's blocks:
    /// from tokens[0..n) or the residual rows `hidden` (see runStage), into
    /// `out`: logits for every token (all) or the last one, or the residual
    /// rows when the stage does not end the model. `out` may be null (no
    /// logits wanted from this chunk).
    virtual void forward(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos,
                         bool all, float* out) = 0;

    /// Scratch sized for chunks of n tokens.
    Scratch& scratch(std::int32_t n);
    /// x[t] = embedding row of tokens[t], or the stage before's row hidden[t].
    void enter(const std::int32_t* tokens, const float* hidden, std::int32_t n, float* x) const;
    /// After the stage's last block: the final norm and output matrix over
    /// the residual rows x[0..n) (logits for every row when `all`, else the
    /// last), or the rows themselves for the next stage.
    void leave(float* x, std::int32_t n, bool all, float* out);
    /// hb = silu(Wgate · xb) ⊙ (Wup · xb) for n tokens. Several tokens go
    /// through the two matrices a block of rows at a time, so only the
    /// block's gate and up values need room beside hb (each row's dot product
    /// is the same as in one whole product).
    void swiGlu(const DenseLayer& L, const float* xb, std::int32_t n, float* hb);
    /// matmul with this model's precision and thread pool.
    void matmul(const cpu::WeightView& w, const float* x, std::int32_t n, float* y);
    /// Stores k, v rows of tokens 0..n at positions startPos.. of block `layer`.
    void storeKv(std::int32_t layer, const float* k, const float* v, std::int32_t n, std::int32_t startPos);
    /// Block `layer`'s place in kv_ (which holds the stage's blocks only).
    std::int32_t kvLayer(std::int32_t layer) const { return layer - span().first; }

    const gguf::GgufFile& file() const { return *file_; }
    cpu::ThreadPool* pool() { return pool_.get(); }

    DenseHParams hp_;
    std::vector<DenseLayer> layers_;  ///< indexed by block; those outside the span stay empty
    KvCache kv_;

private:
    std::shared_ptr<const gguf::GgufFile> file_;
    ModelInfo info_;
    cpu::Precision precision_;
    std::int32_t batchSize_;
    std::unique_ptr<cpu::ThreadPool> pool_;
    cpu::WeightView tokenEmbd_;
    cpu::WeightView output_;  ///< output.weight, or token_embd.weight when tied
    std::vector<float> outputNorm_;
    std::vector<float> arena_;   ///< the storage behind scratch_
    std::vector<float> gateUp_;  ///< swiGlu's gate and up values of one block of rows
    Scratch scratch_;
    std::int32_t scratchTokens_ = 0;
    std::int32_t cached_ = 0;
};

} // namespace qiusuo::models
