#pragma once
/// @brief A model whose blocks run on two engines, one after the other: the
/// front stage (the CPU: embedding and blocks [0, k)) hands its residual
/// stream to the back stage (the GPU: blocks [k, L) and the output head).
/// This is partial offload, for models larger than the GPU's free memory.
///
/// A batch goes through both stages 512 positions at a time (each engine
/// chunks those its own way), so the rows passed between them stay small; a
/// decode step costs one embedding-wide row each way.

#include "inference/models/modelstage.h"

#include <memory>
#include <string>

namespace qiusuo::models {

class SplitModel final : public Model {
public:
    /// `front` must start the model and `back` end it, with back's first
    /// block right after front's last, both over the same model (vocabulary,
    /// width, context). Throws qiusuo::Error otherwise.
    SplitModel(std::unique_ptr<ModelStage> front, std::unique_ptr<ModelStage> back);

    const ModelInfo& info() const override { return info_; }
    std::vector<float> evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                LogitsFor which) override;
    std::int32_t cachedTokens() const override { return cached_; }
    std::size_t kvCacheBytes() const override;

    const ModelStage& front() const { return *front_; }
    const ModelStage& back() const { return *back_; }

private:
    static constexpr std::int32_t kChunk = 512;

    /// Where the back stage writes logits nobody asked for (a chunk before the last).
    float* scratchLogits();

    std::unique_ptr<ModelStage> front_;
    std::unique_ptr<ModelStage> back_;
    ModelInfo info_;
    std::vector<float> hidden_;   ///< the residual rows of one chunk between the stages
    std::vector<float> discard_;  ///< see scratchLogits()
    std::int32_t cached_ = 0;
};

} // namespace qiusuo::models
