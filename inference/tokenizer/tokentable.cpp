#include "inference/tokenizer/tokentable.h"

#include "inference/gguf/gguffile.h"

#include <functional>

namespace qiusuo::tokenizer {

namespace {

std::size_t hashOf(std::string_view text) { return std::hash<std::string_view>{}(text); }

void appendLittleEndian64(std::string& out, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

std::vector<std::uint8_t> narrow(const std::vector<TokenType>& types)
{
    std::vector<std::uint8_t> out(types.size());
    for (std::size_t i = 0; i < types.size(); ++i)
        out[i] = static_cast<std::uint8_t>(types[i]);
    return out;
}

} // namespace

TokenTable::TokenTable(const gguf::ValueList& texts, std::shared_ptr<const void> owner, std::vector<TokenType> types)
    : owner_(std::move(owner)), texts_(&texts), types_(narrow(types))
{
    buildIndex();
}

TokenTable::TokenTable(const std::vector<std::string_view>& texts, std::vector<TokenType> types)
    : types_(narrow(types))
{
    // The same layout as a GGUF string array (8-byte little-endian length,
    // then the bytes), so that one ValueList reads both.
    std::size_t bytes = 0;
    for (const std::string_view t : texts)
        bytes += 8 + t.size();
    copied_.reserve(bytes);
    std::vector<std::uint64_t> offsets;
    offsets.reserve(texts.size() / gguf::ValueList::kStringStride + 1);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i % gguf::ValueList::kStringStride == 0)
            offsets.push_back(copied_.size());
        appendLittleEndian64(copied_, texts[i].size());
        copied_.append(texts[i]);
    }
    ownedList_ = std::make_unique<gguf::ValueList>(gguf::ValueList::view(
        gguf::ValueType::String, reinterpret_cast<const std::uint8_t*>(copied_.data()), texts.size(),
        std::move(offsets)));
    texts_ = ownedList_.get();
    buildIndex();
}

void TokenTable::buildIndex()
{
    std::size_t capacity = 16;
    while (capacity < size() + size() / 2)
        capacity *= 2;
    index_.assign(capacity, -1);
    mask_ = capacity - 1;
    for (std::size_t id = 0; id < size(); ++id) {
        const std::string_view t = text(static_cast<std::int32_t>(id));
        std::size_t slot = hashOf(t) & mask_;
        bool taken = false;  // by a lower id with the same text, which keeps it
        while (index_[slot] >= 0 && !(taken = text(index_[slot]) == t))
            slot = (slot + 1) & mask_;
        if (!taken)
            index_[slot] = static_cast<std::int32_t>(id);
    }
}

std::int32_t TokenTable::find(std::string_view t) const
{
    for (std::size_t slot = hashOf(t) & mask_;; slot = (slot + 1) & mask_) {
        const std::int32_t id = index_[slot];
        if (id < 0 || text(id) == t)
            return id;
    }
}

} // namespace qiusuo::tokenizer
