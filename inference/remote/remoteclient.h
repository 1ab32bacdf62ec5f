#pragma once
/// @brief Requests to an OpenAI-compatible API: the key, the retries when the
/// server is busy, the model list and DeepSeek's account balance.

#include "inference/remote/baseurl.h"
#include "inference/remote/httptransport.h"
#include "inference/remote/remoteconfig.h"

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace qiusuo::remote {

struct ModelInfo {
    std::string id;      ///< what goes into "model"
    std::string ownedBy; ///< "deepseek", "vllm", ... (may be empty)
};

/// One currency's balance, as DeepSeek reports it (decimal strings).
struct BalanceInfo {
    std::string currency;
    std::string total;
    std::string granted;
    std::string toppedUp;
};

struct AccountBalance {
    bool available = false; ///< enough balance to make API calls
    std::vector<BalanceInfo> balances;
};

/// Stateless apart from its configuration; safe to use from several threads.
class RemoteClient {
public:
    /// The outcome of one logical request, after any retries.
    struct Exchange {
        HttpResponse response;
        int retries = 0;          ///< retries spent on 429 / 503
        std::string errorBody;    ///< body of a non-2xx response (first 64 KiB)
        std::chrono::steady_clock::time_point attemptStart; ///< start of the last attempt
    };

    /// @brief Checks the configuration (server address); throws qiusuo::Error.
    explicit RemoteClient(RemoteConfig config);

    const RemoteConfig& config() const { return config_; }
    const BaseUrl& baseUrl() const { return baseUrl_; }
    /// @brief How messages name the server: "DeepSeek", or the host name.
    std::string serverName() const;

    /// @brief Sends `method` {base}/`path` with the key, retrying while the
    /// server answers 429 or 503 (RetryPolicy; Retry-After honoured). Bodies of
    /// 2xx responses go to `sink`; others are kept in Exchange::errorBody.
    /// Waiting between retries ends early when `stop` is set.
    Exchange send(const std::string& method, const std::string& path, const std::string& body,
                  const BodySink& sink, const std::atomic<bool>& stop) const;

    /// @brief The user's sentence for a failed exchange (HTTP status or
    /// network failure), the key redacted; empty when it succeeded.
    std::string describeFailure(const Exchange& exchange) const;

    /// @brief GET {base}/models. Throws qiusuo::Error with a sentence for the user.
    std::vector<ModelInfo> listModels(const std::atomic<bool>& stop) const;

    /// @brief GET {base}/user/balance (DeepSeek's `balance_infos`). Throws qiusuo::Error.
    AccountBalance balance(const std::atomic<bool>& stop) const;

private:
    std::string getJson(const std::string& path, const std::atomic<bool>& stop) const;
    HttpRequest makeRequest(const std::string& method, const std::string& path,
                            const std::string& body) const;

    RemoteConfig config_;
    BaseUrl baseUrl_;
};

} // namespace qiusuo::remote
