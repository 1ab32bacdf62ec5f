#pragma once
/// @brief The tokens of a vocabulary: id -> text and type, text -> id.
///
/// The texts are read in place from the GGUF file's tokenizer.ggml.tokens
/// (the table keeps the file alive) or, for vocabularies from elsewhere,
/// copied into one buffer laid out the same way. Text -> id is an
/// open-addressing table of ids (4 bytes a slot, at most 2/3 full) hashed by
/// text, so a 150,000-token vocabulary costs about 1.2 MiB here beyond its
/// texts, instead of a std::string and a hash node per token.

#include "inference/gguf/valuelist.h"
#include "inference/tokenizer/vocabulary.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::tokenizer {

class TokenTable {
public:
    /// Texts read from `texts` (a GGUF string array, validated: no empty
    /// text) as long as the table lives; `owner` keeps their bytes alive.
    TokenTable(const gguf::ValueList& texts, std::shared_ptr<const void> owner, std::vector<TokenType> types);
    /// Texts copied (from a Hugging Face vocabulary, a test, a GGUF file the
    /// caller closes).
    TokenTable(const std::vector<std::string_view>& texts, std::vector<TokenType> types);
    TokenTable(const TokenTable&) = delete;
    TokenTable& operator=(const TokenTable&) = delete;

    std::size_t size() const { return types_.size(); }
    /// For 0 <= id < size().
    std::string_view text(std::int32_t id) const { return texts_->stringAt(static_cast<std::size_t>(id)); }
    TokenType type(std::int32_t id) const { return static_cast<TokenType>(types_[static_cast<std::size_t>(id)]); }
    /// The id of a text; the lowest id when several tokens share it; -1 when none has it.
    std::int32_t find(std::string_view text) const;

private:
    void buildIndex();

    std::shared_ptr<const void> owner_;
    std::string copied_;                          ///< the copied texts, GGUF-encoded
    std::unique_ptr<gguf::ValueList> ownedList_;  ///< the view of copied_
    const gguf::ValueList* texts_ = nullptr;
    std::vector<std::uint8_t> types_;             ///< TokenType values (0..6)
    std::vector<std::int32_t> index_;             ///< slot -> id, -1 empty
    std::size_t mask_ = 0;
};

} // namespace qiusuo::tokenizer
