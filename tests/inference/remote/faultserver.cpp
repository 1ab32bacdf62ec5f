#include "faultserver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace qiusuo::remote::test {

namespace {

using namespace std::chrono_literals;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 404: return "Not Found";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

/// Waits up to `ms` for `fd` to be readable; false on timeout or shutdown.
bool waitReadable(int fd, const std::atomic<bool>& stopping, std::chrono::milliseconds total)
{
    const auto until = std::chrono::steady_clock::now() + total;
    while (!stopping.load() && std::chrono::steady_clock::now() < until) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10) > 0)
            return true;
    }
    return false;
}

} // namespace

bool Connection::send(std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool Connection::sendChunk(std::string_view bytes)
{
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
    return send(size) && send(bytes) && send("\r\n");
}

bool Connection::drip(std::string_view bytes, std::chrono::milliseconds gap)
{
    for (const char c : bytes) {
        if (!sendChunk(std::string_view(&c, 1)) || !pause(gap))
            return false;
    }
    return true;
}

bool Connection::pause(std::chrono::milliseconds duration)
{
    const auto until = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < until) {
        if (stopping_.load())
            return false;
        pollfd p{fd_, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (::poll(&p, 1, static_cast<int>(std::clamp<long long>(left.count(), 0, 10))) > 0) {
            char discard[4096];
            if (::recv(fd_, discard, sizeof discard, 0) <= 0)
                return false; // the client closed the connection
        }
    }
    return true;
}

FaultServer::FaultServer(Scenario scenario, bool parseRequests)
    : scenario_(std::move(scenario)), parse_(parseRequests)
{
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listenFd_, 64) != 0)
        throw std::runtime_error("test server: cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

FaultServer::~FaultServer()
{
    stopping_ = true;
    acceptor_.join();
    {
        std::lock_guard lock(mutex_);
        for (const int fd : openFds_)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& t : workers_)
        t.join();
    ::close(listenFd_);
}

std::string FaultServer::url(const std::string& path) const
{
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<RecordedRequest> FaultServer::requests() const
{
    std::lock_guard lock(mutex_);
    return requests_;
}

void FaultServer::acceptLoop()
{
    while (!stopping_.load()) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 10) <= 0)
            continue;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        std::lock_guard lock(mutex_);
        openFds_.push_back(fd);
        workers_.emplace_back([this, fd] { serve(fd); });
    }
}

void FaultServer::serve(int fd)
{
    RecordedRequest request;
    bool complete = false;
    char buf[65536];
    if (!parse_) {
        if (waitReadable(fd, stopping_, 5s)) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            request.raw.assign(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
            complete = true;
        }
    } else {
        std::size_t headEnd = std::string::npos;
        while (headEnd == std::string::npos && waitReadable(fd, stopping_, 5s)) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            request.raw.append(buf, static_cast<std::size_t>(n));
            headEnd = request.raw.find("\r\n\r\n");
        }
        if (headEnd != std::string::npos) {
            std::istringstream head(request.raw.substr(0, headEnd));
            std::string line;
            std::getline(head, line);
            std::istringstream requestLine(line);
            requestLine >> request.method >> request.target;
            while (std::getline(head, line)) {
                const auto colon = line.find(':');
                if (colon != std::string::npos)
                    request.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
            }
            std::size_t length = 0;
            if (auto it = request.headers.find("content-length"); it != request.headers.end())
                length = std::stoul(it->second);
            if (auto it = request.headers.find("expect"); it != request.headers.end())
                Connection(fd, stopping_).send("HTTP/1.1 100 Continue\r\n\r\n");
            request.body = request.raw.substr(headEnd + 4);
            while (request.body.size() < length && waitReadable(fd, stopping_, 5s)) {
                const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0)
                    break;
                request.body.append(buf, static_cast<std::size_t>(n));
                request.raw.append(buf, static_cast<std::size_t>(n));
            }
            complete = request.body.size() >= length;
        }
    }
    if (complete) {
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        Connection connection(fd, stopping_);
        scenario_(connection, request);
    }
    std::lock_guard lock(mutex_);
    ::close(fd);
    openFds_.erase(std::find(openFds_.begin(), openFds_.end(), fd));
}

std::string FaultServer::response(int status, std::string_view body, std::string_view contentType,
                                  std::string_view extraHeaders)
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) + "\r\n";
    out += "Content-Type: " + std::string(contentType) + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "Connection: close\r\n";
    out += extraHeaders;
    out += "\r\n";
    out += body;
    return out;
}

std::string FaultServer::sseHead(std::string_view extraHeaders)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
           "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n" +
           std::string(extraHeaders) + "\r\n";
}

void FaultServer::replay(Connection& c, std::string_view transcript)
{
    if (!c.send(sseHead()))
        return;
    // One chunk per event, as servers flush them.
    std::size_t start = 0;
    while (start < transcript.size()) {
        std::size_t end = transcript.find("\n\n", start);
        end = end == std::string_view::npos ? transcript.size() : end + 2;
        if (!c.sendChunk(transcript.substr(start, end - start)))
            return;
        start = end;
    }
    c.endChunks();
}

int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string readFixture(const std::string& name)
{
    const std::string path = std::string(QIUSUO_SOURCE_DIR) + "/tests/data/remote/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("missing test fixture " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace qiusuo::remote::test
