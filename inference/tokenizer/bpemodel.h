#pragma once
/// @brief The BPE merge step: one pre-tokenized word (raw bytes) to token ids.
///
/// Each byte starts as its GPT-2 byte-level token; then the adjacent pair
/// with the lowest merge rank is merged, leftmost first among equals, until
/// no pair has a rank. Pairs are kept in a heap over a linked list of
/// symbols, so a word of n bytes costs O(n log n). Results are cached per
/// word.

#include "inference/tokenizer/tokentable.h"

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <unordered_map>
#include <vector>

namespace qiusuo::tokenizer {

class BpeModel {
public:
    /// Merge `rank`'s two parts ("Ġ", "t").
    using MergeAt = std::function<std::pair<std::string_view, std::string_view>(std::size_t rank)>;

    /// `tokens` must outlive the model. Merges whose parts or result are not
    /// tokens are skipped, as Hugging Face's BPE never applies them; a pair
    /// listed twice keeps its first rank.
    BpeModel(const TokenTable& tokens, std::size_t mergeCount, const MergeAt& mergeAt, bool ignoreMerges,
             std::int32_t unk);

    /// Appends the ids of `word` (raw bytes) to `out`. Thread-safe.
    void encodeWord(std::string_view word, std::vector<std::int32_t>& out) const;

    /// Number of merges in use (those whose tokens all exist).
    std::size_t mergeCount() const { return merges_.size(); }
    /// The merges in use, lowest rank first, as (left id, right id).
    std::vector<std::pair<std::int32_t, std::int32_t>> mergesInUse() const;

private:
    // The merges in use, in rank order: the rank is the index. An
    // open-addressing table (linear probing, power-of-two size, at most 2/3
    // full) holds index + 1 of each, 0 for an empty slot: 4 bytes a slot and
    // 12 a merge, the hot lookup of the merge loop.
    struct Merge {
        std::int32_t left;
        std::int32_t right;
        std::int32_t result;
    };

    /// The rank of merging (left, right), or -1.
    std::int32_t findMerge(std::int32_t left, std::int32_t right) const
    {
        for (std::size_t i = slotOf(left, right);; i = (i + 1) & mask_) {
            const std::uint32_t s = slots_[i];
            if (s == 0)
                return -1;
            const Merge& m = merges_[s - 1];
            if (m.left == left && m.right == right)
                return static_cast<std::int32_t>(s - 1);
        }
    }
    std::size_t slotOf(std::int32_t left, std::int32_t right) const
    {
        const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) |
                                  static_cast<std::uint32_t>(right);
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    }

    void merge(std::string_view word, std::vector<std::int32_t>& out) const;

    const TokenTable& tokens_;
    std::array<std::int32_t, 256> byteToken_{};
    std::vector<Merge> merges_;
    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
    int shift_ = 64;
    bool ignoreMerges_ = false;
    std::int32_t unk_ = -1;

    // Looked up by string_view, without building a std::string.
    struct WordHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>, WordHash, std::equal_to<>> cache_;
};

} // namespace qiusuo::tokenizer
