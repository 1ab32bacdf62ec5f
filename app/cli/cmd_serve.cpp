// qiusuo-cli serve: the local engine as an OpenAI-compatible HTTP server.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/localbackend.h"
#include "inference/server/openaiserver.h"

#include <csignal>
#include <cstdio>
#include <thread>

#include <pthread.h>

namespace {

bool isLoopback(const std::string& host)
{
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

int runServe(const std::vector<std::string>& args)
{
    CLI::App app{"Serves a local model over an OpenAI-compatible HTTP API (/v1/models, /v1/chat/completions)",
                 "qiusuo-cli serve"};
    qiusuo::LocalBackendOptions engine;
    qiusuo::server::ServerOptions server;
    std::string modelPath;
    bool precise = false;
    app.add_option("--model,-m", modelPath, "GGUF model file")->required()->check(CLI::ExistingFile);
    app.add_option("--host", server.host, "Address to listen on (loopback by default)");
    app.add_option("--port", server.port, "Port to listen on (0: any free port)")->check(CLI::Range(0, 65535));
    app.add_option("--api-key", server.apiKey, "Require 'Authorization: Bearer KEY' on every request");
    app.add_option("--model-id", server.modelId, "Model id to report (default: the file name)");
    app.add_option("--queue", server.queueCapacity, "Requests that may wait for the engine before 503")
        ->check(CLI::Range(0, 1024));
    app.add_option("--ctx,-c", engine.model.context, "Context length in tokens")->check(CLI::Range(16, 1 << 20));
    app.add_option("--threads,-t", engine.model.threads, "CPU threads (0: physical cores)");
    app.add_option("--template", engine.templateOverride, "Chat template name, overriding the file's");
    app.add_flag("--precise", precise, "F32 activations and KV cache (slow; for verification)");
    app.add_flag("--drop-oldest-turns", engine.dropOldestTurns,
                 "Trim the oldest turns when a conversation outgrows the context instead of refusing");
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;

    engine.modelPath = modelPath;
    if (precise)
        engine.model.precision = qiusuo::cpu::Precision::Precise;
    if (server.modelId == qiusuo::server::ServerOptions{}.modelId)
        server.modelId = engine.modelPath.stem().string();
    if (!isLoopback(server.host) && server.apiKey.empty())
        std::fprintf(stderr, "warning: listening on %s without --api-key: anyone who can reach this machine "
                             "can use the model.\n", server.host.c_str());

    // Signals are taken by one thread (sigwait), never by the server's threads.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    qiusuo::LocalBackend backend(engine);
    std::fprintf(stderr, "Loading %s...\n", modelPath.c_str());
    backend.load({});
    qiusuo::server::OpenAiServer http(backend, server);
    http.bind();
    std::fprintf(stderr, "Serving %s on http://%s:%d/v1 (Ctrl+C stops)\n", server.modelId.c_str(),
                 server.host.c_str(), http.port());
    std::fflush(stderr);

    std::thread waiter([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        http.stop();
    });
    http.listen();
    // listen() also returns when the socket fails: wake the waiter so it can end.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("serve", "serve a local model over an OpenAI-compatible HTTP API", runServe);
