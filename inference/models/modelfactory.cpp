#include "inference/models/modelfactory.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/deepseek2.h"
#include "inference/models/llama.h"
#include "inference/models/qwen2.h"

#include <functional>
#include <utility>

#if QIUSUO_HAVE_CUDA
#include "inference/cudamodels/cudadeepseek2model.h"
#include "inference/cudamodels/cudadensemodel.h"
#include "inference/models/offloadplan.h"
#include "inference/models/splitmodel.h"
#endif

namespace qiusuo::models {

namespace {

using Factory = std::function<std::unique_ptr<Model>(std::shared_ptr<const gguf::GgufFile>, const ModelOptions&)>;

template <typename T>
std::unique_ptr<Model> make(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options)
{
    return std::make_unique<T>(std::move(file), options);
}

/// Architecture name (general.architecture) -> constructor. Add new ones here.
const std::vector<std::pair<std::string, Factory>>& registry()
{
    static const std::vector<std::pair<std::string, Factory>> table = {
        {"qwen2", make<Qwen2Model>},
        {"llama", make<LlamaModel>},
        {"deepseek2", make<Deepseek2Model>},
    };
    return table;
}

std::string listForUsers(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

} // namespace

std::vector<std::string> supportedArchitectures()
{
    std::vector<std::string> names;
    for (const auto& [name, factory] : registry())
        names.push_back(name);
    return names;
}

namespace {

#if QIUSUO_HAVE_CUDA
/// The CPU stage of a split model: blocks [0, end) of `file`'s architecture.
std::unique_ptr<ModelStage> cpuFront(const std::shared_ptr<const gguf::GgufFile>& file, const ModelOptions& options,
                                     std::int32_t end)
{
    if (file->architecture() == "llama")
        return std::make_unique<LlamaModel>(file, options, LayerSpan{0, end});
    return std::make_unique<Qwen2Model>(file, options, LayerSpan{0, end});
}
#endif

/// The GPU model for `file` (all of it, or its last blocks with the rest on
/// the CPU when the GPU's free memory takes only those), or null with `why`
/// saying why the CPU runs it instead (device Auto). With device Cuda the
/// reasons are thrown instead.
std::unique_ptr<Model> tryGpu(const std::shared_ptr<const gguf::GgufFile>& file, const ModelOptions& options,
                              std::string& why)
{
    const bool required = options.device == ComputeDevice::Cuda;
    auto refuse = [&](const std::string& reason) -> std::unique_ptr<Model> {
        if (required)
            throw Error("cannot run on the GPU: " + reason);
        why = reason + ": running on the CPU";
        return nullptr;
    };
    if (options.gpuLayers == 0)
        return refuse("GPU layers set to 0");
#if QIUSUO_HAVE_CUDA
    if (options.precision == cpu::Precision::Precise)
        return refuse("the precise path runs on the CPU only");
    const std::string arch = file->architecture();
    if (!gpuRunsArchitecture(arch))
        return refuse("the GPU engine does not run " + arch + " models yet");
    // deepseek2 runs on the GPU when asked for by name until its gpu tests
    // have passed on a device; then it becomes what auto picks.
    if (arch == "deepseek2" && !required) {
        why = std::string(kDeepseek2GpuCaveat) + ": running on the CPU (--device cuda to use it)";
        return nullptr;
    }
    const GpuList gpus = listGpus();
    if (gpus.devices.empty())
        return refuse(gpus.reason);
    if (options.gpuIndex < 0 || options.gpuIndex >= static_cast<int>(gpus.devices.size()))
        return refuse("there is no GPU " + std::to_string(options.gpuIndex) + " (this computer has " +
                      std::to_string(gpus.devices.size()) + ")");
    const GpuDevice& gpu = gpus.devices[static_cast<std::size_t>(options.gpuIndex)];
    try {
        if (arch == "deepseek2") {
            // Whole or not at all: the model checks its own fit ("the GPU has … free").
            if (options.gpuLayers >= 0 && options.gpuLayers < file->getInt("deepseek2.block_count").value_or(0))
                return refuse("deepseek2 models run on the GPU whole or not at all (GPU layers set to " +
                              std::to_string(options.gpuLayers) + ")");
            return std::make_unique<cudamodels::CudaDeepseek2Model>(file, options);
        }
        const OffloadPlan plan =
            planOffload(estimateGpuMemory(*file, options.context), gpu.freeBytes, options.gpuLayers, gpu.name);
        if (plan.cpuOnly())
            return refuse(plan.note);
        if (plan.everyLayer())
            return std::make_unique<cudamodels::CudaDenseModel>(file, options);
        const std::int32_t first = plan.layerCount - plan.gpuLayers;
        auto split = std::make_unique<SplitModel>(
            cpuFront(file, options, first), std::make_unique<cudamodels::CudaDenseModel>(file, options, LayerSpan{first, -1}));
        split->setDeviceNote(plan.note);
        return split;
    } catch (const Error& e) {
        if (required)
            throw;
        why = std::string(e.what()) + ": running on the CPU";
        return nullptr;
    }
#else
    (void)file;
    return refuse("this build of Qiusuo has no CUDA support");
#endif
}

} // namespace

std::unique_ptr<Model> loadModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options)
{
    const std::string arch = file->architecture();
    std::string why;
    if (options.device != ComputeDevice::Cpu)
        if (std::unique_ptr<Model> gpu = tryGpu(file, options, why))
            return gpu;
    for (const auto& [name, factory] : registry())
        if (name == arch) {
            std::unique_ptr<Model> model = factory(std::move(file), options);
            model->setDeviceNote(why);
            return model;
        }
    if (arch.empty())
        throw Error("the model file " + file->path().filename().string() +
                    " does not say its architecture (general.architecture is missing)");
    throw Error("architecture '" + arch + "' is not supported; Qiusuo runs " +
                listForUsers(supportedArchitectures()));
}

std::unique_ptr<Model> loadModel(const std::filesystem::path& path, const ModelOptions& options)
{
    return loadModel(std::shared_ptr<const gguf::GgufFile>(gguf::GgufFile::open(path)), options);
}

} // namespace qiusuo::models
