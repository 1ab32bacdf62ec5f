#include "inference/server/openaiserver.h"

#include "inference/error.h"
#include "inference/server/chatrequest.h"
#include "inference/server/enginegate.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <ctime>
#include <random>

#ifdef __linux__
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace qiusuo::server {
namespace {

using nlohmann::json;

json errorBody(const std::string& message, const std::string& type, const std::string& param = {},
               const std::string& code = {})
{
    return {{"error",
             {{"message", message},
              {"type", type},
              {"param", param.empty() ? json() : json(param)},
              {"code", code.empty() ? json() : json(code)}}}};
}

void sendJson(httplib::Response& res, int status, const json& body)
{
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

std::string completionId()
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id = "chatcmpl-";
    for (int i = 0; i < 24; ++i)
        id.push_back(kHex[rng() % 16]);
    return id;
}

/// Compares without an early exit, so timing does not reveal the key.
bool constantTimeEquals(const std::string& a, const std::string& b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
}

json usageJson(const GenerationStats& s)
{
    json usage = {{"prompt_tokens", s.promptTokens},
                  {"completion_tokens", s.completionTokens},
                  {"total_tokens", s.promptTokens + s.completionTokens}};
    return usage;
}

std::string finishReason(const GenerationResult& r, const GenerationParams& p)
{
    if (p.maxTokens > 0 && r.stats.completionTokens >= p.maxTokens)
        return "length";
    return "stop";
}

std::string sseEvent(const json& payload)
{
    return "data: " + payload.dump() + "\n\n";
}

/// cpp-httplib (0.11, as Debian builds it) listens with a backlog of 5: a
/// burst of clients arriving faster than its accept loop gets connections
/// dropped. Linux lets a listening socket's backlog be raised by calling
/// listen() again, so find our socket by its port and do that.
void raiseAcceptBacklog([[maybe_unused]] int port)
{
#ifdef __linux__
    for (int fd = 0; fd < 1024; ++fd) {
        int listening = 0;
        socklen_t len = sizeof listening;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening)
            continue;
        sockaddr_storage addr{};
        socklen_t addrLen = sizeof addr;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addrLen) != 0)
            continue;
        int boundPort = -1;
        if (addr.ss_family == AF_INET)
            boundPort = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
        else if (addr.ss_family == AF_INET6)
            boundPort = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
        if (boundPort == port)
            ::listen(fd, SOMAXCONN);
    }
#endif
}

} // namespace

struct OpenAiServer::Impl {
    Impl(Backend& b, ServerOptions o) : backend(b), options(std::move(o)), gate(options.queueCapacity + 1) {}

    bool authorized(const httplib::Request& req, httplib::Response& res) const
    {
        if (options.apiKey.empty())
            return true;
        const std::string header = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        if (header.starts_with(prefix) && constantTimeEquals(header.substr(prefix.size()), options.apiKey))
            return true;
        sendJson(res, 401, errorBody("Incorrect API key provided.", "invalid_request_error", {}, "invalid_api_key"));
        return false;
    }

    void handleModels(const httplib::Request& req, httplib::Response& res) const
    {
        if (!authorized(req, res))
            return;
        sendJson(res, 200,
                 {{"object", "list"},
                  {"data", json::array({{{"id", options.modelId},
                                         {"object", "model"},
                                         {"created", 0},
                                         {"owned_by", "qiusuo"}}})}});
    }

    void handleChat(const httplib::Request& req, httplib::Response& res)
    {
        if (!authorized(req, res))
            return;
        auto parsed = parseChatRequest(req.body, options.defaults, options.maxTokensLimit);
        if (auto* err = std::get_if<RequestError>(&parsed)) {
            sendJson(res, 400, errorBody(err->message, "invalid_request_error", err->param));
            return;
        }
        auto request = std::make_shared<ChatRequest>(std::move(std::get<ChatRequest>(parsed)));
        auto ticket = std::make_shared<EngineGate::Ticket>(gate.tryEnter());
        if (!*ticket) {
            res.set_header("Retry-After", "1");
            sendJson(res, 503,
                     errorBody("The server is busy: too many requests are waiting for the model. Try again shortly.",
                               "server_overloaded", {}, "queue_full"));
            return;
        }
        if (request->stream)
            streamChat(request, ticket, res);
        else
            completeChat(*request, *ticket, res);
    }

    void completeChat(const ChatRequest& request, EngineGate::Ticket& ticket, httplib::Response& res)
    {
        ticket.wait();
        std::string content, reasoning;
        std::atomic<bool> stop{false};
        const GenerationResult result = backend.generate(
            request.messages, request.params,
            [&](const Delta& d) {
                content += d.content;
                reasoning += d.reasoning;
            },
            stop);
        if (result.status == GenerationResult::Status::Error) {
            sendJson(res, 500, errorBody(result.error, "server_error"));
            return;
        }
        json message = {{"role", "assistant"}, {"content", content}};
        if (!reasoning.empty())
            message["reasoning_content"] = reasoning;
        sendJson(res, 200,
                 {{"id", completionId()},
                  {"object", "chat.completion"},
                  {"created", static_cast<long long>(std::time(nullptr))},
                  {"model", options.modelId},
                  {"choices", json::array({{{"index", 0},
                                            {"message", message},
                                            {"finish_reason", finishReason(result, request.params)}}})},
                  {"usage", usageJson(result.stats)}});
    }

