#pragma once
/// @brief An HTTPS server on 127.0.0.1 with a freshly made self-signed
/// certificate (for 127.0.0.1), answering every request with fixed bytes.

#include <atomic>
#include <string>
#include <thread>

namespace qiusuo::remote::test {

class TlsTestServer {
public:
    /// Answers each request (after its head and Content-Length body) with `response`.
    explicit TlsTestServer(std::string response);
    ~TlsTestServer();
    TlsTestServer(const TlsTestServer&) = delete;
    TlsTestServer& operator=(const TlsTestServer&) = delete;

    int port() const { return port_; }
    /// @brief PEM file holding the server's certificate, its own authority.
    const std::string& caFile() const { return caFile_; }
    /// @brief Requests answered (handshake completed and request read).
    int answered() const { return answered_.load(); }

private:
    void serveLoop();

    std::string response_;
    std::string caFile_;
    void* ctx_ = nullptr; ///< SSL_CTX*, kept opaque so tests need no OpenSSL headers
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> answered_{0};
    std::thread thread_;
};

} // namespace qiusuo::remote::test
