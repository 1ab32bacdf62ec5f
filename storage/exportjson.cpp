#include "storage/exportjson.h"

#include "storage/conversationstore.h"
#include "storage/exportselection.h"
#include "storage/exporttime.h"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace qiusuo::storage {

namespace {

using Json = nlohmann::ordered_json;

/// The stored settings as a JSON value (keys in their stored order). The
/// column is checked with json_valid() on write, so the fallback (the text as
/// a string) only covers a database edited by hand.
Json settingsValue(const std::string& text)
{
    Json value = Json::parse(text, nullptr, false);
    return value.is_discarded() ? Json(text) : value;
}

Json statsObject(const MessageStats& stats)
{
    Json out = Json::object();
    if (stats.promptTokens)
        out["prompt_tokens"] = *stats.promptTokens;
    if (stats.completionTokens)
        out["completion_tokens"] = *stats.completionTokens;
    if (stats.tokensPerSecond)
        out["tokens_per_second"] = *stats.tokensPerSecond;
    if (stats.timeToFirstTokenMs)
        out["time_to_first_token_ms"] = *stats.timeToFirstTokenMs;
    if (stats.reasoningDurationMs)
        out["reasoning_duration_ms"] = *stats.reasoningDurationMs;
    return out;
}

Json conversationObject(ConversationStore& store, const Conversation& c)
{
    const std::vector<Message> messages = store.allMessages(c.id);
    // Row ids differ between databases; the file numbers messages 1..n.
    std::unordered_map<std::int64_t, std::int64_t> number;
    for (std::size_t i = 0; i < messages.size(); ++i)
        number.emplace(messages[i].id, static_cast<std::int64_t>(i + 1));
    auto ref = [&](const std::optional<std::int64_t>& rowId) -> Json {
        if (!rowId)
            return nullptr;
        const auto it = number.find(*rowId);
        return it == number.end() ? Json(nullptr) : Json(it->second);
    };

    Json out;
    out["uuid"] = c.uuid;
    out["title"] = c.title;
    out["created_at"] = formatUtcTimestamp(c.createdAt);
    out["updated_at"] = formatUtcTimestamp(c.updatedAt);
    out["pinned"] = c.pinned;
    out["archived"] = c.archived;
    out["model"] = c.model;
    out["backend"] = c.backend;
    out["system_prompt"] = c.systemPrompt;
    out["settings"] = settingsValue(c.settingsJson);
    out["current_leaf"] = ref(c.currentLeafId);
    Json list = Json::array();
    for (const Message& m : messages) {
        Json j;
        j["id"] = number.at(m.id);
        j["parent"] = ref(m.parentId);
        j["active_child"] = ref(m.activeChildId);
        j["role"] = toString(m.role);
        j["status"] = toString(m.status);
        j["content"] = m.content;
        j["reasoning"] = m.reasoning;
        j["error"] = m.errorText;
        j["model"] = m.model;
        j["stats"] = statsObject(m.stats);
        j["created_at"] = formatUtcTimestamp(m.createdAt);
        j["updated_at"] = formatUtcTimestamp(m.updatedAt);
        list.push_back(std::move(j));
    }
    out["messages"] = std::move(list);
    return out;
}

} // namespace

std::string exportJson(ConversationStore& store, const std::vector<std::int64_t>& conversationIds,
                       std::int64_t exportedAtMs)
{
    Json root;
    root["format"] = kExportFormatName;
    root["version"] = kExportFormatVersion;
    root["exported_at"] = formatUtcTimestamp(exportedAtMs);
    Json list = Json::array();
    for (const Conversation& c : conversationsInExportOrder(store, conversationIds))
        list.push_back(conversationObject(store, c));
    root["conversations"] = std::move(list);
    return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace qiusuo::storage
