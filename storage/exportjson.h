#pragma once
/// @brief Conversations -> Qiusuo's own JSON export format (full fidelity).
///
/// The file is one JSON object:
/// ```
/// { "format": "qiusuo-conversations", "version": 1,
///   "exported_at": "2026-11-28T15:41:14.123Z",
///   "conversations": [ { "uuid", "title", "created_at", "updated_at",
///       "pinned", "archived", "model", "backend", "system_prompt",
///       "settings" (the stored JSON value), "current_leaf" (message id|null),
///       "messages": [ { "id" (1..n within the conversation), "parent",
///           "active_child" (ids|null), "role", "status", "content",
///           "reasoning", "error", "model", "stats": { "prompt_tokens",
///           "completion_tokens", "tokens_per_second",
///           "time_to_first_token_ms", "reasoning_duration_ms" } (known ones
///           only), "created_at", "updated_at" } ] } ] }
/// ```
/// Every branch is kept (a message's parent always comes before it).
/// Conversations are ordered by creation time, then uuid; messages in the
/// order they were written. `exported_at` is the only value that depends on
/// when or where the file was made: exporting the same data twice gives the
/// same bytes apart from it, and so does export -> import into an empty
/// profile -> export. Text that is not valid UTF-8 is written with U+FFFD in
/// place of the bad bytes (JSON cannot carry them).
///
/// Field names and the meaning of values in a given `version` never change;
/// a new layout gets a new version number (the importer reads older ones).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::storage {

class ConversationStore;

/// The value of "format" in our export files.
inline constexpr std::string_view kExportFormatName = "qiusuo-conversations";
/// The layout version this build writes (and the newest it reads).
inline constexpr int kExportFormatVersion = 1;

/// The conversations with these row ids as one export file (UTF-8, two-space
/// indented, ending in a newline). Throws StorageError (NoSuchItem) for an
/// unknown id.
std::string exportJson(ConversationStore& store, const std::vector<std::int64_t>& conversationIds,
                       std::int64_t exportedAtMs);

} // namespace qiusuo::storage
