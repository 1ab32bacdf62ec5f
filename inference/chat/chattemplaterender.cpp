// ChatTemplate's renderers, one per family. Each follows its official Jinja
// template; special-token text goes in special pieces, everything else
// (including the conversation's words) in ordinary ones.

#include "inference/chat/chattemplate.h"
#include "inference/chat/deepseektokens.h"

namespace qiusuo::chat {

namespace {

using Role = ChatMessage::Role;

std::string_view roleName(Role role)
{
    switch (role) {
    case Role::System: return "system";
    case Role::User: return "user";
    case Role::Assistant: return "assistant";
    }
    return "user";
}

/// Jinja's `trim`: leading and trailing whitespace removed.
std::string_view trimmed(std::string_view s)
{
    constexpr std::string_view ws = " \t\n\r\f\v";
    const auto first = s.find_first_not_of(ws);
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

/// R1's template sends back only the text after the last `</think>` of an answer.
std::string_view afterLastThinkClose(std::string_view content)
{
    const auto at = content.rfind(deepseek::kThinkClose);
    return at == std::string_view::npos ? content
                                        : content.substr(at + deepseek::kThinkClose.size());
}

} // namespace

// BOS, every system text (joined by a blank line) up front, then
// <｜User｜>…<｜Assistant｜>…<｜end▁of▁sentence｜> turns.
void ChatTemplate::renderDeepSeek(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                                  const ChatRenderOptions& options) const
{
    const bool r1 = family_ == Family::DeepSeekR1;
    out.special(bos_);
    bool firstSystem = true;
    for (const auto& m : messages) {
        if (m.role != Role::System)
            continue;
        if (!firstSystem)
            out.text("\n\n");
        out.text(m.content);
        firstSystem = false;
    }
    for (const auto& m : messages) {
        if (m.role == Role::User) {
            out.special(deepseek::kUser);
            out.text(m.content);
        } else if (m.role == Role::Assistant) {
            out.special(deepseek::kAssistant);
            out.text(r1 ? afterLastThinkClose(m.content) : std::string_view(m.content));
            out.special(eos_);
        }
    }
    if (!options.addGenerationPrompt)
        return;
    out.special(deepseek::kAssistant);
    if (r1 && options.thinking == Thinking::Off) {
        // An empty, closed think block: the model goes straight to the answer.
        out.special(deepseek::kThinkOpen);
        out.text("\n\n");
        out.special(deepseek::kThinkClose);
        out.text("\n\n");
    } else if (startsInReasoning(options)) {
        out.special(deepseek::kThinkOpen);
        out.text("\n");
    }
}

// BOS, then "User: …\n\n", "Assistant: …<eos>", system text + "\n\n" in order.
void ChatTemplate::renderDeepSeekV2(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                                    const ChatRenderOptions& options) const
{
    out.special(bos_);
    for (const auto& m : messages) {
        switch (m.role) {
        case Role::User:
            out.text("User: ");
            out.text(m.content);
            out.text("\n\n");
            break;
        case Role::Assistant:
            out.text("Assistant: ");
            out.text(m.content);
            out.special(eos_);
            break;
        case Role::System:
            out.text(m.content);
            out.text("\n\n");
            break;
        }
    }
    if (options.addGenerationPrompt)
        out.text("Assistant:");
}

// Each message trimmed in its own header block; BOS before the first one.
void ChatTemplate::renderLlama3(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                                const ChatRenderOptions& options) const
{
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i == 0)
            out.special(bos_);
        out.special("<|start_header_id|>");
        out.text(roleName(messages[i].role));
        out.special("<|end_header_id|>");
        out.text("\n\n");
        out.text(trimmed(messages[i].content));
        out.special("<|eot_id|>");
    }
    if (options.addGenerationPrompt) {
        out.special("<|start_header_id|>");
        out.text("assistant");
        out.special("<|end_header_id|>");
        out.text("\n\n");
    }
}

void ChatTemplate::renderChatML(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                                const ChatRenderOptions& options) const
{
    for (const auto& m : messages) {
        out.special("<|im_start|>");
        out.text(roleName(m.role));
        out.text("\n");
        out.text(m.content);
        out.special("<|im_end|>");
        out.text("\n");
    }
    if (options.addGenerationPrompt) {
        out.special("<|im_start|>");
        out.text("assistant\n");
    }
}

} // namespace qiusuo::chat
