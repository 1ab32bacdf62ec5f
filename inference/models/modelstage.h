#pragma once
/// @brief A share of a model's blocks, for models split between engines
/// (partial GPU offload): the CPU runs blocks [0, k), the GPU blocks [k, L)
/// and the output head. A stage takes tokens (when it starts at block 0) or
/// the residual stream the stage before it produced, and gives the residual
/// stream to the next stage or, when it ends the model, logits.

#include "inference/models/model.h"

#include <cstdint>

namespace qiusuo::models {

/// Blocks [first, end) of a model; end < 0 means "to the last block".
struct LayerSpan {
    std::int32_t first = 0;
    std::int32_t end = -1;
};

class ModelStage : public Model {
public:
    /// The blocks this stage runs, end resolved.
    LayerSpan span() const { return span_; }
    bool startsModel() const { return span_.first == 0; }
    bool endsModel() const { return span_.end == info().layerCount; }

    /// Runs n positions at startPos..: `tokens` when the stage starts the
    /// model, else `hidden`, the residual rows [n][embedding] of the stage
    /// before. Writes to `out` the residual rows [n][embedding] after the
    /// stage's last block or, when it ends the model, the logits of every
    /// row (all) or of the last one. Takes any n (chunks internally);
    /// positions from startPos on are overwritten, so that cachedTokens() is
    /// startPos + n after it. Callers check the arguments (evaluate() does).
    virtual void runStage(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos,
                          bool all, float* out) = 0;

    /// `span` with its end resolved against `layerCount`; throws
    /// qiusuo::Error for an empty or out-of-range span.
    static LayerSpan resolve(LayerSpan span, std::int32_t layerCount);

protected:
    /// Sets the span (resolved as above) before anything reads it.
    void setSpan(LayerSpan span, std::int32_t layerCount) { span_ = resolve(span, layerCount); }

    /// evaluate() of a stage holding the whole model.
    std::vector<float> evaluateWhole(std::span<const std::int32_t> tokens, std::int32_t startPos, LogitsFor which);

private:
    LayerSpan span_;
};

} // namespace qiusuo::models
