#include "inference/server/chatrequest.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace qiusuo::server {
namespace {

using nlohmann::json;

struct Invalid {
    RequestError error;
};

[[noreturn]] void fail(std::string param, std::string message)
{
    throw Invalid{{std::move(message), std::move(param)}};
}

double numberIn(const json& body, const char* key, double lo, double hi)
{
    const json& v = body.at(key);
    if (!v.is_number())
        fail(key, std::string("'") + key + "' must be a number.");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < lo || d > hi)
        fail(key, std::string("'") + key + "' must be between " + json(lo).dump() + " and " + json(hi).dump()
                      + "; got " + v.dump() + ".");
    return d;
}

bool has(const json& body, const char* key)
{
    return body.contains(key) && !body.at(key).is_null();
}

/// Text of a message's content: a string, or an array of {type:"text"} parts.
std::string contentText(const json& content, std::size_t index)
{
    const std::string param = "messages[" + std::to_string(index) + "].content";
    if (content.is_null())
        return {};
    if (content.is_string())
        return content.get<std::string>();
    if (!content.is_array())
        fail(param, "'" + param + "' must be a string or an array of text parts.");
    std::string text;
    for (const json& part : content) {
        if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text")
            || !part.at("text").is_string())
            fail(param, "Only text content parts are supported in '" + param + "'.");
        text += part.at("text").get<std::string>();
    }
    return text;
}

std::vector<ChatMessage> parseMessages(const json& body)
{
    if (!body.contains("messages"))
        fail("messages", "'messages' is required.");
    const json& list = body.at("messages");
    if (!list.is_array() || list.empty())
        fail("messages", "'messages' must be a non-empty array.");
    std::vector<ChatMessage> messages;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& m = list[i];
        const std::string param = "messages[" + std::to_string(i) + "]";
        if (!m.is_object() || !m.contains("role") || !m.at("role").is_string())
            fail(param + ".role", "'" + param + ".role' must be a string.");
        const std::string role = m.at("role").get<std::string>();
        ChatMessage msg;
        if (role == "system" || role == "developer")
            msg.role = ChatMessage::Role::System;
        else if (role == "user")
            msg.role = ChatMessage::Role::User;
        else if (role == "assistant")
            msg.role = ChatMessage::Role::Assistant;
        else
            fail(param + ".role", "Unsupported role '" + role + "' in '" + param
                                      + "'; use system, user or assistant.");
        msg.content = contentText(m.value("content", json()), i);
        // reasoning_content sent back by a client is ignored: it never feeds a model.
        messages.push_back(std::move(msg));
    }
    return messages;
}

void parseStop(const json& body, GenerationParams& params)
{
    if (!has(body, "stop"))
        return;
    const json& stop = body.at("stop");
    if (stop.is_string()) {
        params.stop = {stop.get<std::string>()};
        return;
    }
    if (!stop.is_array() || stop.size() > 16)
        fail("stop", "'stop' must be a string or an array of at most 16 strings.");
    params.stop.clear();
    for (const json& s : stop) {
        if (!s.is_string() || s.get<std::string>().empty())
            fail("stop", "'stop' must contain only non-empty strings.");
        params.stop.push_back(s.get<std::string>());
    }
}

void parseThinking(const json& body, GenerationParams& params)
{
    if (has(body, "thinking")) {
        const json& t = body.at("thinking");
        const std::string type = t.is_object() ? t.value("type", "") : "";
        if (type != "enabled" && type != "disabled")
            fail("thinking", "'thinking' must be {\"type\": \"enabled\"} or {\"type\": \"disabled\"}.");
        params.thinking = type == "enabled";
    }
    if (has(body, "reasoning_effort")) {
        if (!body.at("reasoning_effort").is_string())
            fail("reasoning_effort", "'reasoning_effort' must be a string.");
        params.reasoningEffort = body.at("reasoning_effort").get<std::string>();
    }
}

ChatRequest parse(std::string_view text, const GenerationParams& defaults, int maxTokensLimit)
{
    json body = json::parse(text, nullptr, false);
    if (body.is_discarded())
        fail("", "The request body is not valid JSON.");
    if (!body.is_object())
        fail("", "The request body must be a JSON object.");

    ChatRequest req;
    req.params = defaults;
    if (has(body, "model")) {
        if (!body.at("model").is_string())
            fail("model", "'model' must be a string.");
        req.model = body.at("model").get<std::string>();
    }
    req.messages = parseMessages(body);
    if (has(body, "stream")) {
        if (!body.at("stream").is_boolean())
            fail("stream", "'stream' must be true or false.");
        req.stream = body.at("stream").get<bool>();
    }
    if (has(body, "stream_options") && body.at("stream_options").is_object())
        req.includeUsage = body.at("stream_options").value("include_usage", false);
    if (has(body, "temperature"))
        req.params.temperature = static_cast<float>(numberIn(body, "temperature", 0.0, 2.0));
    if (has(body, "top_p"))
        req.params.topP = static_cast<float>(numberIn(body, "top_p", 0.0, 1.0));
    if (has(body, "frequency_penalty"))
        req.params.frequencyPenalty = static_cast<float>(numberIn(body, "frequency_penalty", -2.0, 2.0));
    if (has(body, "presence_penalty"))
        req.params.presencePenalty = static_cast<float>(numberIn(body, "presence_penalty", -2.0, 2.0));
    for (const char* key : {"max_tokens", "max_completion_tokens"}) {
        if (!has(body, key))
            continue;
        const json& v = body.at(key);
        if (!v.is_number_integer() || v.get<long long>() < 1)
            fail(key, std::string("'") + key + "' must be a positive integer.");
        if (v.get<long long>() > maxTokensLimit)
            fail(key, std::string("'") + key + "' is " + v.dump() + ", more than this server's limit of "
                          + std::to_string(maxTokensLimit) + " tokens.");
        req.params.maxTokens = static_cast<int>(v.get<long long>());
    }
    if (has(body, "seed")) {
        const json& v = body.at("seed");
        if (!v.is_number_integer())
            fail("seed", "'seed' must be an integer.");
        req.params.seed = v.is_number_unsigned() ? v.get<std::uint64_t>()
                                                 : static_cast<std::uint64_t>(v.get<std::int64_t>());
    }
    if (has(body, "n") && (!body.at("n").is_number_integer() || body.at("n").get<long long>() != 1))
        fail("n", "Only n = 1 is supported.");
    parseStop(body, req.params);
    parseThinking(body, req.params);
    return req;
}

} // namespace

std::variant<ChatRequest, RequestError> parseChatRequest(std::string_view body,
                                                         const GenerationParams& defaults,
                                                         int maxTokensLimit)
{
    try {
        return parse(body, defaults, maxTokensLimit);
    } catch (const Invalid& invalid) {
        return invalid.error;
    } catch (const nlohmann::json::exception& e) {
        return RequestError{std::string("Invalid request: ") + e.what(), ""};
    }
}

} // namespace qiusuo::server
