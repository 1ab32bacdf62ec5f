#include "inference/remote/remotebackend.h"

#include "inference/error.h"
#include "inference/remote/chatrequestbuilder.h"
#include "inference/remote/chatstreamdecoder.h"
#include "inference/remote/errortext.h"
#include "inference/remote/ssereader.h"

#include <utility>

namespace qiusuo::remote {

namespace {

using Status = GenerationResult::Status;
using Failure = HttpResponse::Failure;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxJsonAnswer = 64u << 20;

double msBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

void fillStats(GenerationStats& stats, const ChatStreamDecoder& decoder, const std::string& model,
               Clock::time_point attemptStart)
{
    stats.model = decoder.model().empty() ? model : decoder.model();
    if (const auto& usage = decoder.usage()) {
        stats.promptTokens = usage->promptTokens;
        stats.completionTokens = usage->completionTokens;
        stats.cachedPromptTokens = usage->cachedPromptTokens;
    } else {
        stats.completionTokens = decoder.textChunks();
    }
    if (decoder.firstTextAt()) {
        stats.timeToFirstTokenMs = msBetween(attemptStart, *decoder.firstTextAt());
        const double decodeMs = msBetween(*decoder.firstTextAt(), *decoder.lastTextAt());
        if (stats.completionTokens > 1 && decodeMs > 0)
            stats.decodeTokensPerSecond = (stats.completionTokens - 1) * 1000.0 / decodeMs;
    }
    stats.reasoningMs = decoder.reasoningMs();
}

} // namespace

RemoteBackend::RemoteBackend(RemoteConfig config) : config_(std::move(config)) {}

RemoteBackend::~RemoteBackend() = default;

std::string RemoteBackend::displayName() const
{
    if (config_.provider == RemoteConfig::Provider::DeepSeek)
        return "DeepSeek API: " + config_.model;
    try {
        return "Remote: " + config_.model + " at " + client().baseUrl().host();
    } catch (const Error&) {
        return "Remote: " + config_.model;
    }
}

const RemoteClient& RemoteBackend::client() const
{
    const std::lock_guard lock(clientMutex_);
    if (!client_)
        client_ = std::make_unique<RemoteClient>(config_);
    return *client_;
}

bool RemoteBackend::load(const ProgressCallback& progress)
{
    client();
    if (config_.model.empty())
        throw Error("No model is chosen for the remote server: pick one from the server's model list.");
    return !progress || progress(1.0f);
}

std::vector<ModelInfo> RemoteBackend::listModels(const std::atomic<bool>& stop) const
{
    return client().listModels(stop);
}

AccountBalance RemoteBackend::balance(const std::atomic<bool>& stop) const
{
    return client().balance(stop);
}

GenerationResult RemoteBackend::generate(const std::vector<ChatMessage>& messages,
                                         const GenerationParams& params, const DeltaCallback& onDelta,
                                         const std::atomic<bool>& stop)
{
    GenerationResult result;
    result.stats.model = config_.model;
    lastMalformed_ = 0;
    std::string body;
    const RemoteClient* remoteClient = nullptr;
    try {
        body = ChatRequestBuilder::build(config_, messages, params);
        remoteClient = &client();
    } catch (const Error& e) {
        result.status = Status::Error;
        result.error = redactSecret(e.what(), config_.apiKey);
        return result;
    }
    const RemoteClient& remote = *remoteClient;
    const std::string server = remote.serverName();

    ChatStreamDecoder decoder(config_.inlineThink, onDelta);
    SseReader reader([&decoder](const SseEvent& event) { decoder.onEvent(event); });
    std::string jsonAnswer;
    bool jsonMode = false;
    std::string sinkError;
    const BodySink sink = [&](const HttpResponse& head, std::string_view chunk) {
        try {
            if (head.contentType.starts_with("application/json")) {
                // A server that ignored stream:true answers in one piece.
                jsonMode = true;
                if (jsonAnswer.size() + chunk.size() > kMaxJsonAnswer)
                    throw Error("The answer of " + server + " is unreasonably large; it was abandoned.");
                jsonAnswer.append(chunk);
            } else {
                reader.feed(chunk);
            }
            return true;
        } catch (const std::exception& e) {
            sinkError = e.what();
            return false;
        }
    };
    const RemoteClient::Exchange exchange = remote.send("POST", "chat/completions", body, sink, stop);
    const HttpResponse& response = exchange.response;
    const bool ok = response.failure == Failure::None && response.status >= 200 && response.status < 300;
    if (ok) {
        try {
            if (jsonMode)
                decoder.onCompleteResponse(jsonAnswer);
            else
                reader.finish();
        } catch (const std::exception& e) {
            sinkError = e.what();
        }
    }
    decoder.finish();
    lastMalformed_ = decoder.malformedEvents();
    fillStats(result.stats, decoder, config_.model, exchange.attemptStart);
    const bool gotText = decoder.textChunks() > 0;
    const char* keptNote = " The partial answer is kept.";

    if (response.failure == Failure::Cancelled) {
        result.status = Status::Stopped;
    } else if (ok && !sinkError.empty()) {
        result.status = gotText ? Status::Interrupted : Status::Error;
        result.error = sinkError + (gotText ? keptNote : "");
    } else if (ok && !decoder.serverError().empty()) {
        result.status = gotText ? Status::Interrupted : Status::Error;
        result.error = server + " reported an error during the answer: " + decoder.serverError() + "." +
                       (gotText ? keptNote : "");
    } else if (ok && decoder.validEvents() == 0 && response.contentType.starts_with("text/html")) {
        result.status = Status::Error;
        result.error = server + " answered with a web page, not an API stream. Check the server address "
                                "(it is often the API root ending in /v1).";
    } else if (ok && decoder.validEvents() == 0) {
        result.status = Status::Error;
        result.error = decoder.malformedEvents() > 0
                           ? server + " answered, but none of its " + std::to_string(decoder.malformedEvents()) +
                                 " streamed events could be read (malformed JSON). Is this an "
                                 "OpenAI-compatible chat completions endpoint?"
                           : server + " answered with an empty stream.";
    } else if (ok && decoder.finishReason() == "insufficient_system_resource") {
        result.status = Status::Interrupted;
        result.error = server + " cut the answer short: it ran out of capacity. Try again later." + keptNote;
    } else if (ok && decoder.finishReason() == "content_filter") {
        result.status = Status::Interrupted;
        result.error = server + " stopped the answer with its content filter.";
    } else if (ok && (decoder.sawDone() || !decoder.finishReason().empty())) {
        result.status = Status::Complete;
    } else if (ok) {
        result.status = gotText ? Status::Interrupted : Status::Error;
        result.error = server + " ended the stream before the answer was complete." + (gotText ? keptNote : "");
    } else if (response.failure == Failure::Aborted) {
        result.status = gotText ? Status::Interrupted : Status::Error;
        result.error = (sinkError.empty() ? remote.describeFailure(exchange) : sinkError) +
                       (gotText ? keptNote : "");
    } else if (gotText && (response.failure == Failure::Cut || response.failure == Failure::ReadTimeout)) {
        result.status = Status::Interrupted;
        result.error = remote.describeFailure(exchange) + keptNote;
    } else {
        result.status = Status::Error;
        result.error = remote.describeFailure(exchange);
    }
    result.error = redactSecret(std::move(result.error), config_.apiKey);
    return result;
}

} // namespace qiusuo::remote
