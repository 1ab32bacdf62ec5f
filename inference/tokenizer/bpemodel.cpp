#include "inference/tokenizer/bpemodel.h"

#include "inference/tokenizer/bytelevel.h"

#include <algorithm>

namespace qiusuo::tokenizer {

namespace {

// Words longer than this are rarely repeated (long CJK runs); not cached.
constexpr std::size_t kMaxCachedWordBytes = 64;
// The cache is dropped when it grows past this many words.
constexpr std::size_t kMaxCacheEntries = 1 << 18;

struct Symbol {
    std::int32_t id;    // -1 once merged into its left neighbour
    std::int32_t prev;
    std::int32_t next;
};

struct Candidate {
    std::int32_t rank;
    std::int32_t left;      // symbol index
    std::int32_t leftId;    // ids when queued; a stale entry no longer matches
    std::int32_t rightId;
    std::int32_t result;

    // Min-heap on (rank, left): the lowest rank first, the leftmost among equals.
    bool operator<(const Candidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
};

struct Work {
    std::vector<Symbol> symbols;
    std::vector<Candidate> heap;
    std::string encoded;
};

} // namespace

BpeModel::BpeModel(const Vocabulary& vocab, const std::unordered_map<std::string, std::int32_t>& textToId)
    : textToId_(textToId), ignoreMerges_(vocab.ignoreMerges), unk_(vocab.unk)
{
    for (int b = 0; b < 256; ++b) {
        const auto it = textToId.find(ByteLevel::encode(std::string(1, static_cast<char>(b))));
        byteToken_[b] = it == textToId.end() ? -1 : it->second;
    }
    std::size_t capacity = 16;
    int bits = 4;
    while (capacity < 2 * vocab.merges.size() + 2) {
        capacity *= 2;
        ++bits;
    }
    slots_.assign(capacity, MergeSlot{});
    mask_ = capacity - 1;
    shift_ = 64 - bits;
    std::string joined;
    for (std::size_t rank = 0; rank < vocab.merges.size(); ++rank) {
        const auto& [a, b] = vocab.merges[rank];
        const auto ia = textToId.find(a);
        const auto ib = textToId.find(b);
        joined.assign(a).append(b);
        const auto ir = textToId.find(joined);
        if (ia == textToId.end() || ib == textToId.end() || ir == textToId.end())
            continue;
        // A pair listed twice keeps its first (lowest) rank.
        const std::uint64_t key = pairKey(ia->second, ib->second);
        std::size_t i = slotOf(key);
        while (slots_[i].key != kEmpty && slots_[i].key != key)
            i = (i + 1) & mask_;
        if (slots_[i].key == kEmpty) {
            slots_[i] = {key, static_cast<std::int32_t>(rank), ir->second};
            ++mergeCount_;
        }
    }
}

void BpeModel::encodeWord(std::string_view word, std::vector<std::int32_t>& out) const
{
    if (word.empty())
        return;
    const bool cacheable = word.size() <= kMaxCachedWordBytes;
    if (cacheable) {
        std::lock_guard lock(cacheMutex_);
        if (const auto it = cache_.find(word); it != cache_.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    const std::size_t first = out.size();
    merge(word, out);
    if (cacheable) {
        std::lock_guard lock(cacheMutex_);
        if (cache_.size() >= kMaxCacheEntries)
            cache_.clear();
        cache_.try_emplace(std::string(word), out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    }
}

void BpeModel::merge(std::string_view word, std::vector<std::int32_t>& out) const
{
    thread_local Work w;

    if (ignoreMerges_) {
        w.encoded.clear();
        for (const char c : word)
            ByteLevel::appendEncoded(w.encoded, static_cast<std::uint8_t>(c));
        if (const auto it = textToId_.find(w.encoded); it != textToId_.end()) {
            out.push_back(it->second);
            return;
        }
    }

    const auto n = static_cast<std::int32_t>(word.size());
    w.symbols.clear();
    w.heap.clear();
    for (std::int32_t i = 0; i < n; ++i)
        w.symbols.push_back({byteToken_[static_cast<std::uint8_t>(word[i])], i - 1, i + 1 < n ? i + 1 : -1});

    const auto consider = [&](std::int32_t left, std::int32_t right) {
        if (left < 0 || right < 0)
            return;
        const std::int32_t a = w.symbols[left].id;
        const std::int32_t b = w.symbols[right].id;
        if (a < 0 || b < 0)
            return;
        const MergeSlot* m = findMerge(pairKey(a, b));
        if (!m)
            return;
        w.heap.push_back({m->rank, left, a, b, m->result});
        std::push_heap(w.heap.begin(), w.heap.end());
    };
    for (std::int32_t i = 0; i + 1 < n; ++i)
        consider(i, i + 1);

    while (!w.heap.empty()) {
        std::pop_heap(w.heap.begin(), w.heap.end());
        const Candidate c = w.heap.back();
        w.heap.pop_back();
        Symbol& left = w.symbols[c.left];
        if (left.id != c.leftId || left.next < 0)
            continue;
        Symbol& right = w.symbols[left.next];
        if (right.id != c.rightId)
            continue;
        left.id = c.result;
        right.id = -1;
        left.next = right.next;
        if (right.next >= 0)
            w.symbols[right.next].prev = c.left;
        consider(left.prev, c.left);
        consider(c.left, left.next);
    }

    for (std::int32_t i = 0; i >= 0; i = w.symbols[i].next) {
        const std::int32_t id = w.symbols[i].id;
        if (id >= 0)
            out.push_back(id);
        else if (unk_ >= 0)
            out.push_back(unk_);  // a byte the vocabulary has no token for
    }
}

} // namespace qiusuo::tokenizer
