#include "storage/messagesearch.h"

#include "storage/database.h"

#include <algorithm>

namespace qiusuo::storage {

namespace {

bool isContinuationByte(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

/// Splits at ASCII white space and U+3000 (the ideographic space of CJK input).
std::vector<std::string> splitTerms(std::string_view query)
{
    std::vector<std::string> terms;
    std::string current;
    for (std::size_t i = 0; i < query.size();) {
        const unsigned char c = static_cast<unsigned char>(query[i]);
        std::size_t spaceLength = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            spaceLength = 1;
        else if (query.substr(i, 3) == "\xe3\x80\x80")
            spaceLength = 3;
        if (spaceLength) {
            if (!current.empty())
                terms.push_back(std::move(current));
            current.clear();
            i += spaceLength;
        } else {
            current += query[i++];
        }
    }
    if (!current.empty())
        terms.push_back(std::move(current));
    return terms;
}

std::string asciiLower(std::string_view text)
{
    std::string out(text);
    for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z')
            ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

/// Moves `pos` back (count < 0) or forward by |count| code points.
std::size_t stepCodePoints(std::string_view text, std::size_t pos, int count)
{
    while (count < 0 && pos > 0) {
        --pos;
        while (pos > 0 && isContinuationByte(static_cast<unsigned char>(text[pos])))
            --pos;
        ++count;
    }
    while (count > 0 && pos < text.size()) {
        ++pos;
        while (pos < text.size() && isContinuationByte(static_cast<unsigned char>(text[pos])))
            ++pos;
        --count;
    }
    return pos;
}

/// The text around the first occurrence of a term, every occurrence of every
/// term inside it wrapped in the markers (what FTS5's snippet() gives the
/// long queries). Empty when no term occurs in `text`.
std::string snippetFor(std::string_view text, const std::vector<std::string>& terms, const SearchOptions& options)
{
    const std::string lower = asciiLower(text);
    std::vector<std::string> needles;
    std::size_t first = std::string::npos;
    for (const auto& t : terms) {
        needles.push_back(asciiLower(t));
        first = std::min(first, lower.find(needles.back()));
    }
    if (first == std::string::npos)
        return {};
    const int context = std::max(options.snippetTokens, 4);
    const std::size_t begin = stepCodePoints(text, first, -context / 3);
    const std::size_t end = stepCodePoints(text, first, context - context / 3);
    std::string out = begin > 0 ? options.ellipsis : std::string();
    std::size_t pos = begin;
    while (pos < end) {
        std::size_t matched = 0;
        for (const auto& n : needles)
            if (lower.compare(pos, n.size(), n) == 0)
                matched = std::max(matched, n.size());
        if (matched) {
            // A match is never cut: it may run past the window's end.
            out += options.highlightStart;
            out.append(text.substr(pos, matched));
            out += options.highlightEnd;
            pos += matched;
        } else {
            out += text[pos++];
        }
    }
    if (pos < text.size())
        out += options.ellipsis;
    return out;
}

/// The first characters of `text`, for a hit the snippet finder cannot place.
std::string leadingText(std::string_view text, const SearchOptions& options)
{
    const std::size_t end = stepCodePoints(text, 0, std::max(options.snippetTokens, 4));
    std::string out(text.substr(0, end));
    if (end < text.size())
        out += options.ellipsis;
    return out;
}

} // namespace

MessageSearch::MessageSearch(Database& db) : db_(db) {}

std::size_t MessageSearch::codePointCount(std::string_view text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return !isContinuationByte(static_cast<unsigned char>(c));
    }));
}

