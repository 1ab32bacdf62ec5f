#pragma once
/// @brief Full-text search input and results (see MessageSearch).

#include "storage/message.h"

#include <cstdint>
#include <string>

namespace qiusuo::storage {

struct SearchOptions {
    /// Put around each match in SearchHit::snippet. The defaults are the
    /// control characters STX (\x02) and ETX (\x03), which never occur in
    /// chat text: the GUI escapes the snippet as HTML, then turns them into
    /// <b> and </b>; the CLI uses terminal bold.
    std::string highlightStart = "\x02";
    std::string highlightEnd = "\x03";
    std::string ellipsis = "…";      ///< marks text cut from the snippet
    /// About how many characters (code points) a snippet spans: a third
    /// before the first match, the rest from it on.
    int snippetTokens = 40;
    int limit = 50;
    bool includeArchived = true;
};

struct SearchHit {
    std::int64_t conversationId = 0;
    std::string conversationUuid;
    std::string conversationTitle;
    std::int64_t messageId = 0;
    MessageRole role = MessageRole::User;
    std::string snippet;      ///< text around the match, matches wrapped in the markers
    std::int64_t createdAt = 0; ///< the message's
    double score = 0;         ///< lower is better (bm25 for full-text; recency rank for short queries)
};

} // namespace qiusuo::storage
