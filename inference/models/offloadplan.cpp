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

/// MLA attention scores 64 positions per block (inference/cuda/mla.cu).
constexpr std::int64_t kMlaSplit = 64;

/// The MLA partials of one pass stay within this (64 MiB of floats).
constexpr std::size_t kMlaPartialBudget = std::size_t{16} << 20;

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
    return architecture == "qwen2" || architecture == "llama" || architecture == "deepseek2";
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

std::size_t mlaPartialFloats(const Deepseek2HParams& hp, std::int32_t context, std::int32_t tokens)
{
    const auto splits = static_cast<std::size_t>((context + kMlaSplit - 1) / kMlaSplit);
    return static_cast<std::size_t>(std::max(tokens, 1)) * static_cast<std::size_t>(hp.headCount) * splits *
           static_cast<std::size_t>(hp.kvLoraRank + 2);
}

std::int32_t mlaPassTokens(const Deepseek2HParams& hp, std::int32_t context, std::int32_t batch)
{
    const std::size_t perToken = mlaPartialFloats(hp, context, 1);
    const auto fitting = static_cast<std::int32_t>(std::min<std::size_t>(kMlaPartialBudget / perToken, 1 << 20));
    return std::clamp(fitting, 1, std::max(batch, 1));
}

Deepseek2Scratch deepseek2Scratch(const Deepseek2HParams& hp, std::int32_t context, std::int32_t batch,
                                  std::int64_t tileElements)
{
    const auto b = static_cast<std::size_t>(batch);
    const auto embd = static_cast<std::size_t>(hp.embeddingLength);
    const auto heads = static_cast<std::size_t>(hp.headCount);
    const auto qd = heads * static_cast<std::size_t>(hp.keyDim());
    const auto qa = static_cast<std::size_t>(std::max(1, hp.qLoraRank));
    const auto rank = static_cast<std::size_t>(hp.kvLoraRank);
    const auto width = rank + static_cast<std::size_t>(hp.ropeDims);
    const auto att = heads * static_cast<std::size_t>(hp.valueDim);
    const auto ff = std::max(static_cast<std::size_t>(hp.feedForwardLength),
                             static_cast<std::size_t>(hp.expertFeedForward) * static_cast<std::size_t>(hp.expertShared));
    const auto used = static_cast<std::size_t>(hp.expertUsed);
    const auto routed = used * static_cast<std::size_t>(hp.expertFeedForward);
    const std::size_t widest = std::max({embd, qd, qa, att, ff});
    const std::size_t widestHidden = std::max(ff, routed);

    Deepseek2Scratch s;
    std::size_t end = 0;
    auto take = [&](std::size_t bytes) {
        const std::size_t at = end;
        end = align256(end + bytes);
        return at;
    };
    auto floats = [&](std::size_t count) { return take(count * 4); };
    s.x = floats(b * embd);
    s.xb = floats(b * embd);
    s.q = floats(b * qd);
    s.qa = floats(b * qa);
    s.qaNorm = floats(b * qa);
    s.latent = floats(b * width);
    s.qAbs = floats(b * heads * width);
    s.oLat = floats(b * heads * rank);
    s.att = floats(b * att);
    s.hb = floats(b * ff);
    s.hb2 = floats(b * ff);
    s.routerLogits = floats(b * static_cast<std::size_t>(hp.expertCount));
    s.expertWeights = floats(b * used);
    s.expertHidden = floats(b * routed);
    s.mlaPartials = floats(mlaPartialFloats(hp, context, mlaPassTokens(hp, context, batch)));
    s.logits = floats(static_cast<std::size_t>(hp.vocabSize));
    s.expertIds = take(b * used * 4);
    s.tokens = take(b * 4);
    s.pos = take(4);
    s.act16 = take(b * widest * 2);
    s.q8 = take(widest);
    s.q8Scales = floats(widest / 32);
    s.q8b = take(widestHidden);
    s.q8bScales = floats(widestHidden / 32);
    s.tile16 = take(static_cast<std::size_t>(tileElements) * 2);
    s.bytes = end;
    return s;
}

std::size_t gpuScratchBytesDeepseek2(const Deepseek2HParams& hp, std::int32_t context, std::int32_t batch,
                                     std::int64_t tileElements)
{
    return deepseek2Scratch(hp, context, batch, tileElements).bytes;
}

