#pragma once
/// @brief The data of a byte-level BPE vocabulary, as read from a GGUF file
/// or a Hugging Face tokenizer.json: token texts and types, merges by rank,
/// the pre-tokenizer, the special token ids and the BOS rule.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qiusuo::tokenizer {

/// Token types; the values are those of GGUF's tokenizer.ggml.token_type
/// (llama.cpp's llama_token_type) and must never change meaning.
enum class TokenType : std::int32_t {
    Undefined = 0,
    Normal = 1,       ///< text in GPT-2 byte-level form, reached by BPE
    Unknown = 2,
    Control = 3,      ///< e.g. <｜begin▁of▁sentence｜>: split out of text only when asked
    UserDefined = 4,  ///< e.g. <think>: always split out of text, rendered as its text
    Unused = 5,
    Byte = 6,
};

/// How text is cut into words before BPE (tokenizer.ggml.pre).
enum class PreType {
    Gpt2,           ///< "gpt2": the original GPT-2 regex
    Llama3,         ///< "llama-bpe", "llama3": R1-Distill-Llama
    Qwen2,          ///< "qwen2", "deepseek-r1-qwen": R1-Distill-Qwen
    DeepseekLlm,    ///< "deepseek-llm": DeepSeek-V2 / V2-Lite
    DeepseekCoder,  ///< "deepseek-coder"
    DeepseekV3,     ///< "deepseek-v3": DeepSeek-V3 / R1
    Custom,         ///< regexes given explicitly (from a tokenizer.json)
};

/// The pre-type for a tokenizer.ggml.pre name, or nullopt when unsupported.
std::optional<PreType> preTypeFromName(std::string_view name);
/// The canonical name of a pre-type ("qwen2", "llama-bpe", ...).
std::string_view preTypeName(PreType type);
/// Names accepted by preTypeFromName, comma-separated, for error messages.
std::string_view supportedPreTypeNames();

struct Vocabulary {
    std::vector<std::string> tokens;   ///< id -> text (Normal tokens in GPT-2 byte-level form)
    std::vector<TokenType> types;      ///< id -> type; same size as tokens
    /// Merges, rank = index: ("Ġ", "t") merges into "Ġt".
    std::vector<std::pair<std::string, std::string>> merges;

    PreType preType = PreType::Gpt2;
    std::string preName = "gpt2";      ///< as the source spelled it
    /// PreType::Custom only: regexes applied in order, each splitting every
    /// piece left by the previous one into matches and the text between them.
    std::vector<std::string> customRegexes;

    /// llama-bpe: a pre-token that is itself in the vocabulary is emitted
    /// whole, before any merging (Hugging Face's ignore_merges).
    bool ignoreMerges = false;

    std::int32_t bos = -1;   ///< -1 when the vocabulary has none
    std::int32_t eos = -1;
    std::int32_t eot = -1;
    std::int32_t pad = -1;
    std::int32_t unk = -1;
    bool addBos = false;     ///< tokenizer.ggml.add_bos_token
    bool addEos = false;     ///< tokenizer.ggml.add_eos_token

    /// Throws qiusuo::Error naming the first inconsistency (sizes differ, an
    /// id out of range, an empty token text, a Custom pre-type without regexes).
    void validate() const;
    /// The checks of validate() that do not read the lists: the special ids
    /// against `tokenCount` tokens, the BOS rule, the pre-tokenizer.
    void validateSettings(std::size_t tokenCount) const;
};

} // namespace qiusuo::tokenizer
