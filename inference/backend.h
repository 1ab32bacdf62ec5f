#pragma once
/// @brief The one interface the app drives: the local engine and the remote
/// client implement it alike. No Qt; callbacks run on the caller's thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qiusuo {

/// One turn of a conversation as sent to a model. `reasoning` is kept for
/// display only: backends never send it back to a model.
struct ChatMessage {
    enum class Role { System, User, Assistant };
    Role role = Role::User;
    std::string content;
    std::string reasoning;
};

/// Sampling and stopping. Defaults are DeepSeek-R1's recommendations.
struct GenerationParams {
    float temperature = 0.6f;
    float topP = 0.95f;
    int topK = 0;               ///< 0: off
    float minP = 0.0f;          ///< 0: off
    float repeatPenalty = 1.0f; ///< 1: off
    int repeatLastN = 64;
    float presencePenalty = 0.0f;
    float frequencyPenalty = 0.0f;
    std::optional<std::uint64_t> seed;  ///< same seed, same output
    int maxTokens = -1;                 ///< -1: until end of generation or context
    std::vector<std::string> stop;      ///< stop strings (not shown to the user)
    bool thinking = true;               ///< false: R1-type models answer directly
    std::string reasoningEffort;        ///< remote only, passed through when set
};

/// A piece of streamed output, already split into reasoning and answer.
struct Delta {
    std::string reasoning;
    std::string content;
};

struct GenerationStats {
    int promptTokens = 0;
    int completionTokens = 0;
    int cachedPromptTokens = 0;      ///< remote: prompt-cache hits, when reported
    double timeToFirstTokenMs = 0;
    double prefillTokensPerSecond = 0;
    double decodeTokensPerSecond = 0;
    double reasoningMs = 0;          ///< first reasoning text to the closing tag
    std::string model;
};

/// How a generation ended. `error` is for the user, in plain words.
struct GenerationResult {
    enum class Status { Complete, Stopped, Error, Interrupted };
    Status status = Status::Complete;
    std::string error;
    GenerationStats stats;
};

/// Reports load progress in [0, 1]; returning false cancels the load.
using ProgressCallback = std::function<bool(float progress)>;
using DeltaCallback = std::function<void(const Delta&)>;

class Backend {
public:
    virtual ~Backend() = default;

    /// Human-readable name: "Local: DeepSeek-R1-Distill-Qwen-1.5B Q4_K_M (CPU)".
    virtual std::string displayName() const = 0;

    /// Prepares the backend (maps the model, connects...). Throws qiusuo::Error
    /// with a message for the user; returns false when cancelled by `progress`.
    virtual bool load(const ProgressCallback& progress) = 0;

    /// Streams the model's answer to `messages` through `onDelta`. Returns when
    /// finished, stopped (`stop` set: honoured within one token) or failed.
    /// Never throws: failures come back as Status::Error with a message.
    virtual GenerationResult generate(const std::vector<ChatMessage>& messages,
                                      const GenerationParams& params,
                                      const DeltaCallback& onDelta,
                                      const std::atomic<bool>& stop) = 0;
};

} // namespace qiusuo