namespace {

/// deepseek2: every tensor as stored, except attn_kv_b (or attn_k_b and
/// attn_v_b), which the GPU keeps as F32 K and V for the absorbed MLA; F32
/// latent cache of rank + ropeDims values a position.
GpuMemoryEstimate estimateDeepseek2(const gguf::GgufFile& file, std::int32_t context)
{
    const Deepseek2HParams hp = Deepseek2HParams::read(file);
    context = std::min(context, hp.trainedContext);
    GpuMemoryEstimate e;
    e.wholeModelOnly = true;
    e.caveat = kDeepseek2GpuCaveat;
    const std::size_t absorbed =
        align256(static_cast<std::size_t>(hp.headCount) * hp.nopeDims * hp.kvLoraRank * 4) +
        align256(static_cast<std::size_t>(hp.headCount) * hp.valueDim * hp.kvLoraRank * 4);
    e.layerWeights.assign(static_cast<std::size_t>(hp.layerCount), absorbed);
    std::int64_t largest = 0;
    for (const gguf::TensorInfo& t : file.tensors()) {
        const std::string_view name = t.name;
        if (name.ends_with(".attn_kv_b.weight") || name.ends_with(".attn_k_b.weight") ||
            name.ends_with(".attn_v_b.weight"))
            continue;
        const std::size_t bytes = align256(static_cast<std::size_t>(t.nbytes));
        if (t.dims.size() >= 2)
            largest = std::max(largest, static_cast<std::int64_t>(t.dims[0] * t.dims[1]));
        const std::int32_t layer = blockOf(name);
        if (layer >= 0 && layer < hp.layerCount)
            e.layerWeights[static_cast<std::size_t>(layer)] += bytes;
        else if (name == "token_embd.weight")
            e.embedding += bytes;
        else
            e.output += bytes;
    }
    e.output += align256(static_cast<std::size_t>(hp.ropeDims / 2) * sizeof(double));
    e.kvPerLayer = static_cast<std::size_t>(context) * static_cast<std::size_t>(hp.kvLoraRank + hp.ropeDims) * 4;
    e.scratch = gpuScratchBytesDeepseek2(hp, context, std::min<std::int32_t>(512, context),
                                         std::min(kMaxTileElements, largest));
    return e;
}

} // namespace

GpuMemoryEstimate estimateGpuMemory(const gguf::GgufFile& file, std::int32_t context)
{
    const std::string arch = file.architecture();
    if (!gpuRunsArchitecture(arch))
        throw Error("the GPU engine does not run " + (arch.empty() ? std::string("this model's") : arch) +
                    " models yet");
    if (context <= 0)
        throw Error("the context must be at least one token (asked for " + std::to_string(context) + ")");
    if (arch == "deepseek2")
        return estimateDeepseek2(file, context);
    const DenseHParams hp = DenseHParams::read(file, arch);
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
    if (estimate.wholeModelOnly && plan.fittingLayers < plan.layerCount)
        plan.fittingLayers = 0;
    const std::int32_t wanted = requestedLayers < 0 ? plan.layerCount : std::min(requestedLayers, plan.layerCount);
    plan.gpuLayers = std::min(wanted, plan.fittingLayers);
    if (estimate.wholeModelOnly && plan.gpuLayers < plan.layerCount)
        plan.gpuLayers = 0;
    if (!estimate.caveat.empty())
        plan.gpuLayers = 0;
    plan.gpuBytes = estimate.forLayers(plan.gpuLayers);

    // What the model "needs" in the notes includes the reserve, so that it
    // is more than the free memory whenever a layer stays on the CPU.
    const std::string gpu = "the GPU (" + gpuName + ") has " + formatBytes(freeBytes) + " free";
    const std::string of = std::to_string(plan.layerCount);
    if (wanted == 0)
        plan.note = "GPU layers set to 0";
    else if (!estimate.caveat.empty())
        plan.note = estimate.caveat;
    else if (estimate.wholeModelOnly && wanted < plan.layerCount)
        plan.note = std::to_string(wanted) + " of " + of +
                    " layers asked for, and this model runs on the GPU whole or not at all";
    else if (estimate.wholeModelOnly && plan.gpuLayers == 0)
        plan.note = gpu + ", and the whole model needs " + formatBytes(plan.allBytes + kGpuReserveBytes) +
                    " (this model runs on the GPU whole or not at all)";
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