    void streamChat(std::shared_ptr<ChatRequest> request, std::shared_ptr<EngineGate::Ticket> ticket,
                    httplib::Response& res)
    {
        res.set_header("Cache-Control", "no-cache");
        res.set_chunked_content_provider(
            "text/event-stream",
            [this, request, ticket](std::size_t, httplib::DataSink& sink) mutable {
                ticket->wait();
                runStream(*request, sink);
                ticket.reset();  // the next request may start while this connection closes
                sink.done();
                return true;
            });
    }

    void runStream(const ChatRequest& request, httplib::DataSink& sink)
    {
        const std::string id = completionId();
        const long long created = static_cast<long long>(std::time(nullptr));
        std::atomic<bool> stop{false};
        auto chunk = [&](json delta, json finish) {
            return sseEvent({{"id", id},
                             {"object", "chat.completion.chunk"},
                             {"created", created},
                             {"model", options.modelId},
                             {"choices", json::array({{{"index", 0},
                                                       {"delta", std::move(delta)},
                                                       {"finish_reason", std::move(finish)}}})}});
        };
        auto write = [&](const std::string& text) {
            if (!stop.load() && !sink.write(text.data(), text.size()))
                stop.store(true);  // the client left: the engine stops within a token
        };
        write(chunk({{"role", "assistant"}, {"content", ""}}, nullptr));
        const GenerationResult result = backend.generate(
            request.messages, request.params,
            [&](const Delta& d) {
                json delta = json::object();
                if (!d.reasoning.empty())
                    delta["reasoning_content"] = d.reasoning;
                if (!d.content.empty())
                    delta["content"] = d.content;
                if (!delta.empty())
                    write(chunk(std::move(delta), nullptr));
            },
            stop);
        if (result.status == GenerationResult::Status::Error) {
            write(sseEvent(errorBody(result.error, "server_error")));
        } else {
            json last = json::parse(chunk(json::object(), finishReason(result, request.params)).substr(6));
            last["usage"] = usageJson(result.stats);
            write(sseEvent(last));
            if (request.includeUsage) {
                write(sseEvent({{"id", id},
                                {"object", "chat.completion.chunk"},
                                {"created", created},
                                {"model", options.modelId},
                                {"choices", json::array()},
                                {"usage", usageJson(result.stats)}}));
            }
        }
        write("data: [DONE]\n\n");
    }

    Backend& backend;
    ServerOptions options;
    EngineGate gate;
    httplib::Server http;
    int boundPort = 0;
};

OpenAiServer::OpenAiServer(Backend& backend, ServerOptions options)
    : d(std::make_unique<Impl>(backend, std::move(options)))
{
    // Enough threads that every admitted request and a few refusals run at once.
    const int threads = d->options.queueCapacity + 1 + 8;
    d->http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    d->http.set_keep_alive_timeout(2);
    d->http.set_payload_max_length(64ull * 1024 * 1024);
    d->http.Get("/v1/models", [this](const httplib::Request& q, httplib::Response& r) { d->handleModels(q, r); });
    d->http.Post("/v1/chat/completions",
                 [this](const httplib::Request& q, httplib::Response& r) { d->handleChat(q, r); });
    d->http.Get("/health", [](const httplib::Request&, httplib::Response& r) {
        r.set_content(R"({"status":"ok"})", "application/json");
    });
    d->http.set_error_handler([](const httplib::Request&, httplib::Response& r) {
        if (r.body.empty())
            sendJson(r, r.status, errorBody("No such endpoint or method.", "invalid_request_error"));
    });
    d->http.set_exception_handler([](const httplib::Request&, httplib::Response& r, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        sendJson(r, 500, errorBody(what, "server_error"));
    });
}

OpenAiServer::~OpenAiServer()
{
    stop();
}

void OpenAiServer::bind()
{
    if (d->options.port == 0) {
        d->boundPort = d->http.bind_to_any_port(d->options.host);
        if (d->boundPort < 0)
            throw Error("Could not listen on " + d->options.host + ": no free port.");
    } else if (d->http.bind_to_port(d->options.host, d->options.port)) {
        d->boundPort = d->options.port;
    } else {
        throw Error("Could not listen on " + d->options.host + ":" + std::to_string(d->options.port)
                    + " — is another server using that port?");
    }
    raiseAcceptBacklog(d->boundPort);
}

int OpenAiServer::port() const
{
    return d->boundPort;
}

void OpenAiServer::listen()
{
    d->http.listen_after_bind();
}

bool OpenAiServer::isListening() const
{
    return d->http.is_running();
}

void OpenAiServer::stop()
{
    if (d->http.is_running())
        d->http.stop();
}

} // namespace qiusuo::server
