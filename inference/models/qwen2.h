#pragma once
/// @brief The qwen2 architecture (Qwen2/2.5, DeepSeek-R1-Distill-Qwen):
/// a dense GQA transformer with QKV biases and NeoX (split-halves) RoPE.

#include "inference/models/densemodel.h"
#include "inference/models/rope.h"

namespace qiusuo::models {

class Qwen2Model final : public DenseModel {
public:
    /// The whole model, or only blocks `span` (a stage of a split model).
    Qwen2Model(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options, LayerSpan span = {});

private:
    void forward(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos, bool all,
                 float* out) override;

    Rope rope_;
};

} // namespace qiusuo::models
