// qiusuo-cli run: generates after a prompt given as token ids (the verification
// path: --prompt-ids ... --greedy --print-ids). Prompt text, chat templates
// and streaming come with the backend.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/backend.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/modelfactory.h"
#include "inference/sampling/sampler.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

int runRun(const std::vector<std::string>& args)
{
    CLI::App app{"Generates tokens after a prompt given as token ids", "qiusuo-cli run"};
    std::string modelPath, promptIds;
    int maxTokens = 128, threads = 0;
    std::int32_t context = 4096;
    bool greedy = false, printIds = false, precise = false, ignoreEos = false;
    qiusuo::GenerationParams params;
    std::uint64_t seed = 0;
    app.add_option("--model,-m", modelPath, "GGUF model file")->required();
    app.add_option("--prompt-ids", promptIds, "prompt as token ids, e.g. 311,313,...")->required();
    app.add_option("-n,--n-predict", maxTokens, "tokens to generate (default 128)")->check(CLI::PositiveNumber);
    app.add_flag("--greedy", greedy, "always take the most likely token (temperature 0)");
    app.add_option("--temp", params.temperature, "temperature (default 0.6)");
    app.add_option("--top-p", params.topP, "top-p (default 0.95)");
    app.add_option("--top-k", params.topK, "top-k (default off)");
    auto* seedOpt = app.add_option("--seed", seed, "random seed (same seed, same output)");
    app.add_flag("--print-ids", printIds, "print the generated token ids (the only output for now)");
    app.add_flag("--precise", precise, "F32 activations and KV cache (for verification)");
    app.add_flag("--ignore-eos", ignoreEos, "keep generating past end-of-generation tokens");
    app.add_option("--threads,-t", threads, "worker threads (default: physical cores)")->check(CLI::NonNegativeNumber);
    app.add_option("--ctx,-c", context, "context length (default 4096, at most the model's)")->check(CLI::PositiveNumber);
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;
    (void)printIds;  // ids are what this command prints until text output lands
    if (greedy)
        params.temperature = 0.0f;
    if (*seedOpt)
        params.seed = seed;

    const std::vector<std::int32_t> prompt = parseIdList(promptIds);
    std::shared_ptr<const qiusuo::gguf::GgufFile> file = qiusuo::gguf::GgufFile::open(modelPath);
    const std::set<std::int32_t> eog = endOfGeneration(*file);
    qiusuo::models::ModelOptions options;
    options.precision = precise ? qiusuo::cpu::Precision::Precise : qiusuo::cpu::Precision::Fast;
    options.threads = threads;
    options.context = context;
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
        if ((!ignoreEos && eog.count(next)) || generated == maxTokens)
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

} // namespace

QIUSUO_CLI_COMMAND("run", "generate after a prompt (token ids for now)", runRun);
