#include "app/cli/clibackend.h"

#include "inference/error.h"
#include "inference/localbackend.h"
#include "inference/remote/remotebackend.h"
#include "inference/remote/remoteconfig.h"

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

namespace qiusuo::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_generating{false};

// Async-signal-safe: lock-free atomics, write() and _exit() only.
extern "C" void onInterrupt(int)
{
    if (!g_generating.load() || g_stop.load()) {
        const char newline = '\n';
        [[maybe_unused]] const auto n = ::write(STDERR_FILENO, &newline, 1);
        ::_exit(130);
    }
    g_stop.store(true);
}

std::string fromEnvironment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

} // namespace

void addBackendOptions(CLI::App& app, CliBackendOptions& o)
{
    app.add_option("--model,-m", o.model,
                   "GGUF model file; with --remote or --base-url, the server's model name "
                   "(--remote deepseek defaults to deepseek-chat)");
    app.add_option("--remote", o.remote, "a hosted API instead of a local file: 'deepseek' "
                                         "(key from --api-key or DEEPSEEK_API_KEY)");
    app.add_option("--base-url", o.baseUrl, "any OpenAI-compatible server's API root, e.g. http://127.0.0.1:8080/v1 "
                                            "(key optional: --api-key or OPENAI_API_KEY)");
    app.add_option("--api-key", o.apiKey, "API key for --remote / --base-url");
    app.add_flag("--allow-insecure-http", o.allowInsecureHttp,
                 "allow plain http:// to a server that is not on this machine (the key and chat travel in clear)");
    app.add_option("--system", o.system, "system prompt");
    app.add_option("--temp", o.temperature, "temperature (default 0.6; 0: always the most likely token)")
        ->check(CLI::Range(0.0f, 5.0f));
    app.add_option("--top-p", o.topP, "top-p (default 0.95)")->check(CLI::Range(0.0f, 1.0f));
    app.add_option("--top-k", o.topK, "top-k (default 0: off)")->check(CLI::NonNegativeNumber);
    app.add_option("--seed", o.seed, "random seed (same seed, same output)");
    app.add_flag("--no-think", o.noThink, "ask the model to answer without reasoning first");
    app.add_option("--ctx,-c", o.context, "context length (default 4096, at most the model's)")
        ->check(CLI::PositiveNumber);
    app.add_option("--threads,-t", o.threads, "worker threads (default: physical cores)")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--precise", o.precise, "F32 activations and KV cache (slow; for verification; CPU only)");
    app.add_option("--device", o.device,
                   "where the model runs: auto (the GPU when one has room, else the CPU; default), cpu or cuda");
    app.add_option("--gpu", o.gpu, "CUDA device index (default 0)")->check(CLI::NonNegativeNumber);
    app.add_option("--gpu-layers,--ngl", o.gpuLayers,
                   "blocks on the GPU, the rest on the CPU (default -1: as many as fit; 0: CPU only)")
        ->check(CLI::Range(-1, 100000));
    app.add_flag("--hide-reasoning", o.hideReasoning, "do not print the model's reasoning");
    app.add_flag("--stats", o.stats, "print tokens, tokens/s, time to first token and thinking time to stderr");
}

const char* reasoningOutputHelp()
{
    return "Output: the answer streams to stdout. The reasoning is shown dimmed before it when stdout is a "
           "terminal; when stdout is a pipe or file, the reasoning goes to stderr instead (so stdout holds the "
           "answer only), or nowhere with --hide-reasoning. Ctrl+C stops the generation; a second Ctrl+C quits.";
}

