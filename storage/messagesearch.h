#pragma once
/// @brief Full-text search over messages' content and reasoning.
///
/// The query is literal text, never FTS5 syntax: it is split at white space
/// into terms, and a message matches when it contains every term (case-
/// insensitive for ASCII). Terms of three or more characters (Unicode code
/// points, so "深度学习" counts 4) go to the FTS5 trigram index as quoted
/// strings (double quotes doubled), so `"`, `*`, `NEAR(`, `-x`, `a OR` cannot
/// raise a syntax error; results are ranked by bm25 (content weighs more
/// than reasoning), or newest first when more than
/// SearchOptions::bm25MaxMatches messages match. Shorter terms ("求索", "AI") cannot use trigrams: they
/// filter with LIKE (%, _ and \ escaped), and when a query has only short
/// terms the results are ranked by recency.

#include "storage/searchhit.h"

#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::storage {

class Database;

class MessageSearch {
public:
    explicit MessageSearch(Database& db);

    std::vector<SearchHit> search(std::string_view query, const SearchOptions& options = {});

    /// The number of Unicode code points in UTF-8 `text` (invalid bytes count one each).
    static std::size_t codePointCount(std::string_view text);
    /// `term` as an FTS5 string literal: wrapped in double quotes, inner ones doubled.
    static std::string quoteFtsString(std::string_view term);
    /// `term` as a LIKE pattern body with %, _ and \ escaped by backslash.
    static std::string escapeLike(std::string_view term);

private:
    Database& db_;
};

} // namespace qiusuo::storage
