#pragma once
/// @brief Which conversations an export holds, in the order every export
/// format writes them.

#include "storage/conversation.h"

#include <cstdint>
#include <vector>

namespace qiusuo::storage {

class ConversationStore;

/// The conversations with these row ids (duplicates once), oldest first
/// (creation time, then uuid): an order that survives export and import,
/// unlike row ids or the list order. Throws StorageError (NoSuchItem) for an
/// unknown id.
std::vector<Conversation> conversationsInExportOrder(ConversationStore& store,
                                                     const std::vector<std::int64_t>& conversationIds);

/// Every conversation in the store, archived ones included (row ids).
std::vector<std::int64_t> allConversationIds(ConversationStore& store);

} // namespace qiusuo::storage
