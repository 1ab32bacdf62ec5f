#pragma once
/// @brief Writes checked ImportedConversations into the database (inside the
/// caller's transaction).

#include "storage/importedconversation.h"

namespace qiusuo::storage {

class Database;

/// True when a conversation with this uuid is already stored.
bool conversationUuidExists(Database& db, const std::string& uuid);

/// Inserts the conversation (with a new uuid when it has none) and its
/// messages, keeping times, flags, settings, statistics and branches.
/// Returns the new conversation's row id. Throws StorageError.
std::int64_t writeImportedConversation(Database& db, const ImportedConversation& conversation);

} // namespace qiusuo::storage
