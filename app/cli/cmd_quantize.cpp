// qiusuo-cli quantize: F32/F16/BF16 GGUF -> Q8_0, Q4_0, Q4_K_M, Q5_K_M, Q6_K.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/models/quantizemodel.h"

#include <cstdio>

namespace {

int runQuantize(const std::vector<std::string>& args)
{
    CLI::App app{"Quantizes an F32, F16 or BF16 GGUF model with llama.cpp's per-tensor mix", "qiusuo-cli quantize"};
    std::string input, output, type;
    bool quiet = false;
    std::string types;
    for (const auto& t : qiusuo::models::quantizeTypeNames())
        types += (types.empty() ? "" : ", ") + t;
    app.add_option("input", input, "Source GGUF (F32, F16 or BF16)")->required()->check(CLI::ExistingFile);
    app.add_option("output", output, "GGUF to write")->required();
    app.add_option("type", type, "Target type: " + types)->required();
    app.add_flag("--quiet,-q", quiet, "Print nothing but errors");
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;
    qiusuo::models::quantizeModel(input, output, type,
                                  [&](const std::string& name, std::size_t index, std::size_t count) {
                                      if (!quiet)
                                          std::fprintf(stderr, "[%zu/%zu] %s\n", index + 1, count, name.c_str());
                                  });
    if (!quiet)
        std::fprintf(stderr, "wrote %s\n", output.c_str());
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("quantize", "quantize an F32/F16/BF16 GGUF model (Q8_0, Q4_0, Q4_K_M, Q5_K_M, Q6_K)", runQuantize);
