#include "inference/models/densehparams.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/metadatareader.h"

namespace qiusuo::models {

DenseHParams DenseHParams::read(const gguf::GgufFile& file, const std::string& architecture)
{
    const MetadataReader meta(file, architecture);
    DenseHParams h;
    h.embeddingLength = meta.requiredCount("embedding_length");
    h.layerCount = meta.requiredCount("block_count");
    h.feedForwardLength = meta.requiredCount("feed_forward_length");
    h.headCount = meta.requiredCount("attention.head_count");
    h.headCountKv = meta.optionalCount("attention.head_count_kv", h.headCount);
    h.trainedContext = meta.requiredCount("context_length");
    h.ropeFreqBase = meta.optionalFloat("rope.freq_base", 10000.0);
    h.rmsEps = static_cast<float>(meta.requiredFloat("attention.layer_norm_rms_epsilon"));

    const std::string file_name = meta.fileName();
    if (h.embeddingLength % h.headCount != 0 && !file.find(meta.fullKey("attention.key_length")))
        throw Error("the model file " + file_name + " is inconsistent: " +
                    std::to_string(h.embeddingLength) + " embedding dimensions do not split into " +
                    std::to_string(h.headCount) + " heads");
    h.headDim = meta.optionalCount("attention.key_length", h.embeddingLength / h.headCount);
    const std::int32_t valueLength = meta.optionalCount("attention.value_length", h.headDim);
    if (valueLength != h.headDim)
        throw Error("the model file " + file_name + " has keys of " + std::to_string(h.headDim) +
                    " and values of " + std::to_string(valueLength) +
                    " dimensions; Qiusuo runs " + architecture + " models with equal sizes only");
    if (h.headCount % h.headCountKv != 0)
        throw Error("the model file " + file_name + " is inconsistent: " +
                    std::to_string(h.headCount) + " query heads do not share " +
                    std::to_string(h.headCountKv) + " key/value heads evenly");
    h.ropeDims = meta.optionalCount("rope.dimension_count", h.headDim);
    if (h.ropeDims > h.headDim || h.ropeDims % 2 != 0)
        throw Error("the model file " + file_name + " is inconsistent: it rotates " +
                    std::to_string(h.ropeDims) + " dimensions of heads of " +
                    std::to_string(h.headDim));
    if (h.rmsEps <= 0.0f)
        throw Error("the model file " + file_name + " is damaged: " +
                    meta.fullKey("attention.layer_norm_rms_epsilon") + " is not positive");
    if (h.ropeFreqBase <= 0.0)
        throw Error("the model file " + file_name + " is damaged: " + meta.fullKey("rope.freq_base") +
                    " is not positive");

    // RoPE scaling: none, or linear (positions divided by the factor). Other
    // kinds (yarn, longrope) change the frequencies in ways this model does not apply.
    const std::optional<std::string> scaling = meta.optionalString("rope.scaling.type");
    if (scaling && *scaling == "linear") {
        const double factor = meta.optionalFloat("rope.scaling.factor", 1.0);
        if (factor <= 0.0)
            throw Error("the model file " + file_name + " has a RoPE scaling factor of " +
                        std::to_string(factor) + ", which is not usable");
        h.ropeFreqScale = 1.0 / factor;
    } else if (scaling && *scaling != "none") {
        throw Error("the model file " + file_name + " uses '" + *scaling +
                    "' RoPE scaling, which Qiusuo does not support for " + architecture + " models");
    }

    if (const gguf::Array* tokens = file.getArray("tokenizer.ggml.tokens"); tokens && !tokens->items.empty())
        h.vocabSize = static_cast<std::int32_t>(tokens->items.size());
    else
        h.vocabSize = meta.optionalCount("vocab_size", 0);
    // Without a token list or vocab_size, the embedding matrix says it: [embedding, vocab].
    if (h.vocabSize == 0) {
        const gguf::TensorInfo* embd = file.findTensor("token_embd.weight");
        if (!embd || embd->dims.size() < 2 || embd->dims[1] == 0 || embd->dims[1] > 0x7fffffffu)
            throw Error("the model file " + file_name +
                        " says nothing about its vocabulary (no token list, no vocab_size, no usable "
                        "token_embd.weight)");
        h.vocabSize = static_cast<std::int32_t>(embd->dims[1]);
    }
    return h;
}

} // namespace qiusuo::models
