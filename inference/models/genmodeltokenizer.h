#pragma once
/// @brief The tokenizer of a generated model: a synthetic byte-level BPE
/// vocabulary ("gpt2") of any size from genModelMinimumVocab() up, and a
/// DeepSeek chat template (R1's, V3's or V2's), written as tokenizer.* GGUF
/// metadata.
///
/// Layout: ids 0-255 are the 256 GPT-2 byte tokens (byte b at id b), then the
/// results of a few merges ("Ġt", "he", "Ġthe", ...), then the special tokens
/// BOS <｜begin▁of▁sentence｜>, EOS <｜end▁of▁sentence｜>, <｜User｜>,
/// <｜Assistant｜> and a padding token (control tokens) and <think>, </think>
/// (user-defined, as in the real R1 files), then filler tokens up to the size.

#include <cstdint>
#include <string>

namespace qiusuo::gguf {
class GgufWriter;
}

namespace qiusuo::models {

/// The smallest vocabulary the synthetic tokenizer fits in.
std::int32_t genModelMinimumVocab();

/// Ids of the special tokens in the synthetic vocabulary.
struct GenModelSpecialIds {
    std::int32_t bos = 0;
    std::int32_t eos = 0;
    std::int32_t user = 0;
    std::int32_t assistant = 0;
    std::int32_t pad = 0;
    std::int32_t thinkOpen = 0;
    std::int32_t thinkClose = 0;
};
GenModelSpecialIds genModelSpecialIds();

/// Writes tokenizer.ggml.* (pre-tokenizer `preTokenizer`) and
/// tokenizer.chat_template for `vocabSize` tokens. `chatFormat` is
/// "deepseek-r1" (think block opened for the answer), "deepseek-v3" (the same
/// turn tokens, no think block) or "deepseek-v2" ("User: …\n\nAssistant:").
/// Throws qiusuo::Error when vocabSize is below the minimum or the format is
/// not one of those.
void addGenModelTokenizer(gguf::GgufWriter& writer, const std::string& preTokenizer, const std::string& chatFormat,
                          std::int32_t vocabSize);

} // namespace qiusuo::models
