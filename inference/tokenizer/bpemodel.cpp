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

BpeModel::BpeModel(const TokenTable& tokens, std::size_t mergeCount, const MergeAt& mergeAt, bool ignoreMerges,
                   std::int32_t unk)
    : tokens_(tokens), ignoreMerges_(ignoreMerges), unk_(unk)
{
    for (int b = 0; b < 256; ++b)
        byteToken_[b] = tokens.find(ByteLevel::encode(std::string(1, static_cast<char>(b))));
    std::size_t capacity = 16;
    int bits = 4;
    while (capacity < mergeCount + mergeCount / 2 + 1) {
        capacity *= 2;
        ++bits;
    }
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    shift_ = 64 - bits;
    merges_.reserve(mergeCount);
    std::string joined;
    for (std::size_t rank = 0; rank < mergeCount; ++rank) {
        const auto [a, b] = mergeAt(rank);
        const std::int32_t ia = tokens.find(a);
        const std::int32_t ib = tokens.find(b);
        joined.assign(a).append(b);
        const std::int32_t ir = tokens.find(joined);
        if (ia < 0 || ib < 0 || ir < 0)
            continue;
        std::size_t i = slotOf(ia, ib);
        bool listed = false;
        while (slots_[i] != 0 && !(listed = merges_[slots_[i] - 1].left == ia && merges_[slots_[i] - 1].right == ib))
            i = (i + 1) & mask_;
        if (listed)
            continue;
        merges_.push_back({ia, ib, ir});
        slots_[i] = static_cast<std::uint32_t>(merges_.size());
    }
    merges_.shrink_to_fit();
}

std::vector<std::pair<std::int32_t, std::int32_t>> BpeModel::mergesInUse() const
{
    std::vector<std::pair<std::int32_t, std::int32_t>> out;
    out.reserve(merges_.size());
    for (const Merge& m : merges_)
        out.emplace_back(m.left, m.right);
    return out;
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
        if (const std::int32_t id = tokens_.find(w.encoded); id >= 0) {
            out.push_back(id);
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
        const std::int32_t rank = findMerge(a, b);
        if (rank < 0)
            return;
        w.heap.push_back({rank, left, a, b, merges_[static_cast<std::size_t>(rank)].result});
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
