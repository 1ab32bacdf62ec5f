#include "inference/models/deepseek2hparams.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/metadatareader.h"

#include <cmath>
#include <string>

namespace qiusuo::models {

float Deepseek2HParams::kqScale() const
{
    const double mscale = yarnFactor > 1.0 ? 1.0 + yarnLogMultiplier * std::log(yarnFactor) : 1.0;
    return static_cast<float>(mscale * mscale / std::sqrt(static_cast<double>(keyDim())));
}

Deepseek2HParams Deepseek2HParams::read(const gguf::GgufFile& file)
{
    const MetadataReader m(file, "deepseek2");
    Deepseek2HParams h;
    h.embeddingLength = m.requiredCount("embedding_length");
    h.layerCount = m.requiredCount("block_count");
    h.trainedContext = m.requiredCount("context_length");
    h.headCount = m.requiredCount("attention.head_count");
    // Counts that may be 0 or absent (V2-Lite has no q-LoRA, some files no dense blocks).
    const auto zeroOrCount = [&](const char* key) {
        const std::int64_t v = file.getInt(m.fullKey(key)).value_or(0);
        if (v < 0 || v > 1 << 20)
            throw Error("the model file " + m.fileName() + " is damaged: " + m.fullKey(key) + " is " +
                        std::to_string(v) + ", which is not a usable count");
        return static_cast<std::int32_t>(v);
    };
    h.qLoraRank = zeroOrCount("attention.q_lora_rank");
    h.kvLoraRank = m.requiredCount("attention.kv_lora_rank");
    h.ropeDims = m.requiredCount("rope.dimension_count");
    const std::int32_t keyLength = m.requiredCount("attention.key_length");
    if (keyLength <= h.ropeDims || h.ropeDims % 2 != 0)
        throw Error("the model file " + m.fileName() + " is inconsistent: attention.key_length (" +
                    std::to_string(keyLength) + ") must exceed the even rope.dimension_count (" +
                    std::to_string(h.ropeDims) + ")");
    h.nopeDims = keyLength - h.ropeDims;
    h.valueDim = m.requiredCount("attention.value_length");
    h.feedForwardLength = m.requiredCount("feed_forward_length");
    h.leadingDenseBlocks = zeroOrCount("leading_dense_block_count");
    if (h.leadingDenseBlocks > h.layerCount)
        throw Error("the model file " + m.fileName() + " is damaged: leading_dense_block_count is out of range");
    if (h.leadingDenseBlocks < h.layerCount) {
        h.expertFeedForward = m.requiredCount("expert_feed_forward_length");
        h.expertCount = m.requiredCount("expert_count");
        h.expertUsed = m.requiredCount("expert_used_count");
        h.expertShared = zeroOrCount("expert_shared_count");
        h.expertGroups = m.optionalCount("expert_group_count", 1);
        h.expertGroupsUsed = m.optionalCount("expert_group_used_count", h.expertGroups);
        if (h.expertUsed > h.expertCount || h.expertCount % h.expertGroups != 0 ||
            h.expertGroupsUsed > h.expertGroups ||
            h.expertUsed > h.expertGroupsUsed * (h.expertCount / h.expertGroups))
            throw Error("the model file " + m.fileName() +
                        " is inconsistent: its expert counts and groups do not fit together");
        h.expertWeightsNorm = file.getBool(m.fullKey("expert_weights_norm")).value_or(false);
        h.expertWeightsScale = m.optionalFloat("expert_weights_scale", 1.0);
        // GGUF expert_gating_func: 1 softmax, 2 sigmoid; absent means softmax (V2).
        const std::int64_t gating = file.getInt(m.fullKey("expert_gating_func")).value_or(1);
        if (gating != 1 && gating != 2)
            throw Error("the model file " + m.fileName() + " asks for expert gating function " +
                        std::to_string(gating) + "; Qiusuo knows softmax (1) and sigmoid (2)");
        h.gating = gating == 2 ? ExpertGating::Sigmoid : ExpertGating::Softmax;
    }
    h.ropeFreqBase = m.optionalFloat("rope.freq_base", 10000.0);
    const std::string scaling = m.optionalString("rope.scaling.type").value_or("none");
    if (scaling == "yarn") {
        h.yarnFactor = m.requiredFloat("rope.scaling.factor");
        h.yarnOriginalContext = m.requiredCount("rope.scaling.original_context_length");
        h.yarnLogMultiplier = m.optionalFloat("rope.scaling.yarn_log_multiplier", 0.1);
        if (!(h.yarnFactor >= 1.0))
            throw Error("the model file " + m.fileName() + " has a YaRN scaling factor below 1");
    } else if (scaling != "none") {
        throw Error("the model file " + m.fileName() + " uses RoPE scaling '" + scaling +
                    "'; deepseek2 models run with YaRN or none");
    }
    h.rmsEps = static_cast<float>(m.requiredFloat("attention.layer_norm_rms_epsilon"));
    if (const gguf::Array* tokens = file.getArray("tokenizer.ggml.tokens"); tokens && !tokens->items.empty())
        h.vocabSize = static_cast<std::int32_t>(tokens->items.size());
    else
        h.vocabSize = m.requiredCount("vocab_size");
    return h;
}

} // namespace qiusuo::models
