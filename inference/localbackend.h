#pragma once
/// @brief The local engine behind the Backend interface: a GGUF model, its
/// tokenizer and chat template, the sampler, stop strings and the <think>
/// splitter, streaming Delta{reasoning, content}.
///
/// The KV cache is kept between turns: a new prompt that starts with the
/// tokens already evaluated (the usual case in a conversation) only prefills
/// what is new.

#include "inference/backend.h"
#include "inference/models/model.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace qiusuo {

namespace gguf {
class GgufFile;
}
namespace tokenizer {
class Tokenizer;
}
namespace chat {
class ChatTemplate;
}

struct LocalBackendOptions {
    std::filesystem::path modelPath;
    models::ModelOptions model;     ///< context, precision, threads
    std::string templateOverride;   ///< a ChatTemplate name; empty: recognized from the file
    /// When the conversation no longer fits the context: false (default)
    /// refuses with a message; true drops the oldest turns, keeping the
    /// system prompt and the newest user message.
    bool dropOldestTurns = false;
};

class LocalBackend : public Backend {
public:
    explicit LocalBackend(LocalBackendOptions options);
    ~LocalBackend() override;

    std::string displayName() const override;
    /// Maps the file, checks it fits in memory (refused before allocating,
    /// with the numbers), builds tokenizer, template and model.
    bool load(const ProgressCallback& progress) override;
    GenerationResult generate(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                              const DeltaCallback& onDelta, const std::atomic<bool>& stop) override;

    /// After load(): the parts, for the CLI's verification commands and tests.
    const tokenizer::Tokenizer& tokenizer() const;
    const chat::ChatTemplate& chatTemplate() const;
    models::Model& model();
    /// The prompt tokens generate() would evaluate for `messages`.
    std::vector<std::int32_t> promptTokens(const std::vector<ChatMessage>& messages,
                                           const GenerationParams& params) const;

private:
    GenerationResult run(std::vector<ChatMessage> messages, const GenerationParams& params,
                         const DeltaCallback& onDelta, const std::atomic<bool>& stop);
    std::vector<std::int32_t> fitToContext(std::vector<ChatMessage>& messages, const GenerationParams& params) const;

    LocalBackendOptions options_;
    std::shared_ptr<const gguf::GgufFile> file_;
    std::unique_ptr<tokenizer::Tokenizer> tokenizer_;
    std::unique_ptr<chat::ChatTemplate> template_;
    std::unique_ptr<models::Model> model_;
    /// Tokens whose keys and values are in the KV cache, in order.
    std::vector<std::int32_t> cached_;
};

/// Bytes of memory a model needs beyond its file: the KV cache for
/// `context` positions (an estimate from the file's hyper-parameters).
std::uint64_t estimateKvCacheBytes(const gguf::GgufFile& file, std::int32_t context, models::KvType kvType);

} // namespace qiusuo
