#include "storage/exporttext.h"

#include <cstdio>

namespace qiusuo::storage {

std::string roleTitle(MessageRole role)
{
    switch (role) {
    case MessageRole::System: return "System";
    case MessageRole::User: return "User";
    case MessageRole::Assistant: return "Assistant";
    case MessageRole::Tool: return "Tool";
    }
    return "Message";
}

std::string reasoningLabel(const MessageStats& stats)
{
    if (!stats.reasoningDurationMs)
        return "Reasoning";
    char buf[48];
    std::snprintf(buf, sizeof buf, "Reasoning (%.1f s)", static_cast<double>(*stats.reasoningDurationMs) / 1000.0);
    return buf;
}

std::string statsSummary(const MessageStats& stats)
{
    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : " · ") + part; };
    if (stats.completionTokens)
        add(std::to_string(*stats.completionTokens) + " tokens");
    if (stats.tokensPerSecond) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.1f tokens/s", *stats.tokensPerSecond);
        add(buf);
    }
    if (stats.timeToFirstTokenMs)
        add("first token " + std::to_string(*stats.timeToFirstTokenMs) + " ms");
    return out;
}

std::string statusNote(MessageStatus status)
{
    switch (status) {
    case MessageStatus::Streaming: return "still being written when exported";
    case MessageStatus::Complete: return "complete";
    case MessageStatus::Stopped: return "stopped";
    case MessageStatus::Error: return "failed";
    case MessageStatus::Interrupted: return "interrupted";
    }
    return "";
}

std::string oneLineTitle(const std::string& title)
{
    if (title.empty())
        return "Untitled conversation";
    std::string out = title;
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    return out;
}

bool startsWithNoCase(std::string_view text, std::size_t pos, std::string_view word)
{
    if (pos + word.size() > text.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = text[pos + i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

} // namespace qiusuo::storage
