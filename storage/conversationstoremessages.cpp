// ConversationStore, second half: the message tree, streaming updates and
// crash recovery (conversationstore.cpp holds the conversations).
#include "storage/conversationstore.h"

#include "storage/database.h"
#include "storage/storageerror.h"
#include "storage/timestamp.h"
#include "storage/transaction.h"

namespace qiusuo::storage {

namespace {

constexpr const char* kMessageColumns =
    "m.id, m.conversation_id, m.parent_id, m.active_child_id, m.role, m.content, m.reasoning, m.status, "
    "m.error_text, m.model, m.prompt_tokens, m.completion_tokens, m.tokens_per_second, "
    "m.time_to_first_token_ms, m.reasoning_duration_ms, m.created_at, m.updated_at";

Message readMessage(const Statement& s)
{
    Message m;
    m.id = s.int64(0);
    m.conversationId = s.int64(1);
    m.parentId = s.optionalInt64(2);
    m.activeChildId = s.optionalInt64(3);
    m.role = messageRoleFromString(s.text(4));
    m.content = s.text(5);
    m.reasoning = s.text(6);
    m.status = messageStatusFromString(s.text(7));
    m.errorText = s.text(8);
    m.model = s.text(9);
    m.stats.promptTokens = s.optionalInt64(10);
    m.stats.completionTokens = s.optionalInt64(11);
    m.stats.tokensPerSecond = s.optionalReal(12);
    m.stats.timeToFirstTokenMs = s.optionalInt64(13);
    m.stats.reasoningDurationMs = s.optionalInt64(14);
    m.createdAt = s.int64(15);
    m.updatedAt = s.int64(16);
    return m;
}

StorageError noMessage(std::int64_t id)
{
    return StorageError(StorageError::Kind::NoSuchItem, "There is no message with id " + std::to_string(id) + ".");
}

void bindStats(Statement& s, int first, const MessageStats& stats)
{
    s.bind(first, stats.promptTokens)
        .bind(first + 1, stats.completionTokens)
        .bind(first + 2, stats.tokensPerSecond)
        .bind(first + 3, stats.timeToFirstTokenMs)
        .bind(first + 4, stats.reasoningDurationMs);
}

/// Points every ancestor of `id` at the child on the way to `id`, so the
/// active path runs through it. One pass up the tree: O(depth).
void pointAncestorsAt(Database& db, std::int64_t id)
{
    Statement up = db.prepare("WITH RECURSIVE up(child, parent) AS ("
                              "  SELECT id, parent_id FROM messages WHERE id = ?1"
                              "  UNION ALL SELECT m.id, m.parent_id FROM messages m JOIN up ON m.id = up.parent)"
                              " SELECT child, parent FROM up WHERE parent IS NOT NULL");
    up.bind(1, id);
    Statement& set = db.cached("UPDATE messages SET active_child_id = ?2 WHERE id = ?1 AND active_child_id IS NOT ?2");
    while (up.step()) {
        set.reset();
        set.bind(1, up.int64(1)).bind(2, up.int64(0)).run();
    }
}

} // namespace

std::int64_t ConversationStore::appendMessage(std::int64_t conversationId, std::optional<std::int64_t> parentId,
                                              const NewMessage& message)
{
    const std::int64_t now = nowMs();
    Transaction tx(db_);
    Statement& conv = db_.cached("SELECT current_leaf_id FROM conversations WHERE id = ?1");
    conv.bind(1, conversationId);
    if (!conv.step())
        throw StorageError(StorageError::Kind::NoSuchItem,
                           "There is no conversation with id " + std::to_string(conversationId) + ".");
    const std::optional<std::int64_t> leaf = conv.optionalInt64(0);
    conv.reset();
    if (parentId) {
        Statement& parent = db_.cached("SELECT conversation_id FROM messages WHERE id = ?1");
        parent.bind(1, *parentId);
        if (!parent.step())
            throw noMessage(*parentId);
        const bool sameConversation = parent.int64(0) == conversationId;
        parent.reset();
        if (!sameConversation)
            throw StorageError(StorageError::Kind::InvalidArgument,
                               "Message " + std::to_string(*parentId) + " belongs to another conversation.");
    }

    Statement& insert = db_.cached(
        "INSERT INTO messages (conversation_id, parent_id, role, content, reasoning, status, error_text, model, "
        "prompt_tokens, completion_tokens, tokens_per_second, time_to_first_token_ms, reasoning_duration_ms, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)");
    insert.bind(1, conversationId)
        .bind(2, parentId)
        .bind(3, toString(message.role))
        .bind(4, message.content)
        .bind(5, message.reasoning)
        .bind(6, toString(message.status))
        .bind(7, message.errorText)
        .bind(8, message.model);
    bindStats(insert, 9, message.stats);
    insert.bind(14, now).run();
    const std::int64_t id = db_.lastInsertRowId();

    // Appending at the end of the active path (the usual turn) only moves the
    // parent's pointer; anywhere else the whole way up must point here.
    if (parentId && leaf == parentId) {
        Statement& set = db_.cached("UPDATE messages SET active_child_id = ?2 WHERE id = ?1");
        set.bind(1, *parentId).bind(2, id).run();
    } else {
        pointAncestorsAt(db_, id);
    }
    Statement& setLeaf =
        db_.cached("UPDATE conversations SET current_leaf_id = ?2, updated_at = max(updated_at, ?3) WHERE id = ?1");
    setLeaf.bind(1, conversationId).bind(2, id).bind(3, now).run();
    tx.commit();
    return id;
}

std::optional<Message> ConversationStore::findMessage(std::int64_t id)
{
    Statement& s = db_.cached(std::string("SELECT ") + kMessageColumns + " FROM messages m WHERE m.id = ?1");
    s.bind(1, id);
    std::optional<Message> m;
    if (s.step())
        m = readMessage(s);
    s.reset();
    return m;
}

Message ConversationStore::message(std::int64_t id)
{
    auto m = findMessage(id);
    if (!m)
        throw noMessage(id);
    return *m;
}

std::vector<Message> ConversationStore::children(std::int64_t conversationId, std::optional<std::int64_t> parentId)
{
    requireConversation(conversationId);
    Statement s = db_.prepare(std::string("SELECT ") + kMessageColumns +
                              " FROM messages m WHERE m.conversation_id = ?1 AND m.parent_id IS ?2 ORDER BY m.id");
    s.bind(1, conversationId).bind(2, parentId);
    std::vector<Message> out;
    while (s.step())
        out.push_back(readMessage(s));
    return out;
}

std::vector<std::int64_t> ConversationStore::siblingIds(std::int64_t id)
{
    const Message m = message(id);
    Statement s = db_.prepare("SELECT id FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2 ORDER BY id");
    s.bind(1, m.conversationId).bind(2, m.parentId);
    std::vector<std::int64_t> out;
    while (s.step())
        out.push_back(s.int64(0));
    return out;
}

std::int64_t ConversationStore::messageCount(std::int64_t conversationId)
{
    requireConversation(conversationId);
    Statement s = db_.prepare("SELECT count(*) FROM messages WHERE conversation_id = ?1");
    s.bind(1, conversationId);
    s.step();
    return s.int64(0);
}

std::vector<Message> ConversationStore::allMessages(std::int64_t conversationId)
{
    requireConversation(conversationId);
    Statement s = db_.prepare(std::string("SELECT ") + kMessageColumns +
                              " FROM messages m WHERE m.conversation_id = ?1 ORDER BY m.id");
    s.bind(1, conversationId);
    std::vector<Message> out;
    while (s.step())
        out.push_back(readMessage(s));
    return out;
}

std::vector<Message> ConversationStore::activePath(std::int64_t conversationId)
{
    requireConversation(conversationId);
    // Up from the current leaf by parent_id (primary-key lookups), then
    // reversed by depth so the root comes first.
    Statement s = db_.prepare(std::string("WITH RECURSIVE up(id, depth) AS ("
                                          "  SELECT current_leaf_id, 0 FROM conversations"
                                          "   WHERE id = ?1 AND current_leaf_id IS NOT NULL"
                                          "  UNION ALL SELECT m.parent_id, up.depth + 1 FROM messages m"
                                          "   JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL)"
                                          " SELECT ") +
                              kMessageColumns + " FROM up JOIN messages m ON m.id = up.id ORDER BY up.depth DESC");
    s.bind(1, conversationId);
    std::vector<Message> out;
    while (s.step())
        out.push_back(readMessage(s));
    return out;
}

std::int64_t ConversationStore::descendToLeaf(std::int64_t id)
{
    // Follow the remembered choices; a node whose choice was deleted
    // continues with its newest child.
    Statement& next = db_.cached("SELECT coalesce(active_child_id,"
                                 " (SELECT max(c.id) FROM messages c WHERE c.parent_id = m.id))"
                                 " FROM messages m WHERE m.id = ?1");
    for (;;) {
        next.reset();
        next.bind(1, id);
        if (!next.step() || next.isNull(0))
            break;
        id = next.int64(0);
    }
    next.reset();
    return id;
}

std::int64_t ConversationStore::setActive(std::int64_t id)
{
    Transaction tx(db_);
    const Message m = message(id);
    pointAncestorsAt(db_, id);
    const std::int64_t leaf = descendToLeaf(id);
    Statement s = db_.prepare("UPDATE conversations SET current_leaf_id = ?2 WHERE id = ?1");
    s.bind(1, m.conversationId).bind(2, leaf).run();
    tx.commit();
    return leaf;
}

void ConversationStore::deleteMessage(std::int64_t id)
{
    Transaction tx(db_);
    const Message m = message(id);
    // The whole subtree in one statement: parent_id's foreign key is checked
    // at the statement's end, when no orphan is left.
    Statement del = db_.prepare("WITH RECURSIVE sub(id) AS ("
                                "  SELECT ?1 UNION ALL SELECT c.id FROM messages c JOIN sub ON c.parent_id = sub.id)"
                                " DELETE FROM messages WHERE id IN (SELECT id FROM sub)");
    del.bind(1, id).run();

    // ON DELETE SET NULL cleared the pointers into the subtree; mend them.
    Statement leafOf = db_.prepare("SELECT current_leaf_id FROM conversations WHERE id = ?1");
    leafOf.bind(1, m.conversationId);
    leafOf.step();
    if (leafOf.isNull(0)) {
        std::optional<std::int64_t> from = m.parentId;
        if (!from) {
            Statement root = db_.prepare("SELECT max(id) FROM messages WHERE conversation_id = ?1 AND parent_id IS NULL");
            root.bind(1, m.conversationId);
            root.step();
            from = root.optionalInt64(0);
        }
        std::optional<std::int64_t> leaf;
        if (from) {
            leaf = descendToLeaf(*from);
            pointAncestorsAt(db_, *leaf);
        }
        Statement set = db_.prepare("UPDATE conversations SET current_leaf_id = ?2 WHERE id = ?1");
        set.bind(1, m.conversationId).bind(2, leaf).run();
    } else if (m.parentId) {
        // An inactive branch went: its parent remembers the newest remaining child.
        Statement mend = db_.prepare("UPDATE messages SET active_child_id ="
                                     " (SELECT max(c.id) FROM messages c WHERE c.parent_id = ?1)"
                                     " WHERE id = ?1 AND active_child_id IS NULL");
        mend.bind(1, *m.parentId).run();
    }
    touchConversation(m.conversationId, nowMs());
    tx.commit();
}

void ConversationStore::updateStreaming(std::int64_t id, std::string_view content, std::string_view reasoning)
{
    // One statement in autocommit mode is its own transaction.
    Statement& s = db_.cached("UPDATE messages SET content = ?2, reasoning = ?3, updated_at = ?4"
                              " WHERE id = ?1 AND status = 'streaming'");
    s.bind(1, id).bind(2, content).bind(3, reasoning).bind(4, nowMs()).run();
    if (db_.changes() == 0) {
        const Message m = message(id); // throws NoSuchItem
        throw StorageError(StorageError::Kind::InvalidArgument,
                           "Message " + std::to_string(id) + " is not streaming (its status is " +
                               std::string(toString(m.status)) + "); its text was not changed.");
    }
}

void ConversationStore::finishMessage(std::int64_t id, MessageStatus status, std::string_view content,
                                      std::string_view reasoning, const MessageStats& stats,
                                      std::string_view errorText)
{
    if (status == MessageStatus::Streaming)
        throw StorageError(StorageError::Kind::InvalidArgument,
                           "finishMessage needs a final status (complete, stopped, error or interrupted).");
    const std::int64_t now = nowMs();
    Transaction tx(db_);
    Statement& s = db_.cached("UPDATE messages SET status = ?2, content = ?3, reasoning = ?4, error_text = ?5,"
                              " prompt_tokens = ?6, completion_tokens = ?7, tokens_per_second = ?8,"
                              " time_to_first_token_ms = ?9, reasoning_duration_ms = ?10, updated_at = ?11"
                              " WHERE id = ?1 RETURNING conversation_id");
    s.bind(1, id).bind(2, toString(status)).bind(3, content).bind(4, reasoning).bind(5, errorText);
    bindStats(s, 6, stats);
    s.bind(11, now);
    if (!s.step())
        throw noMessage(id);
    const std::int64_t conversationId = s.int64(0);
    s.reset();
    touchConversation(conversationId, now);
    tx.commit();
}

void ConversationStore::setMessageContent(std::int64_t id, std::string_view content, std::string_view reasoning)
{
    const std::int64_t now = nowMs();
    Transaction tx(db_);
    Statement s = db_.prepare("UPDATE messages SET content = ?2, reasoning = ?3, updated_at = ?4"
                              " WHERE id = ?1 RETURNING conversation_id");
    s.bind(1, id).bind(2, content).bind(3, reasoning).bind(4, now);
    if (!s.step())
        throw noMessage(id);
    const std::int64_t conversationId = s.int64(0);
    s.reset();
    touchConversation(conversationId, now);
    tx.commit();
}

int ConversationStore::recoverInterrupted()
{
    Statement s = db_.prepare("UPDATE messages SET status = 'interrupted', updated_at = ?1 WHERE status = 'streaming'");
    s.bind(1, nowMs()).run();
    return db_.changes();
}

} // namespace qiusuo::storage