std::unique_ptr<Backend> makeBackend(const CliBackendOptions& o)
{
    if (!o.remote.empty()) {
        std::string provider = o.remote;
        std::transform(provider.begin(), provider.end(), provider.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (provider != "deepseek")
            throw Error("Unknown --remote provider '" + o.remote + "': the one known is 'deepseek'. For any other "
                        "OpenAI-compatible server give its address with --base-url URL.");
        const std::string key = o.apiKey.empty() ? fromEnvironment("DEEPSEEK_API_KEY") : o.apiKey;
        if (key.empty())
            throw Error("DeepSeek's API needs an API key: pass --api-key KEY or set DEEPSEEK_API_KEY "
                        "(keys are made at https://platform.deepseek.com/api_keys).");
        remote::RemoteConfig config = remote::RemoteConfig::deepSeek(key, o.model.empty() ? "deepseek-chat" : o.model);
        if (!o.baseUrl.empty())
            config.baseUrl = o.baseUrl;
        config.allowInsecureHttp = o.allowInsecureHttp;
        return std::make_unique<remote::RemoteBackend>(config);
    }
    if (!o.baseUrl.empty()) {
        if (o.model.empty())
            throw Error("--base-url needs --model NAME: the model the server should run "
                        "(its GET /models lists them).");
        const std::string key = o.apiKey.empty() ? fromEnvironment("OPENAI_API_KEY") : o.apiKey;
        remote::RemoteConfig config = remote::RemoteConfig::openAiCompatible(o.baseUrl, o.model, key);
        config.allowInsecureHttp = o.allowInsecureHttp;
        return std::make_unique<remote::RemoteBackend>(config);
    }
    if (o.model.empty())
        throw Error("No model given: pass --model FILE.gguf (or --remote deepseek, or --base-url URL --model NAME).");
    if (!std::filesystem::is_regular_file(o.model))
        throw Error("The model file '" + o.model + "' does not exist" +
                    (o.model.find("deepseek-") == 0 ? " (for DeepSeek's API add --remote deepseek)." : "."));
    LocalBackendOptions local;
    local.modelPath = o.model;
    local.model.context = o.context;
    local.model.threads = o.threads;
    local.model.device = parseDevice(o.device);
    local.model.gpuIndex = o.gpu;
    local.model.gpuLayers = o.gpuLayers;
    if (o.precise)
        local.model.precision = cpu::Precision::Precise;
    return std::make_unique<LocalBackend>(local);
}

models::ComputeDevice parseDevice(const std::string& name)
{
    if (name == "auto")
        return models::ComputeDevice::Auto;
    if (name == "cpu")
        return models::ComputeDevice::Cpu;
    if (name == "cuda" || name == "gpu")
        return models::ComputeDevice::Cuda;
    throw Error("Unknown --device '" + name + "': use auto, cpu or cuda.");
}

std::unique_ptr<Backend> loadBackend(const CliBackendOptions& options)
{
    std::unique_ptr<Backend> backend = makeBackend(options);
    const bool tty = ::isatty(STDERR_FILENO);
    if (tty && !options.isRemote())
        std::fprintf(stderr, "Loading %s...", options.model.c_str());
    try {
        backend->load({});
    } catch (const Error& e) {
        // The remote backend's wording is the GUI's; name the flag that does it here.
        if (options.isRemote() && !options.allowInsecureHttp && options.baseUrl.starts_with("http://"))
            throw Error(std::string(e.what()) + " (qiusuo-cli: --allow-insecure-http)");
        throw;
    }
    if (tty && !options.isRemote()) {
        std::fprintf(stderr, "\r\x1b[K");
        if (auto* local = dynamic_cast<LocalBackend*>(backend.get())) {
            const models::Model& m = local->model();
            std::fprintf(stderr, "\x1b[2mRunning on %s%s%s\x1b[0m\n", m.info().device.c_str(),
                         m.deviceNote().empty() ? "" : " — ", m.deviceNote().c_str());
        }
    }
    return backend;
}

GenerationParams generationParams(const CliBackendOptions& o)
{
    GenerationParams params;
    params.temperature = o.temperature;
    params.topP = o.topP;
    params.topK = o.topK;
    params.seed = o.seed;
    params.maxTokens = o.maxTokens;
    params.thinking = !o.noThink;
    return params;
}

std::string formatStats(const GenerationStats& s)
{
    // Remote servers report no prefill rate: leave out what is unknown.
    std::string prompt = "prompt " + std::to_string(s.promptTokens) + " tokens";
    if (s.cachedPromptTokens > 0)
        prompt += ", " + std::to_string(s.cachedPromptTokens) + " cached";
    char rest[256];
    if (s.prefillTokensPerSecond > 0) {
        std::snprintf(rest, sizeof rest, " (%.1f tokens/s)", s.prefillTokensPerSecond);
        prompt += rest;
    }
    std::snprintf(rest, sizeof rest, ", answer %d tokens at %.1f tokens/s, first token after %.0f ms, thinking %.1f s\n",
                  s.completionTokens, s.decodeTokensPerSecond, s.timeToFirstTokenMs, s.reasoningMs / 1000.0);
    return prompt + rest;
}

std::atomic<bool>& installInterruptHandler()
{
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    return g_stop;
}

void setGenerating(bool generating)
{
    if (generating)
        g_stop.store(false);
    g_generating.store(generating);
}

} // namespace qiusuo::cli
