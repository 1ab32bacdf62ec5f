#pragma once
/// @brief The local engine in-process, for what the CLI should print: the
/// same tiny model, options and sampling as the command line under test.

#include "inference/localbackend.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace qiusuo::test {

struct Answer {
    std::string reasoning, content;
    GenerationResult result;
};

/// Context and threads match kEngineArgs.
inline std::unique_ptr<LocalBackend> tinyEngine(const std::filesystem::path& model)
{
    LocalBackendOptions options;
    options.modelPath = model;
    options.model.context = 512;
    options.model.threads = 2;
    auto engine = std::make_unique<LocalBackend>(options);
    engine->load({});
    return engine;
}

/// The CLI options that give tinyEngine()'s engine.
inline const std::string kEngineArgs = " --ctx 512 --threads 2";

inline Answer ask(Backend& backend, const std::vector<ChatMessage>& messages, const GenerationParams& params)
{
    Answer a;
    std::atomic<bool> stop{false};
    a.result = backend.generate(messages, params, [&](const Delta& d) {
        a.reasoning += d.reasoning;
        a.content += d.content;
    }, stop);
    return a;
}

/// What the CLI prints for a streamed text that is not a terminal: the text,
/// ended with a newline when it is not empty and lacks one.
inline std::string asPrinted(const std::string& text)
{
    return text.empty() || text.back() == '\n' ? text : text + "\n";
}

} // namespace qiusuo::test
