#pragma once
/// @brief A raw-socket HTTP server on 127.0.0.1 for the remote backend's
/// tests: each connection runs a scripted scenario (SSE transcripts, error
/// statuses, slow drips, cuts, silence) with full control over the bytes.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace qiusuo::remote::test {

struct RecordedRequest {
    std::string method;
    std::string target;                        ///< as on the request line
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;
    std::string raw;                           ///< everything read (head + body)
};

/// One accepted connection, handed to the scenario.
class Connection {
public:
    Connection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

    /// @brief Writes all bytes; false when the client went away.
    bool send(std::string_view bytes);
    /// @brief Writes one HTTP/1.1 chunk (chunked transfer encoding).
    bool sendChunk(std::string_view bytes);
    /// @brief The terminating zero chunk.
    bool endChunks() { return send("0\r\n\r\n"); }
    /// @brief Sends `bytes` as one chunk per byte, pausing `gap` after each.
    bool drip(std::string_view bytes, std::chrono::milliseconds gap);
    /// @brief Sleeps, waking early (false) when the server shuts down or the client left.
    bool pause(std::chrono::milliseconds duration);
    /// @brief Says nothing until the client closes or the server shuts down.
    void staySilent() { pause(std::chrono::hours(1)); }

private:
    int fd_;
    const std::atomic<bool>& stopping_;
};

class FaultServer {
public:
    using Scenario = std::function<void(Connection&, const RecordedRequest&)>;

    /// Listens on 127.0.0.1, port chosen by the system. With `parseRequests`
    /// false the scenario runs as soon as any byte arrives, the request left
    /// unparsed (for TLS clients talking to a plain server).
    explicit FaultServer(Scenario scenario, bool parseRequests = true);
    ~FaultServer();
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    int port() const { return port_; }
    /// @brief "http://127.0.0.1:<port><path>".
    std::string url(const std::string& path = "/v1") const;
    std::vector<RecordedRequest> requests() const;

    // Building blocks for scenarios.
    static std::string response(int status, std::string_view body,
                                std::string_view contentType = "application/json",
                                std::string_view extraHeaders = "");
    static std::string sseHead(std::string_view extraHeaders = "");
    /// @brief Streams `transcript` as SSE in one chunk per line group, then ends it.
    static void replay(Connection& c, std::string_view transcript);

private:
    void acceptLoop();
    void serve(int fd);

    Scenario scenario_;
    bool parse_;
    int listenFd_ = -1;
    int wakeFd_[2] = {-1, -1};
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<RecordedRequest> requests_;
    std::vector<int> openFds_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

/// @brief A port on 127.0.0.1 where nothing listens (connections are refused).
int closedPort();
/// @brief The text of tests/data/remote/<name>.
std::string readFixture(const std::string& name);

} // namespace qiusuo::remote::test
