#include "storage/importqiusuo.h"

#include "storage/exportjson.h"
#include "storage/exporttime.h"
#include "storage/storageerror.h"

#include <unordered_map>

namespace qiusuo::storage {

namespace {

std::int64_t requireTime(const ImportJson& object, const char* key, const std::string& where)
{
    const std::string text = requireString(object, key, where);
    const auto ms = parseUtcTimestamp(text);
    if (!ms)
        throw ImportProblem{where + ": \"" + key + "\" is \"" + text
                            + "\", not a UTC time like 2026-11-28T15:41:14.123Z."};
    return *ms;
}

template <typename Enum, typename Parse>
Enum requireEnum(const ImportJson& object, const char* key, const std::string& where, const char* allowed,
                 Parse parse)
{
    const std::string text = requireString(object, key, where);
    try {
        return parse(text);
    } catch (const StorageError&) {
        throw ImportProblem{where + ": \"" + key + "\" is \"" + text + "\", not one of " + allowed + "."};
    }
}

std::optional<std::int64_t> nonNegative(const ImportJson& object, const char* key, const std::string& where)
{
    const auto v = optionalInteger(object, key, where);
    if (v && *v < 0)
        throw ImportProblem{where + ": \"" + key + "\" is negative."};
    return v;
}

MessageStats readStats(const ImportJson& message, const std::string& where)
{
    MessageStats stats;
    const ImportJson* s = findField(message, "stats");
    if (!s)
        return stats;
    if (!s->is_object())
        throw ImportProblem{where + ": \"stats\" should be an object."};
    const std::string w = where + ", stats";
    stats.promptTokens = nonNegative(*s, "prompt_tokens", w);
    stats.completionTokens = nonNegative(*s, "completion_tokens", w);
    stats.tokensPerSecond = optionalNumber(*s, "tokens_per_second", w);
    stats.timeToFirstTokenMs = nonNegative(*s, "time_to_first_token_ms", w);
    stats.reasoningDurationMs = nonNegative(*s, "reasoning_duration_ms", w);
    return stats;
}

/// Message numbers in the file -> indexes into the list read so far.
using Numbering = std::unordered_map<std::int64_t, std::size_t>;

std::optional<std::size_t> reference(const ImportJson& object, const char* key, const Numbering& numbers,
                                     const std::string& where, const char* must)
{
    const auto n = optionalInteger(object, key, where);
    if (!n)
        return std::nullopt;
    const auto it = numbers.find(*n);
    if (it == numbers.end())
        throw ImportProblem{where + ": \"" + key + "\" is " + std::to_string(*n) + ", which is not " + must + "."};
    return it->second;
}

ImportedConversation readConversation(const ImportJson& j, const std::string& where)
{
    if (!j.is_object())
        throw ImportProblem{where + " is not an object."};
    ImportedConversation c;
    c.uuid = requireString(j, "uuid", where);
    if (!isCanonicalUuid(c.uuid))
        throw ImportProblem{where + ": \"uuid\" is \"" + c.uuid + "\", not a lower-case uuid."};
    c.title = optionalString(j, "title", where);
    const std::string w = where + " (\"" + c.title.substr(0, 60) + "\")";
    c.createdAt = requireTime(j, "created_at", w);
    c.updatedAt = requireTime(j, "updated_at", w);
    c.pinned = optionalBool(j, "pinned", w);
    c.archived = optionalBool(j, "archived", w);
    c.model = optionalString(j, "model", w);
    c.backend = optionalString(j, "backend", w);
    c.systemPrompt = optionalString(j, "system_prompt", w);
    if (const ImportJson* s = findField(j, "settings"))
        c.settingsJson = s->dump();

    const ImportJson& messages = requireArray(j, "messages", w);
    Numbering numbers;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const ImportJson& m = messages[i];
        const std::string mw = w + ", message " + std::to_string(i + 1);
        if (!m.is_object())
            throw ImportProblem{mw + " is not an object."};
        const auto id = optionalInteger(m, "id", mw);
        if (!id)
            throw ImportProblem{mw + ": \"id\" is missing."};
        ImportedMessage out;
        // Parents come first in our files, so a reference to a later (or its
        // own) number is refused: the tree can never loop.
        out.parent = reference(m, "parent", numbers, mw, "an earlier message of this conversation");
        out.role = requireEnum<MessageRole>(m, "role", mw, "system, user, assistant, tool", messageRoleFromString);
        out.status = requireEnum<MessageStatus>(m, "status", mw, "streaming, complete, stopped, error, interrupted",
                                                messageStatusFromString);
        out.content = optionalString(m, "content", mw);
        out.reasoning = optionalString(m, "reasoning", mw);
        out.errorText = optionalString(m, "error", mw);
        out.model = optionalString(m, "model", mw);
        out.stats = readStats(m, mw);
        out.createdAt = requireTime(m, "created_at", mw);
        out.updatedAt = requireTime(m, "updated_at", mw);
        if (!numbers.emplace(*id, c.messages.size()).second)
            throw ImportProblem{mw + ": id " + std::to_string(*id) + " is used twice."};
        c.messages.push_back(std::move(out));
    }
    // Active children and the current leaf may point anywhere in the list.
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const std::string mw = w + ", message " + std::to_string(i + 1);
        const auto child = reference(messages[i], "active_child", numbers, mw, "a message of this conversation");
        if (child && c.messages[*child].parent != i)
            throw ImportProblem{mw + ": \"active_child\" is not one of its replies."};
        c.messages[i].activeChild = child;
    }
    c.currentLeaf = reference(j, "current_leaf", numbers, w, "a message of this conversation");
    return c;
}

} // namespace

bool looksLikeQiusuoExport(const ImportJson& root)
{
    const ImportJson* format = findField(root, "format");
    return format && format->is_string() && format->get<std::string>() == kExportFormatName;
}

std::vector<ImportedConversation> readQiusuoExport(const ImportJson& root)
{
    const auto version = optionalInteger(root, "version", "the file");
    if (!version || *version < 1)
        throw ImportProblem{"its \"version\" is missing or not a positive whole number."};
    if (*version > kExportFormatVersion)
        throw ImportProblem{"it was written by a newer Qiusuo (export format version " + std::to_string(*version)
                            + "; this one reads up to version " + std::to_string(kExportFormatVersion)
                            + "). Update Qiusuo to import it."};
    const ImportJson& list = requireArray(root, "conversations", "the file");
    std::vector<ImportedConversation> out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        out.push_back(readConversation(list[i], "conversation " + std::to_string(i + 1)));
    return out;
}

} // namespace qiusuo::storage
