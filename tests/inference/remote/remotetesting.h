#pragma once
/// @brief Shared pieces of the remote backend tests: a fast configuration for
/// the local fault server, a delta collector, and an environment guard.

#include "inference/backend.h"
#include "inference/remote/remotebackend.h"

#include "faultserver.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace qiusuo::remote::test {

/// A key that must never show up in any message.
inline constexpr const char* kSecretKey = "sk-test-0123456789abcdefSECRET";

/// Short limits so failures show up in milliseconds, not minutes.
inline RemoteConfig fastConfig(const std::string& baseUrl)
{
    RemoteConfig config = RemoteConfig::openAiCompatible(baseUrl, "test-model", kSecretKey);
    config.connectTimeoutMs = 2000;
    config.readTimeoutMs = 2000;
    config.retry = RetryPolicy{2, 10, 50};
    config.pollIntervalMs = 10;
    return config;
}

/// The DeepSeek preset pointed at the local server.
inline RemoteConfig fastDeepSeekConfig(const std::string& baseUrl, const std::string& model)
{
    RemoteConfig config = RemoteConfig::deepSeek(kSecretKey, model);
    const RemoteConfig fast = fastConfig(baseUrl);
    config.baseUrl = baseUrl;
    config.connectTimeoutMs = fast.connectTimeoutMs;
    config.readTimeoutMs = fast.readTimeoutMs;
    config.retry = fast.retry;
    config.pollIntervalMs = fast.pollIntervalMs;
    return config;
}

struct Collector {
    std::string reasoning;
    std::string content;
    int deltas = 0;
    DeltaCallback callback()
    {
        return [this](const Delta& d) {
            reasoning += d.reasoning;
            content += d.content;
            ++deltas;
        };
    }
};

inline std::vector<ChatMessage> oneQuestion(const std::string& text = "What is 2+2?")
{
    return {ChatMessage{ChatMessage::Role::User, text, ""}};
}

/// Sets (or unsets, with nullopt) an environment variable for one scope.
class EnvGuard {
public:
    EnvGuard(const char* name, std::optional<std::string> value) : name_(name)
    {
        if (const char* old = std::getenv(name))
            old_ = old;
        if (value)
            ::setenv(name, value->c_str(), 1);
        else
            ::unsetenv(name);
    }
    ~EnvGuard()
    {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

/// Proxies set in the environment of whoever runs the tests must not divert
/// the loopback requests: each test clears them (the proxy test sets its own).
class NoProxyEnvironment {
    EnvGuard a_{"http_proxy", std::nullopt};
    EnvGuard b_{"HTTP_PROXY", std::nullopt};
    EnvGuard c_{"https_proxy", std::nullopt};
    EnvGuard d_{"HTTPS_PROXY", std::nullopt};
    EnvGuard e_{"all_proxy", std::nullopt};
    EnvGuard f_{"ALL_PROXY", std::nullopt};
    EnvGuard g_{"no_proxy", std::nullopt};
    EnvGuard h_{"NO_PROXY", std::nullopt};
};

/// @brief Fails the test when the API key appears in `text`.
inline void expectNoKey(const std::string& text)
{
    EXPECT_EQ(text.find(kSecretKey), std::string::npos) << "the API key leaked into: " << text;
    EXPECT_EQ(text.find("0123456789abcdef"), std::string::npos) << "part of the key leaked into: " << text;
}

} // namespace qiusuo::remote::test
