#pragma once
/// @brief Finds special and user-defined tokens written in text, before
/// the text is pre-tokenized.
///
/// Matches llama.cpp's partitioning: tokens are taken longest text first;
/// each takes its occurrences left to right in the text not yet claimed by a
/// longer one. Candidates are found in one pass with a byte trie, so the cost
/// does not grow with the number of special tokens.

#include "inference/tokenizer/tokentable.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace qiusuo::tokenizer {

class SpecialTokenSplitter {
public:
    /// One piece of the text: a token id, or a run of plain text (`id` -1).
    struct Fragment {
        std::int32_t id;
        std::string_view text;
    };

    /// Recognizes the Control, UserDefined and Unknown tokens of `tokens`.
    explicit SpecialTokenSplitter(const TokenTable& tokens);

    /// Cuts `text` into fragments. User-defined tokens are always recognized;
    /// control and unknown ones only when `parseSpecial`.
    void split(std::string_view text, bool parseSpecial, std::vector<Fragment>& out) const;

private:
    struct Node {
        std::vector<std::pair<unsigned char, std::int32_t>> children;  // byte -> node, sorted
        std::int32_t token = -1;  // index into tokens_ ending here
    };
    struct Special {
        std::int32_t id;
        std::size_t length;
        bool controlOnly;  // recognized only when parseSpecial
        std::int32_t order;  // position in longest-first order
    };

    std::int32_t child(std::int32_t node, unsigned char c) const;

    std::vector<Node> nodes_;
    std::vector<Special> tokens_;
    bool firstByte_[256] = {};
};

} // namespace qiusuo::tokenizer
