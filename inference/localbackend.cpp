#include "inference/localbackend.h"

#include "inference/chat/chattemplate.h"
#include "inference/chat/thinksplitter.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/modelfactory.h"
#include "inference/sampling/sampler.h"
#include "inference/sampling/stopstringmatcher.h"
#include "inference/tokenizer/streamingdecoder.h"
#include "inference/tokenizer/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace qiusuo {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string gigabytes(std::uint64_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / 1e9);
    return buf;
}

/// Memory the system can give us now (Linux: MemAvailable); 0 when unknown.
std::uint64_t availableMemoryBytes()
{
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kb = 0;
    std::string unit;
    while (meminfo >> key >> kb >> unit) {
        if (key == "MemAvailable:")
            return kb * 1024;
    }
    return 0;
}

std::size_t commonPrefix(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b)
{
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

} // namespace

std::uint64_t estimateKvCacheBytes(const gguf::GgufFile& file, std::int32_t context, models::KvType kvType)
{
    const std::string arch = file.architecture();
    const auto get = [&](const char* suffix) { return file.getInt(arch + suffix).value_or(0); };
    const std::int64_t layers = get(".block_count");
    const std::int64_t heads = std::max<std::int64_t>(1, get(".attention.head_count"));
    const std::int64_t kvHeads = std::max<std::int64_t>(1, file.getInt(arch + ".attention.head_count_kv").value_or(heads));
    const std::int64_t embd = get(".embedding_length");
    const std::int64_t keyLen = file.getInt(arch + ".attention.key_length").value_or(embd / heads);
    const std::int64_t valueLen = file.getInt(arch + ".attention.value_length").value_or(keyLen);
    const std::int64_t trained = get(".context_length");
    const std::int64_t ctx = trained > 0 ? std::min<std::int64_t>(context, trained) : context;
    const std::int64_t elementBytes = kvType == models::KvType::F16 ? 2 : 4;
    return static_cast<std::uint64_t>(layers * ctx * kvHeads * (keyLen + valueLen) * elementBytes);
}

LocalBackend::LocalBackend(LocalBackendOptions options) : options_(std::move(options)) {}

LocalBackend::~LocalBackend() = default;

std::string LocalBackend::displayName() const
{
    std::string name = options_.modelPath.stem().string();
    if (file_) {
        if (auto general = file_->getString("general.name"); general && !general->empty())
            name = *general;
    }
    return "Local: " + name + " (CPU)";
}

bool LocalBackend::load(const ProgressCallback& progress)
{
    const auto report = [&](float p) { return !progress || progress(p); };
    if (!report(0.0f))
        return false;
    auto file = std::shared_ptr<const gguf::GgufFile>(gguf::GgufFile::open(options_.modelPath));
    if (!report(0.2f))
        return false;

    const models::KvType kvType = options_.model.kvType.value_or(
        options_.model.precision == cpu::Precision::Precise ? models::KvType::F32 : models::KvType::F16);
    const std::uint64_t weights = file->fileSize();
    const std::uint64_t kv = estimateKvCacheBytes(*file, options_.model.context, kvType);
    const std::uint64_t available = availableMemoryBytes();
    if (available > 0 && weights + kv > available) {
        throw Error("This model needs about " + gigabytes(weights + kv) + " of memory (" + gigabytes(weights)
                    + " of weights and " + gigabytes(kv) + " for the context), but only " + gigabytes(available)
                    + " is available. Close other programs, pick a smaller quantization, or lower the context length.");
    }

    auto tok = tokenizer::Tokenizer::fromGguf(file);
    auto tmpl = std::make_unique<chat::ChatTemplate>(chat::ChatTemplate::forGguf(*file, options_.templateOverride));
    if (!report(0.4f))
        return false;
    auto model = models::loadModel(file, options_.model);
    if (!report(1.0f))
        return false;

    file_ = std::move(file);
    tokenizer_ = std::move(tok);
    template_ = std::move(tmpl);
    model_ = std::move(model);
    cached_.clear();
    return true;
}

const tokenizer::Tokenizer& LocalBackend::tokenizer() const
{
    return *tokenizer_;
}

const chat::ChatTemplate& LocalBackend::chatTemplate() const
{
    return *template_;
}

models::Model& LocalBackend::model()
{
    return *model_;
}

std::vector<std::int32_t> LocalBackend::promptTokens(const std::vector<ChatMessage>& messages,
                                                     const GenerationParams& params) const
{
    // The template's own special tokens are parsed; the conversation's words
    // are not, so a user who types "<｜end▁of▁sentence｜>" sends that text.
    std::vector<std::int32_t> tokens;
    for (const chat::PromptPiece& piece :
         template_->renderPieces(messages, chat::ChatRenderOptions::forGeneration(params))) {
        const std::vector<std::int32_t> ids = tokenizer_->encode(piece.text, /*addBos=*/false, piece.special);
        tokens.insert(tokens.end(), ids.begin(), ids.end());
    }
    if (tokens.empty())
        throw Error("The chat template produced an empty prompt.");
    return tokens;
}

