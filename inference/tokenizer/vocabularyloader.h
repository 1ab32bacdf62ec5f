#pragma once
/// @brief Reads a Vocabulary from a GGUF file's tokenizer.ggml.* metadata or
/// from a Hugging Face tokenizer.json (+ tokenizer_config.json).

#include "inference/tokenizer/vocabulary.h"

#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

namespace qiusuo::gguf {
class GgufFile;
class ValueList;
}

namespace qiusuo::tokenizer {

/// A GGUF file's vocabulary, validated, with its two long lists left in the
/// file (they live as long as the GgufFile).
struct GgufVocabulary {
    Vocabulary settings;                      ///< all but `tokens` and `merges` (empty); `types` filled
    const gguf::ValueList* tokens = nullptr;  ///< tokenizer.ggml.tokens: no text is empty
    const gguf::ValueList* merges = nullptr;  ///< tokenizer.ggml.merges: each splits (splitMerge)
};

class VocabularyLoader {
public:
    /// tokenizer.ggml.model must be "gpt2" (byte-level BPE). Throws
    /// qiusuo::Error naming the missing or malformed key.
    static Vocabulary fromGguf(const gguf::GgufFile& file);
    /// The same checks, without copying the tokens and merges out of the file.
    static GgufVocabulary readGguf(const gguf::GgufFile& file);
    /// A GGUF merge "Ġ t" as its two parts, split at the first space after
    /// the first byte; nullopt when there is no such space or nothing after it.
    static std::optional<std::pair<std::string_view, std::string_view>> splitMerge(std::string_view merge);
    /// A tokenizer.json with a BPE model and a byte-level pre-tokenizer.
    /// Throws qiusuo::Error naming what is missing or unsupported.
    static Vocabulary fromHfJson(const std::filesystem::path& tokenizerJson);
};

} // namespace qiusuo::tokenizer
