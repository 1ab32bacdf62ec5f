#pragma once
/// @brief The llama architecture (Llama 2/3, DeepSeek-R1-Distill-Llama): a
/// dense GQA transformer with adjacent-pair RoPE, llama3 frequency factors
/// (rope_freqs.weight) when present, and optional QKV biases.

#include "inference/models/densemodel.h"
#include "inference/models/rope.h"

namespace qiusuo::models {

class LlamaModel final : public DenseModel {
public:
    /// The whole model, or only blocks `span` (a stage of a split model).
    LlamaModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options, LayerSpan span = {});

private:
    void forward(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos, bool all,
                 float* out) override;

    Rope rope_;
};

} // namespace qiusuo::models
