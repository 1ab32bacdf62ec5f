#pragma once
/// @brief A server's API root, checked once: scheme, host, and the rule that
/// plain HTTP goes only to this machine unless the user allows it.

#include <string>

namespace qiusuo::remote {

class BaseUrl {
public:
    /// @brief Parses and checks `url`; throws qiusuo::Error saying what is
    /// wrong (not a URL, not http/https, plain http to another machine
    /// without `allowInsecureHttp`).
    static BaseUrl parse(const std::string& url, bool allowInsecureHttp);

    /// @brief The root joined with `path` ("chat/completions"), one slash between.
    std::string join(const std::string& path) const;

    const std::string& url() const { return url_; }
    const std::string& host() const { return host_; }
    bool isHttps() const { return https_; }
    /// @brief 127.0.0.0/8, ::1, "localhost" or a name under ".localhost".
    bool isLoopback() const { return loopback_; }

    /// @brief True for loopback host names and addresses (see isLoopback()).
    static bool isLoopbackHost(const std::string& host);

private:
    std::string url_;  ///< without trailing slashes
    std::string host_;
    bool https_ = false;
    bool loopback_ = false;
};

} // namespace qiusuo::remote
