#include "inference/models/modelstage.h"

#include "inference/error.h"

#include <string>

namespace qiusuo::models {

LayerSpan ModelStage::resolve(LayerSpan span, std::int32_t layerCount)
{
    if (span.end < 0)
        span.end = layerCount;
    if (span.first < 0 || span.first >= span.end || span.end > layerCount)
        throw Error("cannot run blocks " + std::to_string(span.first) + " to " + std::to_string(span.end) +
                    " of a model with " + std::to_string(layerCount) + " blocks");
    return span;
}

std::vector<float> ModelStage::evaluateWhole(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                             LogitsFor which)
{
    if (!startsModel() || !endsModel())
        throw Error("internal error: blocks " + std::to_string(span_.first) + " to " + std::to_string(span_.end) +
                    " are only a part of the model, evaluated through the model that holds them");
    checkEvaluation(tokens, startPos);
    const auto n = static_cast<std::int32_t>(tokens.size());
    const bool all = which == LogitsFor::All;
    const auto vocab = static_cast<std::size_t>(vocabSize());
    std::vector<float> logits(all ? static_cast<std::size_t>(n) * vocab : vocab);
    runStage(tokens.data(), nullptr, n, startPos, all, logits.data());
    return logits;
}

} // namespace qiusuo::models
