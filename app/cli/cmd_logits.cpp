// qiusuo-cli logits: runs token ids through a model and writes every
// position's logits, for checking the engine against other implementations.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/error.h"
#include "inference/models/modelfactory.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using qiusuo::Error;

/// Token ids separated by spaces, commas or newlines.
std::vector<std::int32_t> parseIds(const std::string& text, const std::string& source)
{
    std::vector<std::int32_t> ids;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != ',' && text[end] != '\n' &&
               text[end] != '\r' && text[end] != '\t')
            ++end;
        const std::string word = text.substr(i, end - i);
        errno = 0;
        char* stop = nullptr;
        const long long v = std::strtoll(word.c_str(), &stop, 10);
        if (stop != word.c_str() + word.size() || errno != 0 || v < 0 || v > INT32_MAX)
            throw Error("'" + word + "' in " + source + " is not a token id (a non-negative integer)");
        ids.push_back(static_cast<std::int32_t>(v));
        i = end;
    }
    if (ids.empty())
        throw Error(source + " holds no token ids");
    return ids;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read the tokens file " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int runLogits(const std::vector<std::string>& args)
{
    CLI::App app{"Writes the logits after each token as float32 little-endian [n_tokens][n_vocab]",
                 "qiusuo-cli logits"};
    std::string modelPath, tokens, tokensFile, outPath;
    bool sequential = false, precise = false;
    int threads = 0;
    std::int32_t context = 4096;
    app.add_option("--model,-m", modelPath, "GGUF model file")->required();
    auto* tokensOpt = app.add_option("--tokens", tokens, "token ids, e.g. 1,2,3");
    auto* fileOpt = app.add_option("--tokens-file", tokensFile,
                                   "file of token ids separated by spaces, commas or newlines");
    tokensOpt->excludes(fileOpt);
    app.add_option("--out,-o", outPath, "output file")->required();
    app.add_flag("--sequential", sequential, "evaluate one token at a time instead of one batch");
    app.add_flag("--precise", precise, "F32 activations and KV cache (for verification)");
    app.add_option("--threads,-t", threads, "worker threads (default: physical cores)")->check(CLI::NonNegativeNumber);
    app.add_option("--ctx,-c", context, "context length (default 4096, at most the model's)")
        ->check(CLI::PositiveNumber);
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;
    if (tokens.empty() && tokensFile.empty()) {
        std::fprintf(stderr, "qiusuo-cli logits: give the tokens with --tokens or --tokens-file\n");
        return 2;
    }
    const std::vector<std::int32_t> ids =
        tokensFile.empty() ? parseIds(tokens, "--tokens") : parseIds(readFile(tokensFile), tokensFile);

    qiusuo::models::ModelOptions options;
    options.precision = precise ? qiusuo::cpu::Precision::Precise : qiusuo::cpu::Precision::Fast;
    options.threads = threads;
    options.context = context;
    auto model = qiusuo::models::loadModel(modelPath, options);

    std::vector<float> logits;
    if (sequential) {
        logits.reserve(ids.size() * static_cast<std::size_t>(model->vocabSize()));
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const auto row = model->evaluate({&ids[i], 1}, static_cast<std::int32_t>(i));
            logits.insert(logits.end(), row.begin(), row.end());
        }
    } else {
        logits = model->evaluate(ids, 0, qiusuo::models::LogitsFor::All);
    }

    // float32 little-endian: the in-memory layout on every platform we build for.
    std::ofstream out(outPath, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(logits.data()),
              static_cast<std::streamsize>(logits.size() * sizeof(float)));
    out.close();
    if (!out)
        throw Error("cannot write the logits to " + outPath);
    std::fprintf(stderr, "wrote %zu x %d logits to %s\n", ids.size(), model->vocabSize(), outPath.c_str());
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("logits", "write per-position logits of token ids (for verification)", runLogits);
