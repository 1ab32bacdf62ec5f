#pragma once
/// @brief The Backend for the DeepSeek API and any OpenAI-compatible server:
/// streams POST {base}/chat/completions over libcurl.

#include "inference/backend.h"
#include "inference/remote/remoteclient.h"
#include "inference/remote/remoteconfig.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qiusuo::remote {

/// How a streamed answer ends:
///  - Complete: `data: [DONE]` or a finish_reason arrived (also "length");
///  - Stopped: the stop flag was set (checked every pollIntervalMs, also while
///    the server is silent or while waiting to retry);
///  - Interrupted: text had arrived, then the connection broke, went silent
///    past the read timeout, the server reported an error, or the stream ended
///    without finishing; the partial answer stays with the caller;
///  - Error: nothing usable arrived (HTTP error, network failure, or only
///    malformed events). Malformed events amid valid ones are skipped and
///    counted (lastMalformedEventCount()).
/// Stats: tokens from the usage chunk (DeepSeek's prompt_cache_hit_tokens as
/// cachedPromptTokens); without usage, completionTokens counts text chunks.
/// Time to first token runs from the start of the (last) attempt to the first
/// text; decode tokens/s is (completionTokens - 1) over first-to-last text.
class RemoteBackend : public Backend {
public:
    explicit RemoteBackend(RemoteConfig config);
    ~RemoteBackend() override;

    std::string displayName() const override;
    /// @brief Checks the configuration (address, model) without contacting the
    /// server; throws qiusuo::Error naming what is wrong.
    bool load(const ProgressCallback& progress) override;
    GenerationResult generate(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                              const DeltaCallback& onDelta, const std::atomic<bool>& stop) override;

    /// @brief The models the server offers (GET {base}/models). Throws qiusuo::Error.
    std::vector<ModelInfo> listModels(const std::atomic<bool>& stop) const;
    /// @brief The account balance (DeepSeek: GET {base}/user/balance). Throws qiusuo::Error.
    AccountBalance balance(const std::atomic<bool>& stop) const;

    /// @brief Malformed events skipped in the last generate().
    int lastMalformedEventCount() const { return lastMalformed_; }

private:
    const RemoteClient& client() const;

    RemoteConfig config_;
    mutable std::mutex clientMutex_; ///< listModels() may run beside generate()
    mutable std::unique_ptr<RemoteClient> client_;
    int lastMalformed_ = 0;
};

} // namespace qiusuo::remote
