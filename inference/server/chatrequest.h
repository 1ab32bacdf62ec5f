#pragma once
/// @brief An OpenAI-style `POST /v1/chat/completions` body, parsed and
/// validated. Unknown fields are ignored (clients send extras); invalid
/// values are reported with the parameter's name, as OpenAI does.

#include "inference/backend.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace qiusuo::server {

struct ChatRequest {
    std::string model;
    std::vector<ChatMessage> messages;
    GenerationParams params;
    bool stream = false;
    bool includeUsage = false;  ///< stream_options.include_usage
};

/// Why a body was refused: the message for the client and the offending field.
struct RequestError {
    std::string message;
    std::string param;  ///< empty when no single field is at fault
};

/// Parses `body`. `defaults` supplies the sampling values a request leaves
/// out; `maxTokensLimit` caps max_tokens (the context left for the answer).
std::variant<ChatRequest, RequestError> parseChatRequest(std::string_view body,
                                                         const GenerationParams& defaults,
                                                         int maxTokensLimit);

} // namespace qiusuo::server
