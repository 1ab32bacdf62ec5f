#pragma once
/// @brief A conversation read from an import file, checked and ready to be
/// written: the common form every importer (ours, ChatGPT's) produces.

#include "storage/message.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qiusuo::storage {

struct ImportedMessage {
    /// Index into ImportedConversation::messages of the parent; always an
    /// earlier entry (so the list is a tree in writing order). Empty: a root.
    std::optional<std::size_t> parent;
    /// Index of the child the active path continues with (one whose parent
    /// is this message), or empty.
    std::optional<std::size_t> activeChild;
    MessageRole role = MessageRole::User;
    MessageStatus status = MessageStatus::Complete;
    std::string content;
    std::string reasoning;
    std::string errorText;
    std::string model;
    MessageStats stats;
    std::int64_t createdAt = 0; ///< ms since epoch, UTC
    std::int64_t updatedAt = 0;
};

struct ImportedConversation {
    std::string uuid; ///< kept when importing, so importing twice is harmless; "" = make one
    std::string title;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    bool pinned = false;
    bool archived = false;
    std::string model;
    std::string backend;
    std::string systemPrompt;
    std::string settingsJson = "{}"; ///< valid JSON text
    std::optional<std::size_t> currentLeaf; ///< index of the active path's last message
    std::vector<ImportedMessage> messages;
};

} // namespace qiusuo::storage
