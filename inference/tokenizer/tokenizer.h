#pragma once
/// @brief Byte-level BPE tokenizer of the DeepSeek models and their distills:
/// special tokens split out of the text, a regex pre-tokenizer, merges by
/// rank; decoding back to UTF-8 bytes.
///
/// Thread-safe: every const method may be called from several threads at once.

#include "inference/tokenizer/vocabulary.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::tokenizer {

class Tokenizer {
public:
    /// From a GGUF file's tokenizer.ggml.* metadata (tokenizer.ggml.model must
    /// be "gpt2"). Throws qiusuo::Error with a message for the user. The
    /// token texts and merges are read in place from the file, which the
    /// tokenizer keeps open: the tables over them take about 4 MiB for
    /// Qwen2's 151,669 tokens and 151,387 merges.
    static std::unique_ptr<Tokenizer> fromGguf(std::shared_ptr<const gguf::GgufFile> file);
    /// The same, copying the token texts (about 2 MiB more), for a file the
    /// caller closes after.
    static std::unique_ptr<Tokenizer> fromGguf(const gguf::GgufFile& file);
    /// From a Hugging Face tokenizer.json (BPE model, byte-level); BOS/EOS and
    /// add_bos_token come from the tokenizer_config.json next to it, if any.
    /// No Unicode normalizer is applied (as llama.cpp does for GGUF files).
    static std::unique_ptr<Tokenizer> fromHfJson(const std::filesystem::path& tokenizerJson);
    /// From vocabulary data (validated first).
    static std::unique_ptr<Tokenizer> fromVocabulary(Vocabulary vocab);

    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    /// Token ids of `text` (any bytes; invalid UTF-8 is encoded byte by byte).
    /// `addBos`: add the special tokens the model's metadata asks for, as
    /// llama.cpp's add_special does: BOS first when add_bos_token is set
    /// (and EOS last when add_eos_token is).
    /// `parseSpecial`: control tokens written in the text (e.g.
    /// "<｜User｜>") become their ids; otherwise they are plain text.
    /// User-defined tokens (e.g. "<think>") are always recognized.
    std::vector<std::int32_t> encode(std::string_view text, bool addBos = false,
                                     bool parseSpecial = false) const;

    /// The bytes the ids stand for, concatenated. Control and unknown tokens
    /// render their text only when `renderSpecial`; unused tokens render
    /// nothing. Throws qiusuo::Error for an id outside the vocabulary.
    std::string decode(std::span<const std::int32_t> ids, bool renderSpecial = false) const;
    /// The bytes of one token (may be an incomplete UTF-8 sequence).
    std::string tokenPiece(std::int32_t id, bool renderSpecial = false) const;

    /// The token's text as stored in the vocabulary (GPT-2 byte-level form
    /// for normal tokens), valid as long as the tokenizer. Throws
    /// qiusuo::Error when out of range.
    std::string_view tokenText(std::int32_t id) const;
    TokenType tokenType(std::int32_t id) const;
    /// The id of a token by its stored text ("<think>", "Ġworld").
    std::optional<std::int32_t> tokenId(std::string_view text) const;

    std::int32_t vocabSize() const;
    std::int32_t bos() const;   ///< -1 when none
    std::int32_t eos() const;   ///< -1 when none
    std::int32_t eot() const;   ///< -1 when none
    std::int32_t pad() const;   ///< -1 when none
    /// Whether encode(..., addBos = true) prepends BOS (the model's add_bos_token).
    bool addsBos() const;
    /// End of generation: EOS, EOT, or a token whose text marks the end of a
    /// turn (<｜end▁of▁sentence｜>, <|im_end|>, <|eot_id|>, <|endoftext|> ...).
    bool isEog(std::int32_t id) const;
    bool isControl(std::int32_t id) const;

    PreType preType() const;
    /// The vocabulary rebuilt from the tokenizer's tables (a copy; its merges
    /// are those in use, in rank order), e.g. to build a variant of it.
    Vocabulary vocabulary() const;

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace qiusuo::tokenizer
