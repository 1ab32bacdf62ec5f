#pragma once
/// @brief Cuts text into the words BPE then merges within: a sequence of
/// regular expressions (PCRE2, UTF + Unicode properties, JIT-compiled when
/// available), each applied to every piece the previous one left.

#include "inference/tokenizer/vocabulary.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::tokenizer {

class PreTokenizer {
public:
    /// The regexes a pre-type uses (empty for PreType::Custom).
    static std::vector<std::string> regexesFor(PreType type);

    /// Compiles `regexes`; throws qiusuo::Error naming a pattern that fails.
    explicit PreTokenizer(const std::vector<std::string>& regexes);
    ~PreTokenizer();
    PreTokenizer(const PreTokenizer&) = delete;
    PreTokenizer& operator=(const PreTokenizer&) = delete;

    /// Appends the pieces of `text` to `out`, in order; they cover `text`
    /// exactly. Each regex splits a piece into its matches and the runs of
    /// text between them, both kept (Hugging Face's "Isolated" split); a
    /// match never looks beyond its piece. Bytes that are not valid UTF-8
    /// become one-byte pieces of their own. Safe to call from several threads.
    void split(std::string_view text, std::vector<std::string_view>& out) const;

private:
    struct Pattern;
    std::vector<std::unique_ptr<Pattern>> patterns_;

    void splitValid(std::string_view text, std::vector<std::string_view>& out) const;
};

} // namespace qiusuo::tokenizer
