// qiusuo-cli gen-model: writes a random-weight model with a real model's
// shape, for benchmarks (`qiusuo-cli bench`) and tests.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/models/genmodel.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : "|") + n;
    return out;
}

int runGenModel(const std::vector<std::string>& args)
{
    CLI::App app{"Writes a GGUF model with random weights and a real model's shape (for benchmarks)",
                 "qiusuo-cli gen-model"};
    qiusuo::models::GenModelSpec spec;
    std::string outPath;
    bool quiet = false;
    app.add_option("--arch", spec.architecture, "qwen2|llama|deepseek2")->required();
    app.add_option("--shape", spec.shape, joined(qiusuo::models::genModelShapeNames()))->required();
    app.add_option("--type", spec.type, joined(qiusuo::models::genModelTypeNames()))->required();
    app.add_option("--layers", spec.layers, "layer count (default: the shape's)")->check(CLI::PositiveNumber);
    app.add_option("--vocab", spec.vocab, "vocabulary size (default: the shape's)")->check(CLI::PositiveNumber);
    app.add_option("--seed", spec.seed, "PRNG seed: the same seed writes the same file")->required();
    app.add_option("--threads,-t", spec.threads, "worker threads (default: all; the file does not change)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--out,-o", outPath, "output GGUF file")->required();
    app.add_flag("--quick", spec.quick,
                 "random quantized blocks instead of quantizing random floats (seconds instead of minutes)");
    app.add_flag("--quiet,-q", quiet, "no progress on stderr");
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;

    const auto shape = qiusuo::models::resolveGenModelShape(spec);
    if (!quiet)
        std::fprintf(stderr, "generating %s %s (%d layers, vocabulary %d) as %s%s\n", shape.architecture.c_str(),
                     shape.name.c_str(), shape.layerCount, shape.vocabSize, spec.type.c_str(),
                     spec.quick ? " (quick)" : "");
    const auto progress = [quiet](std::size_t done, std::size_t total) {
        if (!quiet)
            std::fprintf(stderr, "\r%zu/%zu tensors", done, total);
    };
    const std::uint64_t bytes = qiusuo::models::generateModel(spec, outPath, progress);
    if (!quiet)
        std::fprintf(stderr, "\n");
    std::printf("wrote %s (%.2f MiB)\n", outPath.c_str(), static_cast<double>(bytes) / (1024.0 * 1024.0));
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("gen-model", "write a random-weight model with a real model's shape (for benchmarks)",
                   runGenModel);
