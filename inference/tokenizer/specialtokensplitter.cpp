#include "inference/tokenizer/specialtokensplitter.h"

#include <algorithm>

namespace qiusuo::tokenizer {

SpecialTokenSplitter::SpecialTokenSplitter(const TokenTable& tokens)
{
    nodes_.emplace_back();
    std::vector<std::int32_t> ids;
    for (std::int32_t id = 0; static_cast<std::size_t>(id) < tokens.size(); ++id) {
        const TokenType t = tokens.type(id);
        if (t == TokenType::Control || t == TokenType::UserDefined || t == TokenType::Unknown)
            ids.push_back(id);
    }
    // Longest text first; among equal lengths, the lower id first.
    std::stable_sort(ids.begin(), ids.end(), [&](std::int32_t a, std::int32_t b) {
        return tokens.text(a).size() > tokens.text(b).size();
    });
    for (std::size_t order = 0; order < ids.size(); ++order) {
        const std::int32_t id = ids[order];
        const std::string_view text = tokens.text(id);
        std::int32_t node = 0;
        for (const char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            std::int32_t next = child(node, c);
            if (next < 0) {
                next = static_cast<std::int32_t>(nodes_.size());
                nodes_.emplace_back();
                auto& kids = nodes_[node].children;
                kids.insert(std::lower_bound(kids.begin(), kids.end(), std::make_pair(c, std::int32_t{-1})),
                            {c, next});
            }
            node = next;
        }
        if (nodes_[node].token >= 0)
            continue;  // two tokens with the same text: the first in order wins
        nodes_[node].token = static_cast<std::int32_t>(tokens_.size());
        tokens_.push_back({id, text.size(), tokens.type(id) != TokenType::UserDefined,
                           static_cast<std::int32_t>(order)});
        firstByte_[static_cast<unsigned char>(text[0])] = true;
    }
}

std::int32_t SpecialTokenSplitter::child(std::int32_t node, unsigned char c) const
{
    const auto& kids = nodes_[node].children;
    const auto it = std::lower_bound(kids.begin(), kids.end(), std::make_pair(c, std::int32_t{-1}));
    return it != kids.end() && it->first == c ? it->second : -1;
}

void SpecialTokenSplitter::split(std::string_view text, bool parseSpecial, std::vector<Fragment>& out) const
{
    struct Occurrence {
        std::int32_t order;
        std::size_t pos;
        std::int32_t token;
    };
    std::vector<Occurrence> found;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        if (!firstByte_[static_cast<unsigned char>(text[pos])])
            continue;
        std::int32_t node = 0;
        for (std::size_t i = pos; i < text.size(); ++i) {
            node = child(node, static_cast<unsigned char>(text[i]));
            if (node < 0)
                break;
            const std::int32_t t = nodes_[node].token;
            if (t >= 0 && (parseSpecial || !tokens_[t].controlOnly))
                found.push_back({tokens_[t].order, pos, t});
        }
    }
    if (found.empty()) {
        if (!text.empty())
            out.push_back({-1, text});
        return;
    }

    // Longest tokens claim first; each token takes its occurrences left to
    // right, skipping any that overlap text already claimed.
    std::sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.order != b.order ? a.order < b.order : a.pos < b.pos;
    });
    std::vector<bool> claimed(text.size(), false);
    std::vector<Occurrence> accepted;
    for (const auto& o : found) {
        const std::size_t len = tokens_[o.token].length;
        bool free = true;
        for (std::size_t i = o.pos; i < o.pos + len && free; ++i)
            free = !claimed[i];
        if (!free)
            continue;
        std::fill(claimed.begin() + static_cast<std::ptrdiff_t>(o.pos),
                  claimed.begin() + static_cast<std::ptrdiff_t>(o.pos + len), true);
        accepted.push_back(o);
    }
    std::sort(accepted.begin(), accepted.end(),
              [](const Occurrence& a, const Occurrence& b) { return a.pos < b.pos; });
    std::size_t cursor = 0;
    for (const auto& o : accepted) {
        if (o.pos > cursor)
            out.push_back({-1, text.substr(cursor, o.pos - cursor)});
        out.push_back({tokens_[o.token].id, text.substr(o.pos, tokens_[o.token].length)});
        cursor = o.pos + tokens_[o.token].length;
    }
    if (cursor < text.size())
        out.push_back({-1, text.substr(cursor)});
}

} // namespace qiusuo::tokenizer
