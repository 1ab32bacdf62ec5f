#pragma once
/// @brief What `qiusuo-cli run --prompt` and `qiusuo-cli chat` share: the
/// options that choose a backend (a local GGUF file, DeepSeek's API or any
/// OpenAI-compatible server) and the sampling, the streamed printing of
/// reasoning and answer, the statistics line, and Ctrl+C handling.

#include "inference/backend.h"
#include "inference/models/model.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace qiusuo::cli {

/// Everything parsed from the backend and sampling options.
struct CliBackendOptions {
    std::string model;         ///< local: the GGUF file; remote: the model name
    std::string remote;        ///< "deepseek" or empty
    std::string baseUrl;       ///< an OpenAI-compatible server's API root
    std::string apiKey;
    bool allowInsecureHttp = false;
    std::string system;        ///< system prompt, empty: none
    float temperature = 0.6f;
    float topP = 0.95f;
    int topK = 0;
    std::optional<std::uint64_t> seed;
    int maxTokens = -1;        ///< -n; -1: until end of generation
    bool noThink = false;
    std::int32_t context = 4096;
    int threads = 0;
    std::string device = "auto";  ///< auto | cpu | cuda
    int gpu = 0;                  ///< CUDA device index
    std::int32_t gpuLayers = -1;  ///< blocks on the GPU; -1 as many as fit
    bool precise = false;
    bool hideReasoning = false;
    bool stats = false;

    bool isRemote() const { return !remote.empty() || !baseUrl.empty(); }
};

/// @brief Registers the shared options on `app`, writing into `options`.
/// `-n` is left to the caller (run's verification path gives it another default).
void addBackendOptions(CLI::App& app, CliBackendOptions& options);

/// @brief Help text on where reasoning goes, for the commands' footers.
const char* reasoningOutputHelp();

/// @brief The backend the options name, not yet loaded. Throws qiusuo::Error
/// with a message for the user (unknown provider, missing API key, missing
/// file). Keys not given with --api-key come from DEEPSEEK_API_KEY (--remote
/// deepseek) or OPENAI_API_KEY (--base-url).
std::unique_ptr<Backend> makeBackend(const CliBackendOptions& options);

/// @brief makeBackend(), then load() with a note on stderr when it is a terminal.
std::unique_ptr<Backend> loadBackend(const CliBackendOptions& options);

/// @brief "auto", "cpu" or "cuda" as a ComputeDevice; throws qiusuo::Error otherwise.
models::ComputeDevice parseDevice(const std::string& name);

/// @brief Sampling parameters from the options.
GenerationParams generationParams(const CliBackendOptions& options);

/// @brief Formats the statistics of a turn, one line (ends with '\n').
std::string formatStats(const GenerationStats& stats);

/// @brief Installs the Ctrl+C handler: while `generating` is set it raises
/// the stop flag (a second Ctrl+C exits with 130); otherwise it exits at once.
/// Returns the stop flag generations should watch.
std::atomic<bool>& installInterruptHandler();
/// @brief Marks whether a generation is running (what Ctrl+C does) and
/// clears the stop flag when one starts.
void setGenerating(bool generating);

} // namespace qiusuo::cli
