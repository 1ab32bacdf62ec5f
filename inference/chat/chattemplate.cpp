#include "inference/chat/chattemplate.h"

#include "inference/chat/deepseektokens.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"

#include <array>
#include <cstdint>
#include <stdexcept>

namespace qiusuo::chat {

namespace {

using Family = ChatTemplate::Family;
using Role = ChatMessage::Role;

struct FamilyInfo {
    Family family;
    std::string_view name;
    std::string_view bos;
    std::string_view eos;
};

constexpr std::array<FamilyInfo, 5> kFamilies{{
    {Family::DeepSeekR1, "deepseek-r1", deepseek::kBos, deepseek::kEos},
    {Family::DeepSeekV3, "deepseek-v3", deepseek::kBos, deepseek::kEos},
    {Family::DeepSeekV2, "deepseek-v2", deepseek::kBos, deepseek::kEos},
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
    if (has(deepseek::kUser) && has(deepseek::kAssistant))
        return has(deepseek::kThinkClose) || has(deepseek::kThinkOpen) ? Family::DeepSeekR1 : Family::DeepSeekV3;
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
    } else if (jinja.find_first_not_of(" \t\r\n") == std::string_view::npos) {
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
    return std::string(tokens->items.stringAt(static_cast<std::size_t>(*id)));
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
    std::string out;
    for (const auto& piece : renderPieces(messages, options))
        out += piece.text;
    return out;
}

std::vector<PromptPiece> ChatTemplate::renderPieces(const std::vector<ChatMessage>& messages,
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

    PromptBuilder out;
    switch (family_) {
    case Family::DeepSeekR1:
    case Family::DeepSeekV3: renderDeepSeek(out, *conversation, options); break;
    case Family::DeepSeekV2: renderDeepSeekV2(out, *conversation, options); break;
    case Family::Llama3: renderLlama3(out, *conversation, options); break;
    case Family::ChatML: renderChatML(out, *conversation, options); break;
    }
    return out.takePieces();
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
    case Family::DeepSeekV3: return {eos_, std::string(deepseek::kUser)};
    case Family::DeepSeekV2: return {eos_};
    case Family::Llama3: return {"<|eot_id|>", "<|end_of_text|>", "<|eom_id|>"};
    case Family::ChatML: return {"<|im_end|>", "<|endoftext|>"};
    }
    return {};
}

} // namespace qiusuo::chat
