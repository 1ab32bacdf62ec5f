#include "inference/remote/chatstreamdecoder.h"

#include "inference/remote/errortext.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace qiusuo::remote {

namespace {

using nlohmann::json;

int intField(const json& object, const char* key)
{
    auto it = object.find(key);
    return (it != object.end() && it->is_number_integer()) ? it->get<int>() : 0;
}

std::string stringField(const json& object, const char* key)
{
    auto it = object.find(key);
    return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

StreamUsage parseUsage(const json& u)
{
    StreamUsage usage;
    usage.promptTokens = intField(u, "prompt_tokens");
    usage.completionTokens = intField(u, "completion_tokens");
    usage.cachedPromptTokens = intField(u, "prompt_cache_hit_tokens");
    usage.cacheMissTokens = intField(u, "prompt_cache_miss_tokens");
    if (auto details = u.find("prompt_tokens_details");
        usage.cachedPromptTokens == 0 && details != u.end() && details->is_object())
        usage.cachedPromptTokens = intField(*details, "cached_tokens");
    if (auto details = u.find("completion_tokens_details"); details != u.end() && details->is_object())
        usage.reasoningTokens = intField(*details, "reasoning_tokens");
    return usage;
}

} // namespace

ChatStreamDecoder::ChatStreamDecoder(InlineThink inlineThink, DeltaCallback onDelta)
    : inlineThink_(inlineThink), onDelta_(std::move(onDelta))
{
    if (inlineThink_ != InlineThink::Off) {
        chat::ThinkSplitter::Options options;
        options.start = inlineThink_ == InlineThink::InReasoning ? chat::ThinkSplitter::Start::InReasoning
                                                                 : chat::ThinkSplitter::Start::Detect;
        splitter_ = std::make_unique<chat::ThinkSplitter>(options);
    }
}

ChatStreamDecoder::~ChatStreamDecoder() = default;

void ChatStreamDecoder::onEvent(const SseEvent& event)
{
    if (event.data == "[DONE]") {
        done_ = true;
        return;
    }
    if (event.type == "error") {
        ++valid_;
        serverError_ = serverErrorMessage(event.data);
        if (serverError_.empty())
            serverError_ = "unknown error";
        return;
    }
    const json chunk = json::parse(event.data, nullptr, false);
    if (chunk.is_discarded() || !chunk.is_object()) {
        ++malformed_;
        return;
    }
    ++valid_;
    if (chunk.contains("error")) {
        serverError_ = serverErrorMessage(event.data);
        if (serverError_.empty())
            serverError_ = "unknown error";
        return;
    }
    handleChunk(chunk, false);
}

void ChatStreamDecoder::onCompleteResponse(std::string_view body)
{
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        ++malformed_;
        return;
    }
    ++valid_;
    if (doc.contains("error")) {
        serverError_ = serverErrorMessage(body);
        return;
    }
    handleChunk(doc, true);
    done_ = true;
}

void ChatStreamDecoder::handleChunk(const json& chunk, bool whole)
{
    if (std::string model = stringField(chunk, "model"); !model.empty())
        model_ = std::move(model);
    if (auto u = chunk.find("usage"); u != chunk.end() && u->is_object())
        usage_ = parseUsage(*u);
    auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty())
        return;
    // n = 1 always: the first choice is the answer.
    const json& choice = choices->front();
    if (!choice.is_object())
        return;
    if (std::string reason = stringField(choice, "finish_reason"); !reason.empty())
        finishReason_ = std::move(reason);
    auto delta = choice.find(whole ? "message" : "delta");
    if (delta == choice.end() || !delta->is_object())
        return;
    std::string reasoning = stringField(*delta, "reasoning_content");
    if (reasoning.empty())
        reasoning = stringField(*delta, "reasoning");
    if (delta->contains("reasoning_content") || delta->contains("reasoning"))
        sawReasoningField_ = sawReasoningField_ || !reasoning.empty();
    emit(std::move(reasoning), stringField(*delta, "content"));
}

void ChatStreamDecoder::emit(std::string reasoning, std::string_view content)
{
    Delta delta;
    delta.reasoning = std::move(reasoning);
    if (!content.empty()) {
        if (splitter_ && !sawReasoningField_) {
            Delta split = splitter_->feed(content);
            delta.reasoning += split.reasoning;
            delta.content = std::move(split.content);
        } else {
            delta.content.assign(content);
        }
    }
    if (delta.reasoning.empty() && delta.content.empty())
        return;
    const auto now = Clock::now();
    if (!firstTextAt_)
        firstTextAt_ = now;
    lastTextAt_ = now;
    ++textChunks_;
    if (!delta.reasoning.empty() && !reasoningStart_)
        reasoningStart_ = now;
    if (!delta.content.empty() && reasoningStart_ && !reasoningEnd_)
        reasoningEnd_ = now;
    onDelta_(delta);
}

void ChatStreamDecoder::finish()
{
    if (!splitter_)
        return;
    Delta rest = splitter_->finish();
    if (!rest.reasoning.empty() || !rest.content.empty()) {
        const auto now = Clock::now();
        if (!firstTextAt_)
            firstTextAt_ = now;
        lastTextAt_ = now;
        onDelta_(rest);
    }
}

double ChatStreamDecoder::reasoningMs() const
{
    if (splitter_ && splitter_->sawReasoning() && !sawReasoningField_)
        return splitter_->reasoningMs();
    if (!reasoningStart_)
        return 0;
    const auto end = reasoningEnd_ ? *reasoningEnd_ : lastTextAt_.value_or(*reasoningStart_);
    return std::chrono::duration<double, std::milli>(end - *reasoningStart_).count();
}

} // namespace qiusuo::remote
