#pragma once
/// @brief Turns the events of a streamed chat completion (OpenAI / DeepSeek
/// chunk format) into Delta{reasoning, content}, usage and timing.

#include "inference/backend.h"
#include "inference/chat/thinksplitter.h"
#include "inference/remote/remoteconfig.h"
#include "inference/remote/ssereader.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::remote {

/// Token counts from the final usage chunk.
struct StreamUsage {
    int promptTokens = 0;
    int completionTokens = 0;
    int cachedPromptTokens = 0; ///< DeepSeek prompt_cache_hit_tokens or OpenAI cached_tokens
    int cacheMissTokens = 0;    ///< DeepSeek prompt_cache_miss_tokens
    int reasoningTokens = 0;    ///< completion_tokens_details.reasoning_tokens
};

/// Reads `choices[0].delta.reasoning_content` (or `reasoning`, as Ollama
/// names it) as reasoning and `delta.content` as answer. Servers that inline
/// `<think>` tags in content get them split by chat::ThinkSplitter, unless a
/// separate reasoning field was seen (then content is answer, verbatim).
///
/// Malformed events (not JSON, not an object) are skipped and counted: one
/// broken chunk should not throw away an answer; the backend reports an error
/// when no valid event came at all. An `error` object in the stream (vLLM and
/// others report failures that way after the 200) is kept as serverError().
class ChatStreamDecoder {
public:
    using Clock = std::chrono::steady_clock;

    ChatStreamDecoder(InlineThink inlineThink, DeltaCallback onDelta);
    ~ChatStreamDecoder();

    /// @brief Handles one SSE event (a chunk, `[DONE]`, or an error).
    void onEvent(const SseEvent& event);
    /// @brief Handles a whole non-streamed completion (a server that ignored
    /// `stream: true` and answered application/json).
    void onCompleteResponse(std::string_view json);
    /// @brief Ends the stream: releases text the think splitter held back.
    void finish();

    bool sawDone() const { return done_; }
    const std::string& finishReason() const { return finishReason_; }
    int malformedEvents() const { return malformed_; }
    int validEvents() const { return valid_; }
    const std::optional<StreamUsage>& usage() const { return usage_; }
    const std::string& model() const { return model_; }
    const std::string& serverError() const { return serverError_; }
    /// @brief Chunks that carried text: the token count when no usage came.
    int textChunks() const { return textChunks_; }
    const std::optional<Clock::time_point>& firstTextAt() const { return firstTextAt_; }
    const std::optional<Clock::time_point>& lastTextAt() const { return lastTextAt_; }
    /// @brief First reasoning text to the first answer text (or to the end).
    double reasoningMs() const;

private:
    void handleChunk(const nlohmann::json& chunk, bool whole);
    void emit(std::string reasoning, std::string_view content);

    InlineThink inlineThink_;
    DeltaCallback onDelta_;
    std::unique_ptr<chat::ThinkSplitter> splitter_;
    bool sawReasoningField_ = false;
    bool done_ = false;
    int malformed_ = 0;
    int valid_ = 0;
    int textChunks_ = 0;
    std::optional<StreamUsage> usage_;
    std::string model_;
    std::string finishReason_;
    std::string serverError_;
    std::optional<Clock::time_point> firstTextAt_;
    std::optional<Clock::time_point> lastTextAt_;
    std::optional<Clock::time_point> reasoningStart_;
    std::optional<Clock::time_point> reasoningEnd_;
};

} // namespace qiusuo::remote
