#pragma once
/// @brief A summary of a GGUF model for people: architecture, size,
/// quantization mix, hyper-parameters, tokenizer and chat template, read
/// from the metadata and tensor table only (no tensor data is touched).

#include "inference/gguf/gguffile.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qiusuo::gguf {

struct ModelInfo {
    /// How much of the model one tensor type holds.
    struct TypeUsage {
        GgmlType type = GgmlType::F32;
        std::uint64_t tensors = 0;
        std::uint64_t elements = 0;
        std::uint64_t bytes = 0;
    };

    std::string architecture;              ///< general.architecture
    std::string name;                      ///< general.name
    std::uint32_t ggufVersion = 0;
    std::uint64_t fileSize = 0;
    std::uint64_t parameters = 0;          ///< elements of all tensors
    std::uint64_t tensorBytes = 0;
    std::uint64_t tensorCount = 0;
    std::optional<std::int64_t> fileType;  ///< general.file_type (llama.cpp's llama_ftype)
    std::vector<TypeUsage> types;          ///< most bytes first

    // <arch>.* hyper-parameters, where present.
    std::optional<std::int64_t> contextLength, blockCount, embeddingLength, feedForwardLength;
    std::optional<std::int64_t> headCount, headCountKv, expertCount, expertUsedCount, expertSharedCount;

    std::string tokenizerModel;            ///< tokenizer.ggml.model ("gpt2")
    std::string tokenizerPre;              ///< tokenizer.ggml.pre ("deepseek-r1-qwen")
    std::uint64_t vocabSize = 0;           ///< entries of tokenizer.ggml.tokens
    std::uint64_t mergeCount = 0;
    std::optional<std::int64_t> bosId, eosId;
    std::string bosText, eosText;          ///< their token texts, when in range
    std::string chatTemplate;              ///< tokenizer.chat_template, whole

    /// Empty when the engine can compute with every tensor type, else why not.
    std::string computeProblem;

    static ModelInfo describe(const GgufFile& file);

    /// llama.cpp's name for a general.file_type value ("Q4_K_M"), or
    /// "unknown (N)".
    static std::string fileTypeName(std::int64_t fileType);
};

} // namespace qiusuo::gguf
