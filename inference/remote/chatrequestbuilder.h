#pragma once
/// @brief The JSON body of POST /chat/completions for a conversation, shaped
/// for the provider (DeepSeek's thinking switch, merged roles, no reasoning).

#include "inference/backend.h"
#include "inference/remote/remoteconfig.h"

#include <string>
#include <vector>

namespace qiusuo::remote {

class ChatRequestBuilder {
public:
    /// @brief The messages as sent: reasoning dropped (never sent back to a
    /// model), empty assistant turns (failed or stopped before any answer)
    /// dropped, and successive messages of the same role merged into one,
    /// their contents joined with "\n\n" (DeepSeek rejects two in a row).
    static std::vector<ChatMessage> prepareMessages(const std::vector<ChatMessage>& messages);

    /// @brief The request body: model, messages, stream with usage, and the
    /// sampling parameters that are set. Thinking: DeepSeek's switch when
    /// `config.sendThinkingSwitch` (never for deepseek-reasoner, which always
    /// thinks); reasoning_effort when set. Throws qiusuo::Error when no model
    /// is chosen or there is nothing to send.
    static std::string build(const RemoteConfig& config, const std::vector<ChatMessage>& messages,
                             const GenerationParams& params);

    /// @brief True for models that always think and take no thinking switch.
    static bool alwaysThinks(const std::string& model);
};

} // namespace qiusuo::remote
