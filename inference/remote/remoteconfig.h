#pragma once
/// @brief Everything the remote backend needs to reach a server: provider
/// preset, address, key, model, timeouts and the retry policy.

#include <string>

namespace qiusuo::remote {

/// How long to wait, and how often to try again, when the server is busy
/// (HTTP 429 or 503). The delay before retry n (n = 0, 1, ...) is the
/// server's Retry-After when it sent one, else initialDelayMs * 2^n; either
/// is capped at maxDelayMs. After maxRetries retries the backend gives up.
struct RetryPolicy {
    int maxRetries = 3;
    int initialDelayMs = 1000;
    int maxDelayMs = 20000;
};

/// Where think tags inside `content` (servers that inline `<think>`) begin.
enum class InlineThink {
    Detect,      ///< reasoning only when the answer opens with `<think>`
    InReasoning, ///< the server's template pre-fills `<think>`: text starts as reasoning
    Off          ///< content is shown as is
};

struct RemoteConfig {
    enum class Provider { DeepSeek, OpenAiCompatible };

    Provider provider = Provider::OpenAiCompatible;
    /// API root, e.g. "https://api.deepseek.com" or "http://127.0.0.1:8080/v1";
    /// requests go to {baseUrl}/chat/completions, {baseUrl}/models, ...
    std::string baseUrl;
    std::string apiKey;       ///< sent as a Bearer token; empty: no Authorization header
    std::string model;
    /// Plain http:// is refused except to loopback (127.0.0.0/8, ::1,
    /// localhost) unless the user sets this: keys and chats would travel in clear.
    bool allowInsecureHttp = false;
    /// DeepSeek's `{"thinking": {"type": ...}}` switch; on for the DeepSeek
    /// preset (never for deepseek-reasoner, which always thinks).
    bool sendThinkingSwitch = false;
    InlineThink inlineThink = InlineThink::Detect;

    int connectTimeoutMs = 15000; ///< DNS + TCP + TLS handshake
    /// Longest silence while waiting for the answer. DeepSeek sends keep-alive
    /// comments while a request waits in its queue, which count as activity.
    int readTimeoutMs = 120000;
    RetryPolicy retry;
    /// How often the transfer loop wakes up to check the stop flag and timeouts.
    int pollIntervalMs = 25;
    /// Optional DNS-over-HTTPS resolver URL handed to libcurl; empty: the system resolver.
    std::string dnsOverHttpsUrl;
    /// PEM file of the certificate authorities to trust instead of the
    /// system's (a self-hosted server with its own CA); empty: the system's.
    std::string caBundlePath;

    /// @brief DeepSeek's API (https://api.deepseek.com) with the given key and model.
    static RemoteConfig deepSeek(std::string apiKey, std::string model);
    /// @brief Any OpenAI-compatible server (vLLM, SGLang, Ollama, LM Studio,
    /// llama.cpp's server); the key is optional.
    static RemoteConfig openAiCompatible(std::string baseUrl, std::string model,
                                         std::string apiKey = {});
};

} // namespace qiusuo::remote
