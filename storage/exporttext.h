#pragma once
/// @brief Words shared by the readable export formats (Markdown, HTML):
/// role titles, the reasoning label, statistics and status notes.

#include "storage/message.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace qiusuo::storage {

/// "User", "Assistant", "System", "Tool".
std::string roleTitle(MessageRole role);
/// "Reasoning" or "Reasoning (4.2 s)".
std::string reasoningLabel(const MessageStats& stats);
/// "42 tokens · 18.5 tokens/s · first token 250 ms"; "" when nothing is known.
std::string statsSummary(const MessageStats& stats);
/// "stopped", "interrupted", ... for a message that did not complete.
std::string statusNote(MessageStatus status);
/// The title on one line ("Untitled conversation" when empty).
std::string oneLineTitle(const std::string& title);
/// ASCII case-insensitive match of `word` at `pos` in `text`.
bool startsWithNoCase(std::string_view text, std::size_t pos, std::string_view word);

} // namespace qiusuo::storage
