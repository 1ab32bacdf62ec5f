#include "inference/remote/chatrequestbuilder.h"

#include "inference/error.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace qiusuo::remote {

namespace {

const char* roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System:
        return "system";
    case ChatMessage::Role::User:
        return "user";
    case ChatMessage::Role::Assistant:
        return "assistant";
    }
    return "user";
}

/// Floats as the user typed them: 0.6f would otherwise go out as 0.6000000238418579.
double decimal(float value)
{
    return std::round(static_cast<double>(value) * 1e6) / 1e6;
}

} // namespace

bool ChatRequestBuilder::alwaysThinks(const std::string& model)
{
    return model == "deepseek-reasoner";
}

std::vector<ChatMessage> ChatRequestBuilder::prepareMessages(const std::vector<ChatMessage>& messages)
{
    std::vector<ChatMessage> out;
    for (const ChatMessage& m : messages) {
        if (m.role == ChatMessage::Role::Assistant && m.content.empty())
            continue;
        if (!out.empty() && out.back().role == m.role) {
            if (!m.content.empty()) {
                if (!out.back().content.empty())
                    out.back().content += "\n\n";
                out.back().content += m.content;
            }
            continue;
        }
        out.push_back(ChatMessage{m.role, m.content, {}});
    }
    return out;
}

std::string ChatRequestBuilder::build(const RemoteConfig& config,
                                      const std::vector<ChatMessage>& messages,
                                      const GenerationParams& params)
{
    if (config.model.empty())
        throw Error("No model is chosen for the remote server: pick one from the server's "
                    "model list.");
    const std::vector<ChatMessage> prepared = prepareMessages(messages);
    if (prepared.empty())
        throw Error("There is no message to send.");

    nlohmann::json body;
    body["model"] = config.model;
    nlohmann::json list = nlohmann::json::array();
    for (const ChatMessage& m : prepared)
        list.push_back({{"role", roleName(m.role)}, {"content", m.content}});
    body["messages"] = std::move(list);
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};

    body["temperature"] = decimal(params.temperature);
    body["top_p"] = decimal(params.topP);
    if (params.maxTokens > 0)
        body["max_tokens"] = params.maxTokens;
    if (params.seed)
        body["seed"] = *params.seed;
    if (!params.stop.empty())
        body["stop"] = params.stop;
    if (params.presencePenalty != 0.0f)
        body["presence_penalty"] = decimal(params.presencePenalty);
    if (params.frequencyPenalty != 0.0f)
        body["frequency_penalty"] = decimal(params.frequencyPenalty);
    if (config.provider == RemoteConfig::Provider::OpenAiCompatible) {
        // vLLM, SGLang, llama.cpp's server and Ollama's OpenAI API take these
        // extras; DeepSeek's API has no such parameters.
        if (params.topK > 0)
            body["top_k"] = params.topK;
        if (params.minP > 0.0f)
            body["min_p"] = decimal(params.minP);
        if (params.repeatPenalty != 1.0f)
            body["repetition_penalty"] = decimal(params.repeatPenalty);
    }

    if (config.sendThinkingSwitch && !alwaysThinks(config.model))
        body["thinking"] = {{"type", params.thinking ? "enabled" : "disabled"}};
    if (!params.reasoningEffort.empty())
        body["reasoning_effort"] = params.reasoningEffort;
    return body.dump();
}

} // namespace qiusuo::remote
