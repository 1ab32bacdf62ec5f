#pragma once
/// @brief One message as stored (table `messages`): a node of the
/// conversation tree, with its content, reasoning, status and statistics.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::storage {

/// Stored as TEXT ("system", "user", "assistant", "tool").
/// These strings are on disk: never change what one means; only add new ones
/// (with a migration widening the CHECK constraint).
enum class MessageRole { System, User, Assistant, Tool };

/// Stored as TEXT ("streaming", "complete", "stopped", "error", "interrupted").
/// These strings are on disk: never change what one means; only add new ones.
enum class MessageStatus {
    Streaming,   ///< being generated; saved every ~500 ms
    Complete,    ///< finished normally
    Stopped,     ///< the user stopped it; content is what was produced
    Error,       ///< generation failed; see errorText
    Interrupted, ///< was Streaming when the app died (see recoverInterrupted())
};

std::string_view toString(MessageRole role);
std::string_view toString(MessageStatus status);
/// Parse the on-disk text; throws StorageError (Corrupt) on an unknown value.
MessageRole messageRoleFromString(std::string_view text);
MessageStatus messageStatusFromString(std::string_view text);

/// Generation statistics; empty fields are unknown (NULL on disk).
struct MessageStats {
    std::optional<std::int64_t> promptTokens;
    std::optional<std::int64_t> completionTokens;
    std::optional<double> tokensPerSecond;
    std::optional<std::int64_t> timeToFirstTokenMs;
    std::optional<std::int64_t> reasoningDurationMs; ///< time spent thinking
};

struct Message {
    std::int64_t id = 0;
    std::int64_t conversationId = 0;
    std::optional<std::int64_t> parentId;      ///< empty for a root
    /// The child the active path continues with (remembered per node, so
    /// switching back to a branch restores the path below it).
    std::optional<std::int64_t> activeChildId;
    MessageRole role = MessageRole::User;
    std::string content;   ///< bytes as given (normally UTF-8 Markdown)
    std::string reasoning; ///< R1's thinking; "" when none
    MessageStatus status = MessageStatus::Complete;
    std::string errorText; ///< set with status Error
    std::string model;     ///< model that wrote it ("" for user messages)
    MessageStats stats;
    std::int64_t createdAt = 0; ///< ms since epoch, UTC
    std::int64_t updatedAt = 0;
};

/// What appendMessage() needs; the rest is filled in by the store.
struct NewMessage {
    MessageRole role = MessageRole::User;
    std::string content;
    std::string reasoning;
    MessageStatus status = MessageStatus::Complete; ///< Streaming for an answer about to stream
    std::string model;
    MessageStats stats;
    std::string errorText;
};

} // namespace qiusuo::storage
