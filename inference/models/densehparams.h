#pragma once
/// @brief Hyper-parameters of a dense GQA transformer (qwen2, llama), read
/// from GGUF metadata under `<arch>.` keys.

#include <cstdint>
#include <string>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::models {

struct DenseHParams {
    std::int32_t vocabSize = 0;       ///< tokenizer.ggml.tokens length (or <arch>.vocab_size)
    std::int32_t embeddingLength = 0; ///< <arch>.embedding_length
    std::int32_t layerCount = 0;      ///< <arch>.block_count
    std::int32_t feedForwardLength = 0;
    std::int32_t headCount = 0;       ///< query heads
    std::int32_t headCountKv = 0;     ///< key/value heads (GQA groups)
    std::int32_t headDim = 0;         ///< <arch>.attention.key_length, else embedding/heads
    std::int32_t ropeDims = 0;        ///< rotated dimensions of each head (<= headDim)
    std::int32_t trainedContext = 0;  ///< <arch>.context_length
    double ropeFreqBase = 10000.0;
    /// Linear RoPE scaling: positions are multiplied by this (1 / scaling factor).
    double ropeFreqScale = 1.0;
    float rmsEps = 1e-5f;

    std::int32_t qDim() const { return headCount * headDim; }
    std::int32_t kvDim() const { return headCountKv * headDim; }

    /// Reads and checks every value; throws qiusuo::Error naming the key at fault.
    static DenseHParams read(const gguf::GgufFile& file, const std::string& architecture);
};

} // namespace qiusuo::models
