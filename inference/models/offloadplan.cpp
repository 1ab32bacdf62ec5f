#include "inference/models/offloadplan.h"

#include "inference/bytesize.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#if QIUSUO_HAVE_CUDA
#include "inference/cuda/devicequery.h"
#endif

namespace qiusuo::models {

namespace {

/// F16 weight tile for the prefill GEMMs: at most 32 Mi elements (64 MiB).
constexpr std::int64_t kMaxTileElements = 32ll << 20;

/// Split decoding scores 32 positions per block (inference/cuda/attention.cu).
constexpr std::int64_t kAttentionSplit = 32;

std::size_t align256(std::size_t n)
{
    return (n + 255) & ~static_cast<std::size_t>(255);
}

/// N of "blk.N.…", or -1 for tensors outside the blocks.
std::int32_t blockOf(std::string_view name)
{
    constexpr std::string_view prefix = "blk.";
    if (!name.starts_with(prefix))
        return -1;
    name.remove_prefix(prefix.size());
    std::int32_t layer = -1;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), layer);
    if (ec != std::errc() || end == name.data() + name.size() || *end != '.')
        return -1;
    return layer;
}

} // namespace

GpuList listGpus()
{
#if QIUSUO_HAVE_CUDA
    const cuda::DeviceQuery query = cuda::queryDevices();
    GpuList list;
    list.reason = query.reason;
    for (const cuda::DeviceInfo& d : query.devices)
        list.devices.push_back({d.index, d.name, d.totalBytes, d.freeBytes});
    return list;
#else
    return {{}, "this build of Qiusuo has no CUDA support"};
#endif
}

bool gpuRunsArchitecture(const std::string& architecture)
{
    return architecture == "qwen2" || architecture == "llama";
}

std::size_t GpuMemoryEstimate::forLayers(std::int32_t n) const
{
    n = std::clamp(n, 0, layerCount());
    if (n == 0)
        return 0;
    std::size_t bytes = output + scratch + kvPerLayer * static_cast<std::size_t>(n);
    for (std::int32_t l = layerCount() - n; l < layerCount(); ++l)
        bytes += layerWeights[static_cast<std::size_t>(l)];
    if (n == layerCount())
        bytes += embedding;
    return bytes;
}

std::size_t gpuScratchBytes(const DenseHParams& hp, std::int32_t context, std::int32_t batch,
                            std::int64_t tileElements)
{
    const auto b = static_cast<std::size_t>(batch);
    const auto embd = static_cast<std::size_t>(hp.embeddingLength);
    const auto qd = static_cast<std::size_t>(hp.qDim()), kvd = static_cast<std::size_t>(hp.kvDim());
    const auto ff = static_cast<std::size_t>(hp.feedForwardLength);
    const std::size_t widest = std::max({embd, qd, ff});
    const std::size_t splits = static_cast<std::size_t>((context + kAttentionSplit - 1) / kAttentionSplit);
    const std::size_t attention = static_cast<std::size_t>(hp.headCount) * splits * static_cast<std::size_t>(hp.headDim + 2);
    // Activations in F32: x, xb, q, attention out, k, v, two FFN rows; then
    // the split-decoding partials and one row of logits.
    const std::size_t floats = b * (2 * embd + 2 * qd + 2 * kvd + 2 * ff) + attention + static_cast<std::size_t>(hp.vocabSize);
    // F16 activations for the GEMMs, the 8-bit activation rows with their
    // scales, the F16 weight tile, and room for 256-byte alignment of each.
    return floats * 4 + b * widest * 2 + 2 * widest * 2 + static_cast<std::size_t>(tileElements) * 2 + 16 * 256;
}

