#pragma once
/// @brief The deepseek2 architecture (DeepSeek-V2, V2-Lite, V3, R1):
/// Multi-head Latent Attention with a latent KV cache, YaRN RoPE, and
/// mixture-of-experts feed-forward blocks after the leading dense ones.
/// The latent KV cache is F32 on both paths (ModelOptions::kvType does not
/// apply); the fast path differs from the precise one in its 8-bit activations.

#include "inference/models/deepseek2hparams.h"
#include "inference/models/mlaattention.h"
#include "inference/models/model.h"
#include "inference/models/moeffn.h"
#include "inference/models/rope.h"

#include <memory>
#include <optional>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}
namespace qiusuo::cpu {
class ThreadPool;
}

namespace qiusuo::models {

/// One block's weights. Norm weights are F32 copies; matrices point into the file.
struct Deepseek2Layer {
    std::vector<float> attnNorm;
    std::optional<cpu::WeightView> wq;       ///< attn_q, when the file has no q-LoRA
    cpu::WeightView wqA, wqB;                ///< attn_q_a, attn_q_b (q-LoRA)
    std::vector<float> qANorm;
    cpu::WeightView wkvA;                    ///< attn_kv_a_mqa: rows rank + ropeDims
    std::vector<float> kvANorm;
    MlaKvB kvB;
    cpu::WeightView wo;
    std::vector<float> ffnNorm;
    bool moe = false;
    cpu::WeightView ffnGate, ffnUp, ffnDown;  ///< dense layers
    MoeWeights experts;                       ///< MoE layers
};

class Deepseek2Model final : public Model {
public:
    Deepseek2Model(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options);
    ~Deepseek2Model() override;

    const ModelInfo& info() const override { return info_; }
    std::vector<float> evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                LogitsFor which = LogitsFor::Last) override;
    std::int32_t cachedTokens() const override { return cached_; }
    std::size_t kvCacheBytes() const override;

    const Deepseek2HParams& hparams() const { return hp_; }
    /// Picks the MLA form (default Auto); tests compare the forms.
    void setMlaForm(MlaForm form) { mlaForm_ = form; }
    /// Bytes a token takes in the latent cache, and in a cache of full
    /// per-head keys and values (heads · (key_length + value_length)).
    std::size_t kvBytesPerToken() const;
    std::size_t naiveKvBytesPerToken() const;

private:
    void forward(const std::int32_t* tokens, std::int32_t n, std::int32_t startPos, bool all, float* logits);
    void attention(const Deepseek2Layer& L, std::int32_t layer, std::int32_t n, std::int32_t startPos);
    void matmul(const cpu::WeightView& w, const float* x, std::int32_t n, float* y);

    Deepseek2HParams hp_;
    std::shared_ptr<const gguf::GgufFile> file_;
    ModelInfo info_;
    cpu::Precision precision_;
    std::int32_t batchSize_;
    std::unique_ptr<cpu::ThreadPool> pool_;
    std::unique_ptr<MlaAttention> mla_;
    MlaForm mlaForm_ = MlaForm::Auto;
    std::unique_ptr<Rope> rope_;
    RouterConfig router_;
    cpu::WeightView tokenEmbd_, output_;
    std::vector<float> outputNorm_;
    std::vector<Deepseek2Layer> layers_;
    std::int32_t cached_ = 0;
    // Scratch, [n][width] each.
    std::vector<float> x_, xb_, xb2_, q_, qa_, latent_, att_, hb_, hb2_;
};

} // namespace qiusuo::models
