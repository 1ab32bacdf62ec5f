#pragma once
/// @brief Reads a Vocabulary from a GGUF file's tokenizer.ggml.* metadata or
/// from a Hugging Face tokenizer.json (+ tokenizer_config.json).

#include "inference/tokenizer/vocabulary.h"

#include <filesystem>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::tokenizer {

class VocabularyLoader {
public:
    /// tokenizer.ggml.model must be "gpt2" (byte-level BPE). Throws
    /// qiusuo::Error naming the missing or malformed key.
    static Vocabulary fromGguf(const gguf::GgufFile& file);
    /// A tokenizer.json with a BPE model and a byte-level pre-tokenizer.
    /// Throws qiusuo::Error naming what is missing or unsupported.
    static Vocabulary fromHfJson(const std::filesystem::path& tokenizerJson);
};

} // namespace qiusuo::tokenizer
