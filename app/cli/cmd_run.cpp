// qiusuo-cli run: one prompt, the answer streamed (--prompt, through a local
// model, DeepSeek's API or any OpenAI-compatible server), or the verification
// path: generation after token ids (--prompt-ids ... --greedy --print-ids).
#include "app/cli/clibackend.h"
#include "app/cli/deltaprinter.h"
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/backend.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/modelfactory.h"
#include "inference/sampling/sampler.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

using qiusuo::Error;

std::vector<std::int32_t> parseIdList(const std::string& text)
{
    std::vector<std::int32_t> ids;
    std::size_t i = 0;
    while (i <= text.size()) {
        const std::size_t end = std::min(text.find_first_of(", \n\t", i), text.size());
        const std::string word = text.substr(i, end - i);
        if (!word.empty()) {
            char* stop = nullptr;
            const long long v = std::strtoll(word.c_str(), &stop, 10);
            if (stop != word.c_str() + word.size() || v < 0 || v > INT32_MAX)
                throw Error("'" + word + "' in --prompt-ids is not a token id (a non-negative integer)");
            ids.push_back(static_cast<std::int32_t>(v));
        }
        i = end + 1;
    }
    if (ids.empty())
        throw Error("--prompt-ids holds no token ids");
    return ids;
}

/// End-of-generation ids named in the file's metadata.
std::set<std::int32_t> endOfGeneration(const qiusuo::gguf::GgufFile& file)
{
    std::set<std::int32_t> ids;
    for (const char* key : {"tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"})
        if (const auto id = file.getInt(key))
            ids.insert(static_cast<std::int32_t>(*id));
    return ids;
}

struct IdsOptions {
    std::string promptIds;
    bool greedy = false, ignoreEos = false;
};

/// The verification path: token ids in, token ids out, no template or text.
int runIds(const qiusuo::cli::CliBackendOptions& o, const IdsOptions& ids)
{
    if (o.isRemote())
        throw Error("--prompt-ids runs a local model only: drop --remote / --base-url, or give --prompt TEXT.");
    if (o.model.empty())
        throw Error("No model given: pass --model FILE.gguf.");
    const int maxTokens = o.maxTokens > 0 ? o.maxTokens : 128;
    qiusuo::GenerationParams params = qiusuo::cli::generationParams(o);
    if (ids.greedy)
        params.temperature = 0.0f;

    const std::vector<std::int32_t> prompt = parseIdList(ids.promptIds);
    std::shared_ptr<const qiusuo::gguf::GgufFile> file = qiusuo::gguf::GgufFile::open(o.model);
    const std::set<std::int32_t> eog = endOfGeneration(*file);
    qiusuo::models::ModelOptions options;
    options.precision = o.precise ? qiusuo::cpu::Precision::Precise : qiusuo::cpu::Precision::Fast;
    options.threads = o.threads;
    options.context = o.context;
    auto model = qiusuo::models::loadModel(file, options);
    qiusuo::sampling::Sampler sampler(params);

    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    std::vector<float> logits = model->evaluate(prompt, 0);
    const auto t1 = Clock::now();
    int generated = 0;
    while (generated < maxTokens) {
        const std::int32_t next = sampler.sample(logits);
        sampler.accept(next);
        std::printf("%s%d", generated ? " " : "", next);
        std::fflush(stdout);
        ++generated;
        if ((!ids.ignoreEos && eog.count(next)) || generated == maxTokens)
            break;
        logits = model->evaluate({&next, 1}, model->cachedTokens());
    }
    std::printf("\n");
    const auto t2 = Clock::now();
    const double prefillS = std::chrono::duration<double>(t1 - t0).count();
    const double decodeS = std::chrono::duration<double>(t2 - t1).count();
    std::fprintf(stderr, "prompt %zu tokens, %.1f tokens/s; generated %d tokens, %.1f tokens/s\n", prompt.size(),
                 static_cast<double>(prompt.size()) / prefillS, generated,
                 generated > 1 ? (generated - 1) / decodeS : 0.0);
    return 0;
}

/// One prompt, the answer streamed. Exit codes: 0 done, 1 failed, 130 stopped by Ctrl+C.
int runPrompt(const qiusuo::cli::CliBackendOptions& o, const std::string& promptText)
{
    std::atomic<bool>& stop = qiusuo::cli::installInterruptHandler();
    std::unique_ptr<qiusuo::Backend> backend = qiusuo::cli::loadBackend(o);
    std::vector<qiusuo::ChatMessage> messages;
    if (!o.system.empty())
        messages.push_back({qiusuo::ChatMessage::Role::System, o.system, ""});
    messages.push_back({qiusuo::ChatMessage::Role::User, promptText, ""});

    qiusuo::cli::DeltaPrinter printer(o.hideReasoning);
    qiusuo::cli::setGenerating(true);
    const qiusuo::GenerationResult result = backend->generate(
        messages, qiusuo::cli::generationParams(o), [&](const qiusuo::Delta& d) { printer.print(d); }, stop);
    qiusuo::cli::setGenerating(false);
    printer.finish();
    if (o.stats)
        std::fputs(qiusuo::cli::formatStats(result.stats).c_str(), stderr);
    switch (result.status) {
    case qiusuo::GenerationResult::Status::Complete: return 0;
    case qiusuo::GenerationResult::Status::Stopped:
        std::fprintf(stderr, "(stopped)\n");
        return 130;
    case qiusuo::GenerationResult::Status::Interrupted:
    case qiusuo::GenerationResult::Status::Error: break;
    }
    std::fprintf(stderr, "qiusuo-cli run: %s\n", result.error.c_str());
    return 1;
}

int runRun(const std::vector<std::string>& args)
{
    CLI::App app{"Generates an answer to a prompt, streamed as it comes, from a local GGUF model, DeepSeek's API "
                 "(--remote deepseek) or any OpenAI-compatible server (--base-url); or, for verification, "
                 "generates token ids after a prompt given as token ids",
                 "qiusuo-cli run"};
    qiusuo::cli::CliBackendOptions o;
    IdsOptions ids;
    std::string promptText;
    bool printIds = false;
    qiusuo::cli::addBackendOptions(app, o);
    auto* promptOpt = app.add_option("--prompt,-p", promptText, "the prompt (a user message)");
    auto* idsOpt = app.add_option("--prompt-ids", ids.promptIds, "prompt as token ids, e.g. 311,313,... "
                                                                 "(verification: prints generated ids)");
    promptOpt->excludes(idsOpt);
    app.add_option("-n,--n-predict", o.maxTokens, "answer tokens at most (default: until the model ends; "
                                                  "128 with --prompt-ids)")->check(CLI::PositiveNumber);
    app.add_flag("--greedy", ids.greedy, "always take the most likely token (same as --temp 0)");
    app.add_flag("--print-ids", printIds, "print the generated token ids (what --prompt-ids prints)");
    app.add_flag("--ignore-eos", ids.ignoreEos, "with --prompt-ids: keep generating past end-of-generation tokens");
    app.footer(qiusuo::cli::reasoningOutputHelp());
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;
    (void)printIds;  // ids are what --prompt-ids prints
    if (*idsOpt)
        return runIds(o, ids);
    if (!*promptOpt)
        throw Error("Nothing to answer: give --prompt TEXT (or --prompt-ids for token ids).");
    if (ids.greedy)
        o.temperature = 0.0f;
    return runPrompt(o, promptText);
}

} // namespace

QIUSUO_CLI_COMMAND("run", "answer one prompt, streamed (local model, --remote deepseek or --base-url)", runRun);