GpuMemoryEstimate estimateGpuMemory(const gguf::GgufFile& file, std::int32_t context)
{
    const std::string arch = file.architecture();
    if (!gpuRunsArchitecture(arch))
        throw Error("the GPU engine does not run " + (arch.empty() ? std::string("this model's") : arch) +
                    " models yet");
    const DenseHParams hp = DenseHParams::read(file, arch);
    if (context <= 0)
        throw Error("the context must be at least one token (asked for " + std::to_string(context) + ")");
    context = std::min(context, hp.trainedContext);

    GpuMemoryEstimate e;
    e.layerWeights.assign(static_cast<std::size_t>(hp.layerCount), 0);
    std::int64_t largest = 0;
    bool tied = true;
    for (const gguf::TensorInfo& t : file.tensors()) {
        const std::size_t bytes = align256(static_cast<std::size_t>(t.nbytes));
        if (t.dims.size() >= 2)
            largest = std::max(largest, static_cast<std::int64_t>(t.dims[0] * t.dims[1]));
        const std::int32_t layer = blockOf(t.name);
        if (layer >= 0 && layer < hp.layerCount)
            e.layerWeights[static_cast<std::size_t>(layer)] += bytes;
        else if (t.name == "token_embd.weight")
            e.embedding += bytes;
        else {
            tied = tied && t.name != "output.weight";
            e.output += bytes;
        }
    }
    if (tied)  // the output head is the embedding matrix: it goes wherever the head goes
        e.output += e.embedding, e.embedding = 0;
    e.kvPerLayer = static_cast<std::size_t>(2) * static_cast<std::size_t>(hp.kvDim()) * context * 2;
    e.scratch = gpuScratchBytes(hp, context, std::min<std::int32_t>(512, context),
                                std::min(kMaxTileElements, largest));
    return e;
}

OffloadPlan planOffload(const GpuMemoryEstimate& estimate, std::size_t freeBytes, std::int32_t requestedLayers,
                        const std::string& gpuName)
{
    OffloadPlan plan;
    plan.layerCount = estimate.layerCount();
    plan.allBytes = estimate.forLayers(plan.layerCount);
    const std::size_t usable = freeBytes > kGpuReserveBytes ? freeBytes - kGpuReserveBytes : 0;
    while (plan.fittingLayers < plan.layerCount && estimate.forLayers(plan.fittingLayers + 1) <= usable)
        ++plan.fittingLayers;
    const std::int32_t wanted = requestedLayers < 0 ? plan.layerCount : std::min(requestedLayers, plan.layerCount);
    plan.gpuLayers = std::min(wanted, plan.fittingLayers);
    plan.gpuBytes = estimate.forLayers(plan.gpuLayers);

    // What the model "needs" in the notes includes the reserve, so that it
    // is more than the free memory whenever a layer stays on the CPU.
    const std::string gpu = "the GPU (" + gpuName + ") has " + formatBytes(freeBytes) + " free";
    const std::string of = std::to_string(plan.layerCount);
    if (wanted == 0)
        plan.note = "GPU layers set to 0";
    else if (plan.gpuLayers == plan.layerCount)
        plan.note = "every layer on the GPU (" + gpuName + "): the model needs " + formatBytes(plan.allBytes) +
                    " of its " + formatBytes(freeBytes) + " free";
    else if (plan.gpuLayers == 0)
        plan.note = gpu + ", and even one layer needs " + formatBytes(estimate.forLayers(1) + kGpuReserveBytes);
    else if (plan.gpuLayers < wanted && requestedLayers >= 0)
        plan.note = gpu + ": " + std::to_string(plan.gpuLayers) + " of the " + std::to_string(wanted) +
                    " layers asked for fit, offloading " + std::to_string(plan.gpuLayers) + " of " + of + " layers";
    else if (plan.gpuLayers < plan.layerCount && requestedLayers < 0)
        plan.note = gpu + ", the model needs " + formatBytes(plan.allBytes + kGpuReserveBytes) + ": offloading " +
                    std::to_string(plan.gpuLayers) + " of " + of + " layers";
    else
        plan.note = "offloading " + std::to_string(plan.gpuLayers) + " of " + of + " layers to the GPU (" + gpuName +
                    ") as asked, " + formatBytes(plan.gpuBytes) + " of its " + formatBytes(freeBytes) + " free";
    return plan;
}

} // namespace qiusuo::models
