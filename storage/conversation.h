#pragma once
/// @brief One conversation as stored (table `conversations`).

#include <cstdint>
#include <optional>
#include <string>

namespace qiusuo::storage {

/// Timestamps throughout storage are milliseconds since the Unix epoch, UTC.
struct Conversation {
    std::int64_t id = 0;          ///< row id: stable within one database
    std::string uuid;             ///< stable across export/import; what the CLI shows
    std::string title;
    std::int64_t createdAt = 0;   ///< ms since epoch, UTC
    std::int64_t updatedAt = 0;   ///< bumped by any change to it or its messages
    bool pinned = false;
    bool archived = false;
    std::string model;            ///< model last used ("" = none yet)
    std::string backend;          ///< backend last used, e.g. "local", "deepseek-api"
    std::string systemPrompt;
    std::string settingsJson = "{}"; ///< per-conversation settings, a JSON object/value
    /// The last message of the active path (empty when there are no messages).
    std::optional<std::int64_t> currentLeafId;
};

/// Which conversations list() returns. Order: pinned first, then most
/// recently updated first.
struct ConversationFilter {
    bool includeArchived = false; ///< also list archived ones
    bool archivedOnly = false;    ///< list only archived ones
};

} // namespace qiusuo::storage
