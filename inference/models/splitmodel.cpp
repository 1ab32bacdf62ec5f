#include "inference/models/splitmodel.h"

#include "inference/error.h"

#include <algorithm>
#include <string>

namespace qiusuo::models {

SplitModel::SplitModel(std::unique_ptr<ModelStage> front, std::unique_ptr<ModelStage> back)
    : front_(std::move(front)), back_(std::move(back))
{
    if (!front_ || !back_)
        throw Error("internal error: a split model needs two stages");
    const ModelInfo& f = front_->info();
    const ModelInfo& b = back_->info();
    if (!front_->startsModel() || !back_->endsModel() || front_->span().end != back_->span().first ||
        f.vocabSize != b.vocabSize || f.embeddingLength != b.embeddingLength || f.layerCount != b.layerCount)
        throw Error("internal error: blocks " + std::to_string(front_->span().first) + "-" +
                    std::to_string(front_->span().end) + " and " + std::to_string(back_->span().first) + "-" +
                    std::to_string(back_->span().end) + " do not make one model");
    info_ = f;
    info_.context = std::min(f.context, b.context);
    const std::int32_t onBack = b.layerCount - back_->span().first;
    info_.device = f.device + " + " + b.device + ": " + std::to_string(onBack) + " of " +
                   std::to_string(b.layerCount) + " layers on the " + (b.device.starts_with("CUDA") ? "GPU" : "second engine");
}

std::vector<float> SplitModel::evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                        LogitsFor which)
{
    checkEvaluation(tokens, startPos);
    const auto n = static_cast<std::int32_t>(tokens.size());
    const bool all = which == LogitsFor::All;
    const auto vocab = static_cast<std::size_t>(info_.vocabSize);
    std::vector<float> logits(all ? static_cast<std::size_t>(n) * vocab : vocab);
    cached_ = startPos;  // both caches are rewritten from startPos on
    for (std::int32_t done = 0; done < n;) {
        const std::int32_t chunk = std::min(kChunk, n - done);
        const bool last = done + chunk == n;
        hidden_.resize(static_cast<std::size_t>(chunk) * static_cast<std::size_t>(info_.embeddingLength));
        front_->runStage(tokens.data() + done, nullptr, chunk, startPos + done, true, hidden_.data());
        // Without `all`, only the last chunk's last row needs logits; the
        // back stage still has to fill its cache for the others.
        float* out = all ? logits.data() + static_cast<std::size_t>(done) * vocab : logits.data();
        if (all || last)
            back_->runStage(nullptr, hidden_.data(), chunk, startPos + done, all, out);
        else
            back_->runStage(nullptr, hidden_.data(), chunk, startPos + done, false, scratchLogits());
        done += chunk;
        cached_ = startPos + done;
    }
    return logits;
}

float* SplitModel::scratchLogits()
{
    discard_.resize(static_cast<std::size_t>(info_.vocabSize));
    return discard_.data();
}

std::size_t SplitModel::kvCacheBytes() const
{
    return front_->kvCacheBytes() + back_->kvCacheBytes();
}

} // namespace qiusuo::models
