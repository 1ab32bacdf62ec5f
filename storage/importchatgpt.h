#pragma once
/// @brief Reads ChatGPT's data export (`conversations.json`) into
/// ImportedConversations.
///
/// Each conversation's `mapping` is a tree of nodes (id -> {message, parent,
/// children}); edits and regenerations are siblings, exactly like our
/// branches, and `current_node` ends the path ChatGPT showed. Nodes that are
/// not part of the visible chat (the empty root, hidden system messages,
/// reasoning recaps, empty messages) are left out and their children hang on
/// the nearest kept ancestor. The o-series "thoughts" become the reasoning of
/// the answer that follows them. Non-text parts (images, files) become a
/// short placeholder such as "[image]", since the export does not hold them.

#include "storage/importedconversation.h"
#include "storage/importjson.h"

#include <vector>

namespace qiusuo::storage {

/// True when `root` looks like ChatGPT's export: a list of objects with a
/// "mapping" (an empty list counts too).
bool looksLikeChatGptExport(const nlohmann::json& root);

/// Throws ImportProblem naming the conversation at fault.
std::vector<ImportedConversation> readChatGptExport(const nlohmann::json& root);

} // namespace qiusuo::storage
