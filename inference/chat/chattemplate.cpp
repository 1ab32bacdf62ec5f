#include "inference/chat/chattemplate.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"

#include <array>
#include <cstdint>
#include <stdexcept>

namespace qiusuo::chat {

namespace {

using Family = ChatTemplate::Family;
using Role = ChatMessage::Role;

// DeepSeek's special tokens use FULLWIDTH VERTICAL LINE (U+FF5C) and LOWER ONE
// EIGHTH BLOCK (U+2581), not '|' and '_'.
constexpr std::string_view kDeepSeekBos = "<｜begin▁of▁sentence｜>";
constexpr std::string_view kDeepSeekEos = "<｜end▁of▁sentence｜>";
constexpr std::string_view kDeepSeekUser = "<｜User｜>";
constexpr std::string_view kDeepSeekAssistant = "<｜Assistant｜>";
constexpr std::string_view kThinkOpen = "<think>\n";
constexpr std::string_view kEmptyThinkBlock = "<think>\n\n</think>\n\n";

struct FamilyInfo {
    Family family;
    std::string_view name;
    std::string_view bos;
    std::string_view eos;
};

constexpr std::array<FamilyInfo, 5> kFamilies{{
    {Family::DeepSeekR1, "deepseek-r1", kDeepSeekBos, kDeepSeekEos},
    {Family::DeepSeekV3, "deepseek-v3", kDeepSeekBos, kDeepSeekEos},
    {Family::DeepSeekV2, "deepseek-v2", kDeepSeekBos, kDeepSeekEos},
    {Family::Llama3, "llama3", "<|begin_of_text|>", "<|eot_id|>"},
    {Family::ChatML, "chatml", "", "<|im_end|>"},
}};

const FamilyInfo& info(Family family)
{
    for (const auto& f : kFamilies) {
        if (f.family == family)
            return f;
    }
    throw std::logic_error("ChatTemplate: unknown family");
}

std::string joinedNames()
{
    std::string out;
    for (const auto& f : kFamilies) {
        if (!out.empty())
            out += ", ";
        out += f.name;
    }
    return out;
}

std::string_view trimmed(std::string_view s)
{
    constexpr std::string_view ws = " \t\n\r\f\v";
    const auto first = s.find_first_not_of(ws);
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

std::string_view roleName(Role role)
{
    switch (role) {
    case Role::System: return "system";
    case Role::User: return "user";
    case Role::Assistant: return "assistant";
    }
    return "user";
}

/// R1's template sends back only the text after the last `</think>` of an answer.
std::string_view afterLastThinkClose(std::string_view content)
{
    constexpr std::string_view close = "</think>";
    const auto at = content.rfind(close);
    return at == std::string_view::npos ? content : content.substr(at + close.size());
}

/// A plain-text default system prompt in a ChatML template, e.g. Qwen2.5's
/// `'<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. ...<|im_end|>\n'`.
/// The Jinja source may spell the newline as the escape `\n` or as itself.
std::string defaultSystemIn(std::string_view jinja)
{
    for (std::string_view opener : {"<|im_start|>system\\n", "<|im_start|>system\n"}) {
        for (auto at = jinja.find(opener); at != std::string_view::npos;
             at = jinja.find(opener, at + 1)) {
            const auto begin = at + opener.size();
            const auto end = jinja.find("<|im_end|>", begin);
            if (end == std::string_view::npos)
                break;
            const std::string_view text = jinja.substr(begin, end - begin);
            const bool isTemplateCode = text.empty() || text.find_first_of("'\"{}+") != std::string_view::npos;
            if (!isTemplateCode)
                return std::string(text);
        }
    }
    return {};
}

} // namespace

ChatTemplate::ChatTemplate(Family family, std::string bosText, std::string eosText)
    : family_(family), bos_(std::move(bosText)), eos_(std::move(eosText))
{
    const FamilyInfo& f = info(family);
    if (bos_.empty())
        bos_ = f.bos;
    if (eos_.empty())
        eos_ = f.eos;
}

std::optional<Family> ChatTemplate::recognize(std::string_view jinja)
{
    const auto has = [&](std::string_view s) { return jinja.find(s) != std::string_view::npos; };
    if (has(kDeepSeekUser) && has(kDeepSeekAssistant))
        return has("</think>") || has("<think>") ? Family::DeepSeekR1 : Family::DeepSeekV3;
    if (has("'Assistant: ' + message['content'] + eos_token")
        || (has("'User: ' + message['content']") && has("'Assistant:'")))
        return Family::DeepSeekV2;
    if (has("<|start_header_id|>") && has("<|end_header_id|>"))
        return Family::Llama3;
    if (has("<|im_start|>") && has("<|im_end|>"))
        return Family::ChatML;
    return std::nullopt;
}

Family ChatTemplate::familyByName(std::string_view name)
{
    for (const auto& f : kFamilies) {
        if (f.name == name)
            return f.family;
    }
    // llama.cpp's names for the same formats.
    if (name == "deepseek3")
        return Family::DeepSeekV3;
    if (name == "deepseek2")
        return Family::DeepSeekV2;
    throw Error("There is no chat template named \"" + std::string(name)
                + "\". Known templates: " + joinedNames() + ".");
}

ChatTemplate ChatTemplate::forModel(std::string_view jinja, std::string_view overrideName,
                                    std::string bosText, std::string eosText)
{
    std::optional<Family> family;
    if (!overrideName.empty()) {
        family = familyByName(overrideName);
    } else if (trimmed(jinja).empty()) {
        throw Error("The model file has no chat template (tokenizer.chat_template), so Qiusuo "
                    "cannot tell how to format the conversation. Choose one by name: "
                    + joinedNames() + ".");
    } else {
        family = recognize(jinja);
        if (!family)
            throw Error("The model's chat template is not one Qiusuo recognizes. Choose one by "
                        "name: " + joinedNames() + ".");
    }
    ChatTemplate t(*family, std::move(bosText), std::move(eosText));
    if (*family == Family::ChatML)
        t.setDefaultSystemPrompt(defaultSystemIn(jinja));
    return t;
}

namespace {

/// The text of the token whose id is stored under `idKey`, or empty.
std::string tokenTextOf(const gguf::GgufFile& file, std::string_view idKey)
{
    const auto id = file.getInt(idKey);
    const gguf::Array* tokens = file.getArray("tokenizer.ggml.tokens");
    if (!id || !tokens || *id < 0 || static_cast<std::uint64_t>(*id) >= tokens->items.size())
        return {};
    const std::string* text = tokens->items[static_cast<std::size_t>(*id)].asString();
    return text ? *text : std::string{};
}

} // namespace

ChatTemplate ChatTemplate::forGguf(const gguf::GgufFile& file, std::string_view overrideName)
{
    const std::string jinja = file.getString("tokenizer.chat_template").value_or(std::string{});
    return forModel(jinja, overrideName, tokenTextOf(file, "tokenizer.ggml.bos_token_id"),
                    tokenTextOf(file, "tokenizer.ggml.eos_token_id"));
}

std::vector<std::string> ChatTemplate::names()
{
    std::vector<std::string> out;
    for (const auto& f : kFamilies)
        out.emplace_back(f.name);
    return out;
}

std::string ChatTemplate::name() const
{
    return std::string(info(family_).name);
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages,
                                 const ChatRenderOptions& options) const
{
    bool hasSystem = false;
    for (const auto& m : messages)
        hasSystem = hasSystem || m.role == Role::System;
    std::vector<ChatMessage> withDefault;
    const std::vector<ChatMessage>* conversation = &messages;
    if (!hasSystem && !defaultSystem_.empty()) {
        withDefault.reserve(messages.size() + 1);
        withDefault.push_back({Role::System, defaultSystem_, {}});
        withDefault.insert(withDefault.end(), messages.begin(), messages.end());
        conversation = &withDefault;
    }

    switch (family_) {
    case Family::DeepSeekR1:
    case Family::DeepSeekV3: return renderDeepSeek(*conversation, options);
    case Family::DeepSeekV2: return renderDeepSeekV2(*conversation, options);
    case Family::Llama3: return renderLlama3(*conversation, options);
    case Family::ChatML: return renderChatML(*conversation, options);
    }
    return {};
}

// BOS, every system text (joined by a blank line) up front, then
// <｜User｜>…<｜Assistant｜>…<｜end▁of▁sentence｜> turns.
std::string ChatTemplate::renderDeepSeek(const std::vector<ChatMessage>& messages,
                                         const ChatRenderOptions& options) const
{
    const bool r1 = family_ == Family::DeepSeekR1;
    std::string out = bos_;
    bool firstSystem = true;
    for (const auto& m : messages) {
        if (m.role != Role::System)
            continue;
        if (!firstSystem)
            out += "\n\n";
        out += m.content;
        firstSystem = false;
    }
    for (const auto& m : messages) {
        if (m.role == Role::User) {
            out += kDeepSeekUser;
            out += m.content;
        } else if (m.role == Role::Assistant) {
            out += kDeepSeekAssistant;
            out += r1 ? afterLastThinkClose(m.content) : std::string_view(m.content);
            out += eos_;
        }
    }
    if (options.addGenerationPrompt) {
        out += kDeepSeekAssistant;
        if (r1 && options.thinking == Thinking::Off)
            out += kEmptyThinkBlock;
        else if (startsInReasoning(options))
            out += kThinkOpen;
    }
    return out;
}

// BOS, then "User: …\n\n", "Assistant: …<eos>", system text + "\n\n" in order.
std::string ChatTemplate::renderDeepSeekV2(const std::vector<ChatMessage>& messages,
                                           const ChatRenderOptions& options) const
{
    std::string out = bos_;
    for (const auto& m : messages) {
        switch (m.role) {
        case Role::User: out += "User: " + m.content + "\n\n"; break;
        case Role::Assistant: out += "Assistant: " + m.content + eos_; break;
        case Role::System: out += m.content + "\n\n"; break;
        }
    }
    if (options.addGenerationPrompt)
        out += "Assistant:";
    return out;
}

// Each message trimmed in its own header block; BOS before the first one.
std::string ChatTemplate::renderLlama3(const std::vector<ChatMessage>& messages,
                                       const ChatRenderOptions& options) const
{
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i == 0)
            out += bos_;
        out += "<|start_header_id|>";
        out += roleName(messages[i].role);
        out += "<|end_header_id|>\n\n";
        out += trimmed(messages[i].content);
        out += "<|eot_id|>";
    }
    if (options.addGenerationPrompt)
        out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

std::string ChatTemplate::renderChatML(const std::vector<ChatMessage>& messages,
                                       const ChatRenderOptions& options) const
{
    std::string out;
    for (const auto& m : messages) {
        out += "<|im_start|>";
        out += roleName(m.role);
        out += "\n" + m.content + "<|im_end|>\n";
    }
    if (options.addGenerationPrompt)
        out += "<|im_start|>assistant\n";
    return out;
}

bool ChatTemplate::startsInReasoning(const ChatRenderOptions& options) const
{
    if (!options.addGenerationPrompt)
        return false;
    switch (family_) {
    case Family::DeepSeekR1: return options.thinking != Thinking::Off;
    case Family::DeepSeekV3: return options.thinking == Thinking::On;
    default: return false;
    }
}

std::vector<std::string> ChatTemplate::stopStrings() const
{
    switch (family_) {
    case Family::DeepSeekR1:
    case Family::DeepSeekV3: return {eos_, std::string(kDeepSeekUser)};
    case Family::DeepSeekV2: return {eos_};
    case Family::Llama3: return {"<|eot_id|>", "<|end_of_text|>", "<|eom_id|>"};
    case Family::ChatML: return {"<|im_end|>", "<|endoftext|>"};
    }
    return {};
}

} // namespace qiusuo::chat
