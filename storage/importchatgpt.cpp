#include "storage/importchatgpt.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace qiusuo::storage {

namespace {

using Json = nlohmann::json;

const Json* findField(const Json& object, const char* key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string optionalString(const Json& object, const char* key, const std::string& where)
{
    const Json* v = findField(object, key);
    if (!v)
        return {};
    if (!v->is_string())
        throw ImportProblem{where + ": \"" + key + "\" should be text."};
    return v->get<std::string>();
}

/// ChatGPT writes times as seconds since the epoch (with a fraction).
std::optional<std::int64_t> secondsToMs(const Json& object, const char* key)
{
    const Json* v = findField(object, key);
    if (!v || !v->is_number())
        return std::nullopt;
    const double s = v->get<double>();
    // Years 1970..9999: anything else is damage, not a time.
    if (!std::isfinite(s) || s < 0 || s > 253'402'300'799.0)
        return std::nullopt;
    return static_cast<std::int64_t>(std::llround(s * 1000.0));
}

std::string joinParts(const Json& parts)
{
    std::string text;
    for (const Json& part : parts) {
        std::string piece;
        if (part.is_string()) {
            piece = part.get<std::string>();
        } else if (part.is_object()) {
            const Json* type = findField(part, "content_type");
            const std::string t = type && type->is_string() ? type->get<std::string>() : "";
            piece = t.find("image") != std::string::npos ? "[image]"
                    : t.find("audio") != std::string::npos ? "[audio]"
                                                          : "[attachment]";
        }
        if (piece.empty())
            continue;
        text += (text.empty() ? "" : "\n\n") + piece;
    }
    return text;
}

/// The visible text of a message's "content", by its content_type.
std::string messageText(const Json& content)
{
    const Json* type = findField(content, "content_type");
    const std::string t = type && type->is_string() ? type->get<std::string>() : "text";
    const Json* parts = findField(content, "parts");
    const Json* text = findField(content, "text");
    if (t == "code" && text && text->is_string()) {
        const Json* lang = findField(content, "language");
        std::string fence = "```";
        if (lang && lang->is_string() && lang->get<std::string>() != "unknown")
            fence += lang->get<std::string>();
        return fence + "\n" + text->get<std::string>() + "\n```";
    }
    if (parts && parts->is_array())
        return joinParts(*parts);
    if (text && text->is_string())
        return text->get<std::string>();
    const Json* result = findField(content, "result");
    if (result && result->is_string())
        return result->get<std::string>();
    return {};
}

/// The o-series' visible thinking ("thoughts": [{summary, content}]).
std::string thoughtsText(const Json& content)
{
    std::string text;
    const Json* thoughts = findField(content, "thoughts");
    if (!thoughts || !thoughts->is_array())
        return text;
    for (const Json& t : *thoughts) {
        for (const char* key : {"summary", "content"}) {
            const Json* v = findField(t, key);
            if (v && v->is_string() && !v->get<std::string>().empty())
                text += (text.empty() ? "" : "\n\n") + v->get<std::string>();
        }
    }
    return text;
}

std::optional<MessageRole> roleOf(const Json& message)
{
    const Json* author = findField(message, "author");
    const Json* role = author ? findField(*author, "role") : nullptr;
    if (!role || !role->is_string())
        return std::nullopt;
    const std::string r = role->get<std::string>();
    if (r == "user")
        return MessageRole::User;
    if (r == "assistant")
        return MessageRole::Assistant;
    if (r == "system")
        return MessageRole::System;
    if (r == "tool")
        return MessageRole::Tool;
    return std::nullopt;
}

bool hidden(const Json& message)
{
    const Json* meta = findField(message, "metadata");
    const Json* h = meta ? findField(*meta, "is_visually_hidden_from_conversation") : nullptr;
    return h && h->is_boolean() && h->get<bool>();
}

struct Walk {
    const Json* node;
    std::optional<std::size_t> keptParent; ///< nearest kept ancestor
    std::string pendingReasoning;          ///< thoughts waiting for their answer
};

ImportedConversation readConversation(const Json& j, const std::string& where)
{
    if (!j.is_object())
        throw ImportProblem{where + " is not an object."};
    const Json* mapping = findField(j, "mapping");
    if (!mapping || !mapping->is_object())
        throw ImportProblem{where + ": \"mapping\" is missing or not an object."};
    ImportedConversation c;
    c.title = optionalString(j, "title", where);
    for (const char* key : {"conversation_id", "id"}) {
        const Json* id = findField(j, key);
        if (id && id->is_string() && isCanonicalUuid(id->get<std::string>())) {
            c.uuid = id->get<std::string>();
            break;
        }
    }
    c.createdAt = secondsToMs(j, "create_time").value_or(0);
    c.updatedAt = secondsToMs(j, "update_time").value_or(c.createdAt);
    if (const Json* slug = findField(j, "default_model_slug"); slug && slug->is_string())
        c.model = slug->get<std::string>();

    std::unordered_map<std::string, const Json*> nodes;
    for (const auto& [id, node] : mapping->items())
        nodes.emplace(id, &node);
    std::unordered_map<const Json*, std::size_t> keptIndex; // node -> message index
    std::unordered_map<const Json*, std::optional<std::size_t>> nearestKept;
    std::unordered_set<const Json*> visited;

    // Depth-first from every root, children in ChatGPT's order, with an
    // explicit stack: a chat may be thousands of turns deep, and a damaged
    // file may link nodes in a loop (each node is visited once).
    std::vector<Walk> stack;
    for (auto it = mapping->items().begin(); it != mapping->items().end(); ++it) {
        const Json* parent = findField(it.value(), "parent");
        if (!parent || !parent->is_string() || !nodes.count(parent->get<std::string>()))
            stack.push_back({&it.value(), std::nullopt, {}});
    }
    std::reverse(stack.begin(), stack.end());
    while (!stack.empty()) {
        Walk w0 = std::move(stack.back());
        stack.pop_back();
        if (!w0.node->is_object() || !visited.insert(w0.node).second)
            continue;
        std::optional<std::size_t> kept = w0.keptParent;
        std::string pending = std::move(w0.pendingReasoning);
        const Json* message = findField(*w0.node, "message");
        const auto role = message ? roleOf(*message) : std::nullopt;
        const Json* content = message ? findField(*message, "content") : nullptr;
        if (role && content && content->is_object() && !hidden(*message)) {
            const Json* type = findField(*content, "content_type");
            const std::string t = type && type->is_string() ? type->get<std::string>() : "";
            if (t == "thoughts") {
                const std::string thoughts = thoughtsText(*content);
                pending += (pending.empty() || thoughts.empty() ? "" : "\n\n") + thoughts;
            } else if (t != "reasoning_recap") {
                ImportedMessage m;
                m.role = *role;
                m.content = messageText(*content);
                if (!m.content.empty()) {
                    m.parent = kept;
                    if (m.role == MessageRole::Assistant) {
                        m.reasoning = std::move(pending);
                        pending.clear();
                        const Json* meta = findField(*message, "metadata");
                        const Json* slug = meta ? findField(*meta, "model_slug") : nullptr;
                        if (slug && slug->is_string())
                            m.model = slug->get<std::string>();
                    }
                    const Json* status = findField(*message, "status");
                    if (status && status->is_string() && status->get<std::string>() == "in_progress")
                        m.status = MessageStatus::Interrupted;
                    m.createdAt = secondsToMs(*message, "create_time").value_or(c.createdAt);
                    m.updatedAt = secondsToMs(*message, "update_time").value_or(m.createdAt);
                    kept = c.messages.size();
                    // Newest reply is the remembered one, as in our store.
                    if (m.parent)
                        c.messages[*m.parent].activeChild = kept;
                    c.messages.push_back(std::move(m));
                    keptIndex.emplace(w0.node, *kept);
                }
            }
        }
        nearestKept[w0.node] = kept;
        const Json* children = findField(*w0.node, "children");
        if (!children || !children->is_array())
            continue;
        for (auto ch = children->rbegin(); ch != children->rend(); ++ch) {
            if (!ch->is_string())
                continue;
            const auto found = nodes.find(ch->get<std::string>());
            if (found != nodes.end() && !visited.count(found->second))
                stack.push_back({found->second, kept, pending});
        }
    }

    // The path ChatGPT showed: from current_node's nearest kept message up.
    std::optional<std::size_t> leaf;
    if (const Json* current = findField(j, "current_node"); current && current->is_string()) {
        const auto found = nodes.find(current->get<std::string>());
        if (found != nodes.end() && nearestKept.count(found->second))
            leaf = nearestKept[found->second];
    }
    if (!leaf && !c.messages.empty())
        leaf = c.messages.size() - 1;
    c.currentLeaf = leaf;
    for (auto at = leaf; at && c.messages[*at].parent; at = c.messages[*at].parent)
        c.messages[*c.messages[*at].parent].activeChild = *at;
    return c;
}

} // namespace

bool looksLikeChatGptExport(const Json& root)
{
    if (!root.is_array())
        return false;
    for (const Json& c : root)
        if (!findField(c, "mapping"))
            return false;
    return true;
}

std::vector<ImportedConversation> readChatGptExport(const Json& root)
{
    std::vector<ImportedConversation> out;
    out.reserve(root.size());
    for (std::size_t i = 0; i < root.size(); ++i)
        out.push_back(readConversation(root[i], "conversation " + std::to_string(i + 1)));
    return out;
}

} // namespace qiusuo::storage
