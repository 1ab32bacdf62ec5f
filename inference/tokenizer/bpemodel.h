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
    std::size_t mergeCount() const { return mergeCount_; }

private:
    // Open-addressing table (linear probing, power-of-two size) from a
    // (left id, right id) pair to its merge: the hot lookup of the merge loop.
    struct MergeSlot {
        std::uint64_t key = kEmpty;
        std::int32_t rank = 0;
        std::int32_t result = 0;
    };
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

    const MergeSlot* findMerge(std::uint64_t key) const
    {
        for (std::size_t i = slotOf(key);; i = (i + 1) & mask_) {
            const MergeSlot& s = slots_[i];
            if (s.key == key)
                return &s;
            if (s.key == kEmpty)
                return nullptr;
        }
    }
    std::size_t slotOf(std::uint64_t key) const
    {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    }

    static std::uint64_t pairKey(std::int32_t left, std::int32_t right)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) |
               static_cast<std::uint32_t>(right);
    }

    void merge(std::string_view word, std::vector<std::int32_t>& out) const;

    const std::unordered_map<std::string, std::int32_t>& textToId_;
    std::array<std::int32_t, 256> byteToken_{};
    std::vector<MergeSlot> slots_;
    std::size_t mask_ = 0;
    int shift_ = 64;
    std::size_t mergeCount_ = 0;
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
