// qiusuo-cli bench: prefill and decode tokens/s of a model (median of
// repeats), printed like llama-bench's table or as one JSON object, with the
// process's resident memory next to the file and KV cache sizes.
#include "app/cli/clibackend.h"
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/model.h"
#include "inference/models/modelbench.h"
#include "inference/models/modelfactory.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Memory {
    std::uint64_t residentBytes = 0;  ///< VmRSS
    std::uint64_t peakBytes = 0;      ///< VmHWM
    std::uint64_t privateBytes = 0;   ///< RssAnon: what the process allocated (the weights are file pages)
};

/// VmRSS, VmHWM and RssAnon from /proc/self/status (zero where there is no /proc).
Memory readMemory()
{
    Memory m;
    std::ifstream in("/proc/self/status");
    std::string key;
    while (in >> key) {
        std::uint64_t kib = 0;
        if (key == "VmRSS:" && in >> kib)
            m.residentBytes = kib * 1024;
        else if (key == "VmHWM:" && in >> kib)
            m.peakBytes = kib * 1024;
        else if (key == "RssAnon:" && in >> kib)
            m.privateBytes = kib * 1024;
        in.ignore(4096, '\n');
    }
    return m;
}

std::string jsonString(const std::string& s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

double mib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

int runBench(const std::vector<std::string>& args)
{
    CLI::App app{"Measures prefill and decode tokens/s of a model (median of repeats)", "qiusuo-cli bench"};
    std::string modelPath;
    std::int32_t prompt = 512, generate = 128, batch = 0;
    int threads = 0, repeats = 3;
    bool json = false, precise = false;
    app.add_option("--model,-m", modelPath, "GGUF model file")->required();
    app.add_option("-p,--n-prompt", prompt, "prompt tokens evaluated as one prefill (default 512)")
        ->check(CLI::PositiveNumber);
    app.add_option("-n,--n-gen", generate, "tokens decoded one at a time (default 128; 0: prefill only)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("-t,--threads", threads, "worker threads (default: physical cores)")->check(CLI::NonNegativeNumber);
    app.add_option("-r,--repetitions", repeats, "runs; the median is reported (default 3)")
        ->check(CLI::PositiveNumber);
    app.add_option("-b,--batch", batch, "prefill chunk in tokens (default: the engine's)")->check(CLI::PositiveNumber);
    app.add_flag("--json", json, "print one JSON object instead of a table");
    app.add_flag("--precise", precise, "F32 activations and KV cache (the verification path; CPU only)");
    std::string device = "cpu";
    int gpu = 0;
    app.add_option("--device", device, "cpu (default, comparable with llama-bench -ngl 0), cuda or auto");
    app.add_option("--gpu", gpu, "CUDA device index (default 0)")->check(CLI::NonNegativeNumber);
    std::int32_t gpuLayers = -1;
    app.add_option("--gpu-layers,--ngl", gpuLayers,
                   "with --device cuda/auto: blocks on the GPU, the rest on the CPU (default -1: as many as fit)")
        ->check(CLI::Range(-1, 100000));
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;

    std::shared_ptr<const qiusuo::gguf::GgufFile> file = qiusuo::gguf::GgufFile::open(modelPath);
    std::uint64_t weightBytes = 0, parameters = 0;
    for (const auto& t : file->tensors()) {
        weightBytes += t.nbytes;
        parameters += t.elementCount();
    }

    qiusuo::models::ModelOptions options;
    options.precision = precise ? qiusuo::cpu::Precision::Precise : qiusuo::cpu::Precision::Fast;
    options.threads = threads;
    options.device = qiusuo::cli::parseDevice(device);
    options.gpuIndex = gpu;
    options.gpuLayers = gpuLayers;
    // The cache holds exactly the benchmark, as llama-bench sizes it.
    options.context = prompt + generate;
    if (batch > 0)
        options.batchSize = batch;
    const std::unique_ptr<qiusuo::models::Model> model = qiusuo::models::loadModel(file, options);
    if (model->contextSize() < prompt + generate)
        throw qiusuo::Error("the model " + modelPath + " holds at most " + std::to_string(model->contextSize()) +
                            " positions, fewer than the " + std::to_string(prompt + generate) +
                            " tokens of this benchmark");
    const qiusuo::models::BenchFigures f = qiusuo::models::benchModel(*model, prompt, generate, repeats);
    const Memory mem = readMemory();
    const auto& info = model->info();
    const std::uint64_t kvBytes = model->kvCacheBytes();
    const std::string label = info.name.empty() ? info.architecture : info.name;

    if (json) {
        std::printf("{\"model\": %s, \"architecture\": %s, \"model_size_bytes\": %llu, \"file_size_bytes\": %llu, "
                    "\"parameters\": %llu, \"threads\": %d, \"precise\": %s, \"n_prompt\": %d, \"n_gen\": %d, "
                    "\"repetitions\": %d, \"prefill_tokens_per_s\": %.4f, \"decode_tokens_per_s\": %.4f, "
                    "\"prefill_seconds\": %.6f, \"decode_seconds\": %.6f, \"kv_cache_bytes\": %llu, "
                    "\"resident_bytes\": %llu, \"peak_resident_bytes\": %llu, \"private_bytes\": %llu}\n",
                    jsonString(modelPath).c_str(), jsonString(info.architecture).c_str(),
                    static_cast<unsigned long long>(weightBytes), static_cast<unsigned long long>(file->fileSize()),
                    static_cast<unsigned long long>(parameters), info.threads, precise ? "true" : "false", prompt,
                    generate, repeats, f.prefillTokensPerSecond, f.decodeTokensPerSecond, f.prefillSeconds,
                    f.decodeSeconds, static_cast<unsigned long long>(kvBytes),
                    static_cast<unsigned long long>(mem.residentBytes),
                    static_cast<unsigned long long>(mem.peakBytes),
                    static_cast<unsigned long long>(mem.privateBytes));
        return 0;
    }

    // llama-bench's units (GiB, billions), with MiB and millions for small models.
    char size[32], params[32];
    if (weightBytes >= (1ull << 30))
        std::snprintf(size, sizeof size, "%.2f GiB", mib(weightBytes) / 1024.0);
    else
        std::snprintf(size, sizeof size, "%.2f MiB", mib(weightBytes));
    if (parameters >= 1'000'000'000ull)
        std::snprintf(params, sizeof params, "%.2f B", static_cast<double>(parameters) / 1e9);
    else
        std::snprintf(params, sizeof params, "%.2f M", static_cast<double>(parameters) / 1e6);
    std::printf("| %-44s | %10s | %10s | %-7s | %7s | %10s | %12s |\n", "model", "size", "params", "backend",
                "threads", "test", "t/s (median)");
    std::printf("| %-44s | %10s | %10s | %-7s | %7s | %10s | %12s |\n", "--------------------------------------------",
                "---------:", "---------:", "-------", "------:", "---------:", "-----------:");
    const std::string backend = info.device.rfind("CUDA", 0) == 0 ? "CUDA" : precise ? "CPU-f32" : "CPU";
    if (!model->deviceNote().empty())
        std::fprintf(stderr, "note: %s\n", model->deviceNote().c_str());
    const std::string pp = "pp" + std::to_string(prompt), tg = "tg" + std::to_string(generate);
    std::printf("| %-44.44s | %10s | %10s | %-7s | %7d | %10s | %12.2f |\n", label.c_str(), size, params,
                backend.c_str(), info.threads, pp.c_str(), f.prefillTokensPerSecond);
    if (generate > 0)
        std::printf("| %-44.44s | %10s | %10s | %-7s | %7d | %10s | %12.2f |\n", label.c_str(), size, params,
                    backend.c_str(), info.threads, tg.c_str(), f.decodeTokensPerSecond);
    std::printf("\nmedian of %d runs; memory: resident %.1f MiB (peak %.1f MiB), file %.1f MiB (mapped), "
                "KV cache %.1f MiB\n",
                repeats, mib(mem.residentBytes), mib(mem.peakBytes), mib(file->fileSize()), mib(kvBytes));
    // The weights are file pages (resident or not, as the kernel pleases);
    // what the engine allocated is the private memory, RssAnon.
    std::printf("private memory (RssAnon): %.1f MiB = KV cache %.1f MiB + %.1f MiB other (target: other within "
                "10%% of the KV cache, %.1f MiB)\n",
                mib(mem.privateBytes), mib(kvBytes), mib(mem.privateBytes) - mib(kvBytes), mib(kvBytes) * 0.1);
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("bench", "measure prefill and decode tokens/s (median of repeats)", runBench);
