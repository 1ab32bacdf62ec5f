#pragma once
/// @brief A rendered prompt kept as pieces: special-token text the template
/// wrote, and ordinary text (the conversation's own words among it).

#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::chat {

/// Tokenize a `special` piece with special-token parsing on, an ordinary one
/// with it off: then a user who types "<｜end▁of▁sentence｜>" gets that text,
/// not the model's end-of-turn token.
struct PromptPiece {
    std::string text;
    bool special = false;

    bool operator==(const PromptPiece&) const = default;
};

/// Appends pieces, merging neighbours of the same kind (BPE must see
/// ordinary text whole, e.g. "User: " + "Hello" as "User: Hello").
class PromptBuilder {
public:
    /// @brief Appends special-token text (ignored when empty).
    void special(std::string_view text);
    /// @brief Appends ordinary text (ignored when empty).
    void text(std::string_view text);

    const std::vector<PromptPiece>& pieces() const { return pieces_; }
    std::vector<PromptPiece> takePieces() { return std::move(pieces_); }
    /// @brief Every piece's text, concatenated.
    std::string joined() const;

private:
    void append(std::string_view text, bool special);

    std::vector<PromptPiece> pieces_;
};

} // namespace qiusuo::chat
