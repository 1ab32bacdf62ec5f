#pragma once
/// @brief Our OpenAI-compatible HTTP server (`qiusuo-cli serve`): any Backend
/// behind `GET /v1/models` and `POST /v1/chat/completions`, streaming or not,
/// with reasoning in `reasoning_content` as DeepSeek's API sends it.
///
/// Requests take turns on the one engine in arrival order; beyond
/// `queueCapacity` waiting requests the server answers 503 at once. It binds
/// loopback unless told otherwise; with an API key set, a request without
/// `Authorization: Bearer <key>` gets 401.

#include "inference/backend.h"

#include <memory>
#include <string>

namespace qiusuo::server {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                 ///< 0: any free port (see OpenAiServer::port())
    std::string apiKey;              ///< empty: no authentication
    std::string modelId = "qiusuo";  ///< the id /v1/models lists and replies carry
    int queueCapacity = 8;           ///< requests waiting behind the running one
    int maxTokensLimit = 32768;      ///< the largest max_tokens accepted
    GenerationParams defaults;       ///< sampling a request leaves unset
};

class OpenAiServer {
public:
    /// `backend` must be loaded and outlive the server.
    OpenAiServer(Backend& backend, ServerOptions options);
    ~OpenAiServer();
    OpenAiServer(const OpenAiServer&) = delete;
    OpenAiServer& operator=(const OpenAiServer&) = delete;

    /// Binds the socket; throws qiusuo::Error when the address is taken or invalid.
    void bind();
    /// The bound port (after bind()).
    int port() const;
    /// Serves until stop() is called from another thread or a signal handler.
    void listen();
    /// True once listen() accepts connections. Connections made before that
    /// wait in the kernel's small accept queue and may be dropped in a burst.
    bool isListening() const;
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace qiusuo::server
