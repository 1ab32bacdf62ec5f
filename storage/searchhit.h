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
    /// Full-text queries matching more messages than this list the newest
    /// first instead of by bm25: ranking must score every match (tens of ms
    /// for a word in most of 100,000 messages), and for so common a query
    /// the newest hits are the useful ones.
    int bm25MaxMatches = 2000;
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
    double score = 0;         ///< lower is better: bm25, or the place in newest-first order
                              ///< (short-term-only and very common queries)
};

} // namespace qiusuo::storage
