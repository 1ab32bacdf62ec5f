#include "storage/conversationstore.h"

#include "storage/database.h"
#include "storage/messagesearch.h"
#include "storage/storageerror.h"
#include "storage/timestamp.h"
#include "storage/transaction.h"
#include "storage/uuid.h"

#include <algorithm>
#include <cctype>

namespace qiusuo::storage {

namespace {

constexpr const char* kConversationColumns =
    "id, uuid, title, created_at, updated_at, pinned, archived, model, backend, system_prompt, settings, "
    "current_leaf_id";

Conversation readConversation(const Statement& s)
{
    Conversation c;
    c.id = s.int64(0);
    c.uuid = s.text(1);
    c.title = s.text(2);
    c.createdAt = s.int64(3);
    c.updatedAt = s.int64(4);
    c.pinned = s.int64(5) != 0;
    c.archived = s.int64(6) != 0;
    c.model = s.text(7);
    c.backend = s.text(8);
    c.systemPrompt = s.text(9);
    c.settingsJson = s.text(10);
    c.currentLeafId = s.optionalInt64(11);
    return c;
}

StorageError noConversation(std::int64_t id)
{
    return StorageError(StorageError::Kind::NoSuchItem,
                        "There is no conversation with id " + std::to_string(id) + ".");
}

} // namespace

ConversationStore::ConversationStore(Database& db) : db_(db) {}

Conversation ConversationStore::createConversation(std::string_view title)
{
    const std::int64_t now = nowMs();
    Statement s = db_.prepare("INSERT INTO conversations (uuid, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)");
    s.bind(1, newUuid()).bind(2, title).bind(3, now).run();
    return conversation(db_.lastInsertRowId());
}

std::optional<Conversation> ConversationStore::findConversation(std::int64_t id)
{
    Statement s = db_.prepare(std::string("SELECT ") + kConversationColumns + " FROM conversations WHERE id = ?1");
    s.bind(1, id);
    if (!s.step())
        return std::nullopt;
    return readConversation(s);
}

Conversation ConversationStore::conversation(std::int64_t id)
{
    auto c = findConversation(id);
    if (!c)
        throw noConversation(id);
    return *c;
}

Conversation ConversationStore::conversationByUuid(std::string_view uuidOrPrefix)
{
    std::string prefix(uuidOrPrefix);
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (prefix.size() < 4)
        throw StorageError(StorageError::Kind::InvalidArgument,
                           "A conversation id needs at least 4 characters; '" + prefix + "' is too short.");
    // substr() compares literally (a LIKE pattern would treat % and _ as wildcards).
    Statement s = db_.prepare(std::string("SELECT ") + kConversationColumns +
                              " FROM conversations WHERE substr(uuid, 1, length(?1)) = ?1 ORDER BY id LIMIT 2");
    s.bind(1, prefix);
    if (!s.step())
        throw StorageError(StorageError::Kind::NoSuchItem, "There is no conversation whose id starts with '" +
                                                               prefix + "'.");
    Conversation found = readConversation(s);
    if (s.step() && found.uuid != prefix)
        throw StorageError(StorageError::Kind::InvalidArgument,
                           "Several conversations have ids starting with '" + prefix +
                               "'; give more characters.");
    return found;
}

std::vector<Conversation> ConversationStore::listConversations(const ConversationFilter& filter)
{
    std::string sql = std::string("SELECT ") + kConversationColumns + " FROM conversations";
    if (filter.archivedOnly)
        sql += " WHERE archived = 1";
    else if (!filter.includeArchived)
        sql += " WHERE archived = 0";
    sql += " ORDER BY pinned DESC, updated_at DESC, id DESC";
    Statement s = db_.prepare(sql);
    std::vector<Conversation> out;
    while (s.step())
        out.push_back(readConversation(s));
    return out;
}

void ConversationStore::renameConversation(std::int64_t id, std::string_view title)
{
    Statement s = db_.prepare("UPDATE conversations SET title = ?2, updated_at = ?3 WHERE id = ?1");
    s.bind(1, id).bind(2, title).bind(3, nowMs()).run();
    if (db_.changes() == 0)
        throw noConversation(id);
}

void ConversationStore::deleteConversation(std::int64_t id)
{
    // Its messages go with it (ON DELETE CASCADE), and so do their index entries (triggers).
    Transaction tx(db_);
    Statement s = db_.prepare("DELETE FROM conversations WHERE id = ?1");
    s.bind(1, id).run();
    if (db_.changes() == 0)
        throw noConversation(id);
    tx.commit();
}

void ConversationStore::setPinned(std::int64_t id, bool pinned)
{
    // Pinning is not activity: updated_at stays, so unpinning restores the place in the list.
    Statement s = db_.prepare("UPDATE conversations SET pinned = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, pinned).run();
    if (db_.changes() == 0)
        throw noConversation(id);
}

void ConversationStore::setArchived(std::int64_t id, bool archived)
{
    Statement s = db_.prepare("UPDATE conversations SET archived = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, archived).run();
    if (db_.changes() == 0)
        throw noConversation(id);
}

void ConversationStore::setSystemPrompt(std::int64_t id, std::string_view prompt)
{
    Statement s = db_.prepare("UPDATE conversations SET system_prompt = ?2, updated_at = ?3 WHERE id = ?1");
    s.bind(1, id).bind(2, prompt).bind(3, nowMs()).run();
    if (db_.changes() == 0)
        throw noConversation(id);
}

void ConversationStore::setSettingsJson(std::int64_t id, std::string_view json)
{
    Statement check = db_.prepare("SELECT json_valid(?1)");
    check.bind(1, json);
    if (!check.step() || check.int64(0) != 1)
        throw StorageError(StorageError::Kind::InvalidArgument,
                           "The conversation settings are not valid JSON; nothing was saved.");
    Statement s = db_.prepare("UPDATE conversations SET settings = ?2, updated_at = ?3 WHERE id = ?1");
    s.bind(1, id).bind(2, json).bind(3, nowMs()).run();
    if (db_.changes() == 0)
        throw noConversation(id);
}

void ConversationStore::setModelAndBackend(std::int64_t id, std::string_view model, std::string_view backend)
{
    Statement s = db_.prepare("UPDATE conversations SET model = ?2, backend = ?3, updated_at = ?4 WHERE id = ?1");
    s.bind(1, id).bind(2, model).bind(3, backend).bind(4, nowMs()).run();
    if (db_.changes() == 0)
        throw noConversation(id);
}

void ConversationStore::touchConversation(std::int64_t id, std::int64_t now)
{
    Statement& s = db_.cached("UPDATE conversations SET updated_at = max(updated_at, ?2) WHERE id = ?1");
    s.bind(1, id).bind(2, now).run();
}

void ConversationStore::requireConversation(std::int64_t id)
{
    Statement& s = db_.cached("SELECT 1 FROM conversations WHERE id = ?1");
    s.bind(1, id);
    const bool found = s.step();
    s.reset();
    if (!found)
        throw noConversation(id);
}

std::vector<SearchHit> ConversationStore::search(std::string_view query, const SearchOptions& options)
{
    return MessageSearch(db_).search(query, options);
}

} // namespace qiusuo::storage
