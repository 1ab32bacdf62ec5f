#include "storage/exportselection.h"

#include "storage/conversationstore.h"

#include <algorithm>
#include <set>

namespace qiusuo::storage {

std::vector<Conversation> conversationsInExportOrder(ConversationStore& store,
                                                     const std::vector<std::int64_t>& conversationIds)
{
    std::vector<Conversation> out;
    std::set<std::int64_t> seen;
    for (const std::int64_t id : conversationIds)
        if (seen.insert(id).second)
            out.push_back(store.conversation(id));
    std::sort(out.begin(), out.end(), [](const Conversation& a, const Conversation& b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.uuid < b.uuid;
    });
    return out;
}

std::vector<std::int64_t> allConversationIds(ConversationStore& store)
{
    std::vector<std::int64_t> ids;
    for (const Conversation& c : store.listConversations({.includeArchived = true, .archivedOnly = false}))
        ids.push_back(c.id);
    return ids;
}

} // namespace qiusuo::storage
