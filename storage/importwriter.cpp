#include "storage/importwriter.h"

#include "storage/database.h"
#include "storage/uuid.h"

#include <vector>

namespace qiusuo::storage {

bool conversationUuidExists(Database& db, const std::string& uuid)
{
    Statement s = db.prepare("SELECT 1 FROM conversations WHERE uuid = ?1");
    s.bind(1, uuid);
    return s.step();
}

std::int64_t writeImportedConversation(Database& db, const ImportedConversation& c)
{
    Statement insertConversation = db.prepare(
        "INSERT INTO conversations (uuid, title, created_at, updated_at, pinned, archived, model, backend, "
        "system_prompt, settings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insertConversation.bind(1, c.uuid.empty() ? newUuid() : c.uuid)
        .bind(2, c.title)
        .bind(3, c.createdAt)
        .bind(4, c.updatedAt)
        .bind(5, c.pinned)
        .bind(6, c.archived)
        .bind(7, c.model)
        .bind(8, c.backend)
        .bind(9, c.systemPrompt)
        .bind(10, c.settingsJson)
        .run();
    const std::int64_t conversationId = db.lastInsertRowId();

    Statement insertMessage = db.prepare(
        "INSERT INTO messages (conversation_id, parent_id, role, content, reasoning, status, error_text, model, "
        "prompt_tokens, completion_tokens, tokens_per_second, time_to_first_token_ms, reasoning_duration_ms, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    std::vector<std::int64_t> rowIds;
    rowIds.reserve(c.messages.size());
    for (const ImportedMessage& m : c.messages) {
        insertMessage.reset();
        insertMessage.bind(1, conversationId);
        if (m.parent)
            insertMessage.bind(2, rowIds.at(*m.parent));
        else
            insertMessage.bindNull(2);
        insertMessage.bind(3, toString(m.role))
            .bind(4, m.content)
            .bind(5, m.reasoning)
            .bind(6, toString(m.status))
            .bind(7, m.errorText)
            .bind(8, m.model)
            .bind(9, m.stats.promptTokens)
            .bind(10, m.stats.completionTokens)
            .bind(11, m.stats.tokensPerSecond)
            .bind(12, m.stats.timeToFirstTokenMs)
            .bind(13, m.stats.reasoningDurationMs)
            .bind(14, m.createdAt)
            .bind(15, m.updatedAt)
            .run();
        rowIds.push_back(db.lastInsertRowId());
    }
    // Links to later rows need those rows: set them once all exist.
    Statement setActive = db.prepare("UPDATE messages SET active_child_id = ?2 WHERE id = ?1");
    for (std::size_t i = 0; i < c.messages.size(); ++i) {
        if (!c.messages[i].activeChild)
            continue;
        setActive.reset();
        setActive.bind(1, rowIds[i]).bind(2, rowIds.at(*c.messages[i].activeChild)).run();
    }
    if (c.currentLeaf) {
        Statement setLeaf = db.prepare("UPDATE conversations SET current_leaf_id = ?2 WHERE id = ?1");
        setLeaf.bind(1, conversationId).bind(2, rowIds.at(*c.currentLeaf)).run();
    }
    return conversationId;
}

} // namespace qiusuo::storage
