// qiusuo-gpu-bench --model FILE [-p 512] [-n 128] [-r 3] [--gpu 0]
//
// Prints, for one model on one GPU: the device's copy bandwidth (measured
// here with our copy kernel: bytes read + written per second), prefill and
// decode tokens/s (median of the runs, as `qiusuo-cli bench`), and decode as
// a share of the roofline: bytes of weights one decode step reads ÷ time per
// token ÷ the measured bandwidth.
#include "inference/cuda/cudaerror.h"
#include "inference/cuda/devicebuffer.h"
#include "inference/cuda/devicequery.h"
#include "inference/cuda/kernels.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/modelbench.h"
#include "inference/models/modelfactory.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using namespace qiusuo;

/// Bytes per second our copy kernel moves (read + written), best of 10.
double copyBandwidth()
{
    const std::size_t bytes = std::size_t{2} << 30;
    cuda::DeviceBuffer a(bytes, "the bandwidth test"), b(bytes, "the bandwidth test");
    cuda::check(cudaMemset(a.get(), 1, bytes), "clearing memory");
    cudaEvent_t start, stop;
    cudaEventCreate(&start);
    cudaEventCreate(&stop);
    cuda::copyBytes(b.get(), a.get(), bytes, nullptr);  // warm-up
    float best = 1e30f;
    for (int i = 0; i < 10; ++i) {
        cudaEventRecord(start);
        cuda::copyBytes(b.get(), a.get(), bytes, nullptr);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms = 0;
        cudaEventElapsedTime(&ms, start, stop);
        best = std::min(best, ms);
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return 2.0 * static_cast<double>(bytes) / (best / 1e3);
}

/// What one decode step reads: every tensor but the embedding table (one row
/// of it), unless the output matrix is the embedding table itself.
double bytesPerToken(const gguf::GgufFile& file)
{
    const bool tied = file.findTensor("output.weight") == nullptr;
    double total = 0;
    for (const gguf::TensorInfo& t : file.tensors())
        if (tied || t.name != "token_embd.weight")
            total += static_cast<double>(t.nbytes);
    return total;
}

int run(int argc, char** argv)
{
    std::string modelPath;
    int prompt = 512, generate = 128, repeats = 3, gpu = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* {
            if (i + 1 >= argc)
                throw Error("option " + a + " needs a value");
            return argv[++i];
        };
        if (a == "--model" || a == "-m")
            modelPath = next();
        else if (a == "-p")
            prompt = std::atoi(next());
        else if (a == "-n")
            generate = std::atoi(next());
        else if (a == "-r")
            repeats = std::atoi(next());
        else if (a == "--gpu")
            gpu = std::atoi(next());
        else
            throw Error("unknown option " + a + " (usage: qiusuo-gpu-bench --model FILE [-p 512] [-n 128] [-r 3] [--gpu 0])");
    }
    if (modelPath.empty())
        throw Error("usage: qiusuo-gpu-bench --model FILE [-p 512] [-n 128] [-r 3] [--gpu 0]");

    const cuda::DeviceQuery q = cuda::queryDevices();
    if (q.devices.empty())
        throw Error("no GPU to benchmark: " + q.reason);
    cuda::check(cudaSetDevice(gpu), "choosing the GPU");
    const double bandwidth = copyBandwidth();

    std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(modelPath);
    models::ModelOptions options;
    options.device = models::ComputeDevice::Cuda;
    options.gpuIndex = gpu;
    options.context = prompt + generate;
    const auto model = models::loadModel(file, options);
    const models::BenchFigures f = models::benchModel(*model, prompt, generate, repeats);
    const double perToken = bytesPerToken(*file);
    const double decodeSeconds = 1.0 / f.decodeTokensPerSecond;
    const double achieved = perToken / decodeSeconds;

    std::printf("model            %s\n", modelPath.c_str());
    std::printf("device           %s\n", model->info().device.c_str());
    std::printf("copy bandwidth   %.0f GB/s (read + written, our copy kernel)\n", bandwidth / 1e9);
    std::printf("prefill          pp%d: %.0f tokens/s (%.1f ms)\n", prompt, f.prefillTokensPerSecond,
                f.prefillSeconds * 1e3);
    std::printf("decode           tg%d: %.1f tokens/s (%.3f ms/token)\n", generate, f.decodeTokensPerSecond,
                decodeSeconds * 1e3);
    std::printf("roofline         %.2f GB read per token -> %.0f GB/s = %.1f%% of the measured bandwidth\n",
                perToken / 1e9, achieved / 1e9, 100.0 * achieved / bandwidth);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qiusuo-gpu-bench: %s\n", e.what());
        return 1;
    }
}
