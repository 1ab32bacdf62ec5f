#pragma once
/// @brief The BPE merge step: one pre-tokenized word (raw bytes) to token ids.
///
/// Each byte starts as its GPT-2 byte-level token; then the adjacent pair
/// with the lowest merge rank is merged, leftmost first among equals, until
/// no pair has a rank. Pairs are kept in a heap over a linked list of
/// symbols, so a word of n bytes costs O(n log n). Results are cached per
/// word.

#include "inference/tokenizer/vocabulary.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qiusuo::tokenizer {

class BpeModel {
public:
    /// `textToId` maps every token's stored text to its id; it must outlive
    /// the model. Merges whose parts or result are not tokens are skipped,
    /// as Hugging Face's BPE never applies them.
    BpeModel(const Vocabulary& vocab, const std::unordered_map<std::string, std::int32_t>& textToId);

    /// Appends the ids of `word` (raw bytes) to `out`. Thread-safe.
    void encodeWord(std::string_view word, std::vector<std::int32_t>& out) const;

    /// Number of merges in use (those whose tokens all exist).
    std::size_t mergeCount() const { return merges_.size(); }

private:
    struct Merge {
        std::int32_t rank;
        std::int32_t result;
    };

    static std::uint64_t pairKey(std::int32_t left, std::int32_t right)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) |
               static_cast<std::uint32_t>(right);
    }

    void merge(std::string_view word, std::vector<std::int32_t>& out) const;

    const std::unordered_map<std::string, std::int32_t>& textToId_;
    std::array<std::int32_t, 256> byteToken_{};
    std::unordered_map<std::uint64_t, Merge> merges_;
    bool ignoreMerges_ = false;
    std::int32_t unk_ = -1;

    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>> cache_;
};

} // namespace qiusuo::tokenizer