std::string MessageSearch::quoteFtsString(std::string_view term)
{
    std::string out = "\"";
    for (const char c : term) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string MessageSearch::escapeLike(std::string_view term)
{
    std::string out;
    for (const char c : term) {
        if (c == '%' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

std::vector<SearchHit> MessageSearch::search(std::string_view query, const SearchOptions& options)
{
    std::vector<std::string> longTerms;
    std::vector<std::string> shortTerms;
    for (auto& term : splitTerms(query))
        (codePointCount(term) >= 3 ? longTerms : shortTerms).push_back(std::move(term));
    if (longTerms.empty() && shortTerms.empty())
        return {};

    // Short terms cannot use trigrams; each one is a LIKE filter. The
    // parameters after the fixed ones are these patterns, in order.
    std::string likeFilters;
    for (std::size_t i = 0; i < shortTerms.size(); ++i) {
        std::string p = "?";
        p += std::to_string(10 + i);
        likeFilters += " AND (m.content LIKE " + p + " ESCAPE '\\' OR m.reasoning LIKE " + p + " ESCAPE '\\')";
    }
    const std::string archived = options.includeArchived ? "" : " AND c.archived = 0";

    // The inner query ranks and limits on ids alone; only the hits' text is
    // then read (sorting every match with its text would copy whole messages).
    std::string ranked;
    std::string ftsQuery;
    bool byRecency = longTerms.empty();
    if (!longTerms.empty()) {
        for (const auto& t : longTerms) {
            if (!ftsQuery.empty())
                ftsQuery += ' ';
            ftsQuery += quoteFtsString(t);
        }
        // Count the matches, stopping past the bm25 limit: cheap even for a
        // word in every message, unlike scoring them all.
        Statement probe = db_.prepare("SELECT count(*) FROM (SELECT 1 FROM messages_fts"
                                      " WHERE messages_fts MATCH ?1 LIMIT ?2)");
        probe.bind(1, ftsQuery).bind(2, std::max(options.bm25MaxMatches, 0) + 1);
        probe.step();
        byRecency = probe.int64(0) > options.bm25MaxMatches;
        const std::string joins = likeFilters.empty() && archived.empty()
                                      ? std::string(" FROM messages_fts")
                                      : " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
                                        " JOIN conversations c ON c.id = m.conversation_id";
        // bm25 weights: a match in the answer counts twice one in the
        // reasoning. Newest first walks the index backwards and stops at the limit.
        ranked = std::string("SELECT messages_fts.rowid AS id, ") +
                 (byRecency ? "0.0" : "bm25(messages_fts, 1.0, 0.5)") + " AS score" + joins +
                 " WHERE messages_fts MATCH ?1" + likeFilters + archived +
                 (byRecency ? " ORDER BY messages_fts.rowid DESC" : " ORDER BY score") + " LIMIT ?2";
    } else {
        // Newest first by id (ids grow with time): the scan walks back from
        // the newest row and stops at the limit instead of sorting every match.
        ranked = "SELECT m.id AS id, 0.0 AS score FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                 " WHERE 1" + likeFilters + archived + " ORDER BY m.id DESC LIMIT ?2";
    }
    Statement s = db_.prepare("SELECT m.id, m.conversation_id, c.uuid, c.title, m.role, m.created_at, m.content,"
                              " m.reasoning, hits.score FROM (" + ranked + ") AS hits"
                              " JOIN messages m ON m.id = hits.id JOIN conversations c ON c.id = m.conversation_id"
                              " ORDER BY " + std::string(byRecency ? "m.id DESC" : "hits.score"));
    if (!longTerms.empty())
        s.bind(1, ftsQuery);
    s.bind(2, std::max(options.limit, 0));
    for (std::size_t i = 0; i < shortTerms.size(); ++i) {
        std::string pattern = "%";
        pattern += escapeLike(shortTerms[i]);
        pattern += '%';
        s.bind(static_cast<int>(10 + i), pattern);
    }

    // Snippets are cut here rather than by FTS5's snippet(), whose windows
    // count trigrams and can cut a match in half.
    std::vector<std::string> allTerms = longTerms;
    allTerms.insert(allTerms.end(), shortTerms.begin(), shortTerms.end());
    std::vector<SearchHit> hits;
    while (s.step()) {
        SearchHit h;
        h.messageId = s.int64(0);
        h.conversationId = s.int64(1);
        h.conversationUuid = s.text(2);
        h.conversationTitle = s.text(3);
        h.role = messageRoleFromString(s.text(4));
        h.createdAt = s.int64(5);
        const std::string content = s.text(6);
        h.snippet = snippetFor(content, allTerms, options);
        if (h.snippet.empty())
            h.snippet = snippetFor(s.text(7), allTerms, options);
        if (h.snippet.empty()) // matched by Unicode case folding only: show the start
            h.snippet = leadingText(content.empty() ? s.text(7) : content, options);
        h.score = byRecency ? static_cast<double>(hits.size()) : s.real(8);
        hits.push_back(std::move(h));
    }
    return hits;
}

} // namespace qiusuo::storage
