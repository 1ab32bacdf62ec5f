#pragma once
/// @brief Imports conversations from a file: Qiusuo's own JSON export
/// (exportjson.h) or ChatGPT's `conversations.json`, recognized by content.
///
/// The whole file is read and checked before anything is written, and
/// everything is written in one transaction: a bad file (not JSON, invalid
/// UTF-8, nested too deeply, too large, the wrong schema, a newer version of
/// our format, a message tree that refers to itself) throws StorageError
/// (InvalidArgument) with a message naming the file and what is wrong, and
/// the database is left exactly as it was.
///
/// A conversation whose uuid is already in the database is skipped (so
/// importing the same file twice adds nothing); every other one is added
/// with its uuid, times, flags, settings and every branch of its messages.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::storage {

class Database;

struct ImportOptions {
    /// Larger files are refused before they are read (parsing needs several
    /// times the file size in memory).
    std::uint64_t maxFileBytes = 512ull << 20;
    /// Deeper JSON nesting is refused (our files need 5 levels; ChatGPT's
    /// about 8; settings objects a few more).
    int maxDepth = 64;
};

struct ImportResult {
    std::string format;                     ///< "Qiusuo" or "ChatGPT"
    int conversationsImported = 0;
    std::int64_t messagesImported = 0;
    std::vector<std::string> skippedTitles; ///< already present (same uuid)
};

/// Imports the file at `path` into `db`. Throws StorageError.
ImportResult importConversations(Database& db, const std::filesystem::path& path, const ImportOptions& options = {});

/// Imports `text` as if it were a file called `sourceName` (used in messages).
ImportResult importConversationsFromText(Database& db, std::string_view text, std::string_view sourceName,
                                         const ImportOptions& options = {});

} // namespace qiusuo::storage
