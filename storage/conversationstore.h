#pragma once
/// @brief Conversations and their message trees, on one Database.
///
/// A conversation's messages form a tree: editing a message or regenerating
/// an answer adds a sibling (a new child of the same parent; roots are
/// siblings too). Each node remembers its active child, and the conversation
/// remembers the leaf of its active path, so the path from a root to that
/// leaf is what the transcript shows. setActive(id) makes `id` part of the
/// active path and restores the path remembered below it.
///
/// Every write is one transaction. Errors throw StorageError (NoSuchItem for
/// an unknown id, InvalidArgument for bad input). Not thread-safe: use it
/// from the thread that owns the Database.

#include "storage/conversation.h"
#include "storage/message.h"
#include "storage/searchhit.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::storage {

class Database;

class ConversationStore {
public:
    /// `db` must outlive the store.
    explicit ConversationStore(Database& db);

    // --- conversations -----------------------------------------------------
    /// Creates an empty conversation with a new random uuid; returns it.
    Conversation createConversation(std::string_view title = {});
    Conversation conversation(std::int64_t id);
    std::optional<Conversation> findConversation(std::int64_t id);
    /// By full uuid or a unique prefix of it (at least 4 characters).
    /// Throws NoSuchItem when none matches, InvalidArgument when several do.
    Conversation conversationByUuid(std::string_view uuidOrPrefix);
    /// Pinned first, then most recently updated first.
    std::vector<Conversation> listConversations(const ConversationFilter& filter = {});
    void renameConversation(std::int64_t id, std::string_view title);
    /// Deletes it with all its messages.
    void deleteConversation(std::int64_t id);
    void setPinned(std::int64_t id, bool pinned);
    void setArchived(std::int64_t id, bool archived);
    void setSystemPrompt(std::int64_t id, std::string_view prompt);
    /// `json` must be valid JSON (checked with SQLite's json_valid());
    /// otherwise InvalidArgument and nothing changes.
    void setSettingsJson(std::int64_t id, std::string_view json);
    /// Records the model and backend last used (shown in the list, reused
    /// when the conversation is continued).
    void setModelAndBackend(std::int64_t id, std::string_view model, std::string_view backend);

    // --- messages ------------------------------------------------------------
    /// Appends a child of `parentId` (empty: a new root) and makes it the end
    /// of the active path. Returns its id. The parent must belong to the same
    /// conversation.
    std::int64_t appendMessage(std::int64_t conversationId, std::optional<std::int64_t> parentId,
                               const NewMessage& message);
    Message message(std::int64_t id);
    std::optional<Message> findMessage(std::int64_t id);
    /// Children of `parentId` (empty: the roots), oldest first.
    std::vector<Message> children(std::int64_t conversationId, std::optional<std::int64_t> parentId);
    /// `id` and its siblings, oldest first (for "2 / 3" arrows).
    std::vector<std::int64_t> siblingIds(std::int64_t id);
    /// How many messages the conversation holds (all branches).
    std::int64_t messageCount(std::int64_t conversationId);
    /// Every message of the conversation, by id (tree order is by parentId).
    std::vector<Message> allMessages(std::int64_t conversationId);
    /// The messages shown: from the root to the conversation's current leaf.
    std::vector<Message> activePath(std::int64_t conversationId);
    /// Makes `id` part of the active path: its ancestors now point to it and
    /// the path continues below it as last chosen there. Returns the new leaf.
    std::int64_t setActive(std::int64_t id);
    /// Deletes `id` and everything below it; the active path moves to a
    /// remaining sibling (the newest) or to the parent.
    void deleteMessage(std::int64_t id);

    /// Saves a growing answer: one prepared UPDATE in its own transaction,
    /// cheap enough to call every ~500 ms. Status stays Streaming.
    void updateStreaming(std::int64_t id, std::string_view content, std::string_view reasoning);
    /// Ends streaming: final text, status (Complete, Stopped or Error),
    /// statistics and the error text; bumps the conversation's updatedAt.
    void finishMessage(std::int64_t id, MessageStatus status, std::string_view content,
                       std::string_view reasoning, const MessageStats& stats,
                       std::string_view errorText = {});
    /// Replaces the text of a message in place (no new sibling).
    void setMessageContent(std::int64_t id, std::string_view content, std::string_view reasoning);
    /// Call once at startup: messages still Streaming were cut off by a
    /// crash; they become Interrupted. Returns how many.
    int recoverInterrupted();

    // --- search --------------------------------------------------------------
    /// Full-text search over content and reasoning; see MessageSearch.
    std::vector<SearchHit> search(std::string_view query, const SearchOptions& options = {});

private:
    void touchConversation(std::int64_t id, std::int64_t now);
    void requireConversation(std::int64_t id);
    std::int64_t descendToLeaf(std::int64_t id);

    Database& db_;
};

} // namespace qiusuo::storage
