#pragma once
/// @brief Reads Qiusuo's own export format (exportjson.h), any version this
/// build knows, into ImportedConversations, checking every field.

#include "storage/importedconversation.h"
#include "storage/importjson.h"

#include <vector>

namespace qiusuo::storage {

/// True when `root` claims to be our format ("format": "qiusuo-conversations").
bool looksLikeQiusuoExport(const ImportJson& root);

/// Throws ImportProblem naming the conversation and message at fault.
std::vector<ImportedConversation> readQiusuoExport(const ImportJson& root);

} // namespace qiusuo::storage
