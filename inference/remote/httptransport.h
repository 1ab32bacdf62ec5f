#pragma once
/// @brief One HTTP request over libcurl, streaming the response body to a
/// callback, stoppable at any moment and bounded by connect and read timeouts.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::remote {

struct HttpRequest {
    std::string method = "GET";       ///< "GET" or "POST"
    std::string url;
    std::vector<std::string> headers; ///< "Name: value"
    std::string body;                 ///< POST body
    int connectTimeoutMs = 15000;     ///< DNS + TCP + TLS handshake
    int readTimeoutMs = 120000;       ///< longest silence once connected
    int pollIntervalMs = 25;          ///< wake-ups to check stop and timeouts
    std::string dnsOverHttpsUrl;      ///< empty: the system resolver
    std::string caBundlePath;         ///< PEM CAs to trust instead of the system's; empty: the system's
};

struct HttpResponse {
    /// What went wrong below HTTP. Status codes >= 400 are not failures here.
    enum class Failure {
        None,
        Cancelled,       ///< the stop flag was set
        Resolve,         ///< the host name could not be resolved
        Proxy,           ///< the proxy from the environment failed
        Connect,         ///< refused or unreachable
        ConnectTimeout,  ///< no connection (incl. TLS handshake) in time
        ReadTimeout,     ///< connected, then silence for too long
        Tls,             ///< TLS handshake failed (not TLS, protocol, cipher)
        TlsCertificate,  ///< the server's certificate was not trusted
        Cut,             ///< the connection broke during the response
        Aborted,         ///< the body callback asked to stop
        Other
    };
    Failure failure = Failure::None;
    long status = 0;            ///< HTTP status of the final response, 0 when none came
    std::string contentType;
    std::string retryAfter;     ///< raw Retry-After header value, if any
    std::size_t bodyBytes = 0;  ///< body bytes received
    std::string detail;         ///< libcurl's own words, for Failure::Other
};

/// Receives the body as it arrives, with the response so far (status code
/// and headers known). Returns false to abandon the transfer (Failure::Aborted).
using BodySink = std::function<bool(const HttpResponse& head, std::string_view chunk)>;

/// Drives libcurl's multi interface in the calling thread, waking every
/// pollIntervalMs: setting `stop` ends the transfer within about that time,
/// even while the server is silent (libcurl's own progress callback can wait
/// up to a second). Proxies from the environment (http_proxy, https_proxy,
/// no_proxy) apply, as libcurl does by default. Redirects are not followed.
class HttpTransport {
public:
    /// @brief Runs `request` to completion, failure or stop. Never throws.
    static HttpResponse perform(const HttpRequest& request, const BodySink& sink,
                                const std::atomic<bool>& stop);
};

} // namespace qiusuo::remote