std::vector<std::int32_t> LocalBackend::fitToContext(std::vector<ChatMessage>& messages,
                                                     const GenerationParams& params) const
{
    const std::int32_t context = model_->contextSize();
    // Room for at least a short answer.
    const std::int32_t reserve = std::min<std::int32_t>(context / 8, 256);
    std::vector<std::int32_t> tokens = promptTokens(messages, params);
    while (static_cast<std::int32_t>(tokens.size()) + reserve > context) {
        auto firstTurn = std::find_if(messages.begin(), messages.end(),
                                      [](const ChatMessage& m) { return m.role != ChatMessage::Role::System; });
        const std::size_t turns = static_cast<std::size_t>(std::count_if(
            messages.begin(), messages.end(), [](const ChatMessage& m) { return m.role != ChatMessage::Role::System; }));
        if (!options_.dropOldestTurns || turns <= 1) {
            throw Error("The conversation is " + std::to_string(tokens.size())
                        + " tokens long, more than fits in the model's context of " + std::to_string(context)
                        + " tokens with room for an answer. Start a new chat, shorten the message, or raise the "
                          "context length in Settings.");
        }
        // Drop the oldest turn: a user message and the answers that follow it.
        auto end = std::next(firstTurn);
        while (end != messages.end() && end->role == ChatMessage::Role::Assistant)
            ++end;
        messages.erase(firstTurn, end);
        tokens = promptTokens(messages, params);
    }
    return tokens;
}

GenerationResult LocalBackend::generate(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                                        const DeltaCallback& onDelta, const std::atomic<bool>& stop)
{
    if (!model_) {
        GenerationResult r;
        r.status = GenerationResult::Status::Error;
        r.error = "The model is not loaded yet.";
        return r;
    }
    try {
        return run(messages, params, onDelta, stop);
    } catch (const std::exception& e) {
        GenerationResult r;
        r.status = GenerationResult::Status::Error;
        r.error = e.what();
        return r;
    }
}

GenerationResult LocalBackend::run(std::vector<ChatMessage> messages, const GenerationParams& params,
                                   const DeltaCallback& onDelta, const std::atomic<bool>& stop)
{
    const Clock::time_point start = Clock::now();
    GenerationResult result;
    result.stats.model = displayName();

    const std::vector<std::int32_t> prompt = fitToContext(messages, params);
    result.stats.promptTokens = static_cast<int>(prompt.size());

    // Reuse the cache for the prefix this prompt shares with what it holds; at
    // least the last prompt token is evaluated again, for its logits.
    std::size_t reuse = std::min(commonPrefix(cached_, prompt), prompt.size() - 1);
    cached_.resize(reuse);
    std::vector<float> logits = model_->evaluate(
        std::span<const std::int32_t>(prompt).subspan(reuse), static_cast<std::int32_t>(reuse));
    cached_ = prompt;
    const double prefillMs = msSince(start);
    if (prompt.size() > reuse)
        result.stats.prefillTokensPerSecond = static_cast<double>(prompt.size() - reuse) / (prefillMs / 1000.0);

    sampling::Sampler sampler(params);
    const chat::ChatRenderOptions renderOptions = chat::ChatRenderOptions::forGeneration(params);
    chat::ThinkSplitter::Options splitOptions;
    splitOptions.start = template_->startsInReasoning(renderOptions) ? chat::ThinkSplitter::Start::InReasoning
                                                                     : chat::ThinkSplitter::Start::Detect;
    chat::ThinkSplitter splitter(splitOptions);
    std::vector<std::string> stops = params.stop;
    for (const std::string& s : template_->stopStrings())
        stops.push_back(s);
    sampling::StopStringMatcher matcher(stops);
    tokenizer::StreamingDecoder decoder(*tokenizer_);

    const auto emit = [&](const Delta& d) {
        if (!d.reasoning.empty() || !d.content.empty())
            onDelta(d);
    };
    const auto pushText = [&](const std::string& text) {
        const auto r = matcher.feed(text);
        emit(splitter.feed(r.text));
        return r.stopped;
    };

    const Clock::time_point decodeStart = Clock::now();
    int generated = 0;
    while (true) {
        if (stop.load()) {
            result.status = GenerationResult::Status::Stopped;
            break;
        }
        const std::int32_t token = sampler.sample(logits);
        if (generated == 0)
            result.stats.timeToFirstTokenMs = msSince(start);
        if (tokenizer_->isEog(token))
            break;
        sampler.accept(token);
        ++generated;
        if (pushText(decoder.push(token)))
            break;
        if (params.maxTokens > 0 && generated >= params.maxTokens)
            break;
        if (static_cast<std::int32_t>(cached_.size()) >= model_->contextSize()) {
            result.status = GenerationResult::Status::Error;
            result.error = "The answer filled the model's context (" + std::to_string(model_->contextSize())
                           + " tokens) and was cut off. Start a new chat or raise the context length in Settings.";
            break;
        }
        logits = model_->evaluate(std::span<const std::int32_t>(&token, 1), static_cast<std::int32_t>(cached_.size()));
        cached_.push_back(token);
    }
    if (!matcher.stopped()) {
        pushText(decoder.flush());
        emit(splitter.feed(matcher.flush()));
    }
    emit(splitter.finish());

    const double decodeMs = msSince(decodeStart);
    result.stats.completionTokens = generated;
    if (generated > 0 && decodeMs > 0)
        result.stats.decodeTokensPerSecond = generated / (decodeMs / 1000.0);
    result.stats.reasoningMs = splitter.reasoningMs();
    return result;
}

} // namespace qiusuo
