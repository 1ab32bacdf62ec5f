#pragma once
/// @brief How much of a model the GPU takes: the memory the GPU engine needs
/// per block, the KV cache and work buffers, and the plan "the last N of L
/// blocks on the GPU" for the free memory at hand. Qt-free and CUDA-free, so
/// that the model library can show the estimate before anything loads, in
/// builds with or without CUDA.
///
/// A partial offload runs the first L − N blocks on the CPU (embedding
/// lookup included: the embedding matrix never has to reach the GPU) and the
/// last N blocks plus the output head on the GPU, as llama.cpp does.

#include "inference/models/deepseek2hparams.h"
#include "inference/models/densehparams.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::models {

/// One GPU as the planner sees it.
struct GpuDevice {
    int index = 0;
    std::string name;  ///< "NVIDIA H200"
    std::size_t totalBytes = 0;
    std::size_t freeBytes = 0;
};

struct GpuList {
    std::vector<GpuDevice> devices;
    std::string reason;  ///< why `devices` is empty ("no CUDA device", "this build of Qiusuo has no CUDA support")
};

/// The CUDA devices present; never throws, never crashes without a driver.
GpuList listGpus();

/// The architectures the GPU engine runs (qwen2, llama, deepseek2).
bool gpuRunsArchitecture(const std::string& architecture);

/// Bytes the GPU engine allocates for a dense model, by part.
struct GpuMemoryEstimate {
    std::vector<std::size_t> layerWeights;  ///< each block's matrices, norms and biases
    std::size_t kvPerLayer = 0;  ///< F16 keys and values of one block for the chosen context
    std::size_t embedding = 0;   ///< token_embd: on the GPU only when every block is (or as a tied output)
    std::size_t output = 0;      ///< output head, final norm and RoPE factors: on the GPU with any block
    std::size_t scratch = 0;     ///< work buffers (activations, F16 weight tile, attention partials)
    /// deepseek2: the GPU runs the whole model or none of it (no partial offload).
    bool wholeModelOnly = false;
    /// Non-empty while the GPU engine's form of this architecture waits for
    /// its first check on a device: planOffload then keeps the model on the
    /// CPU with this as its note (ComputeDevice::Cuda still loads it).
    std::string caveat;

    std::int32_t layerCount() const { return static_cast<std::int32_t>(layerWeights.size()); }
    /// What the GPU needs with the last `n` blocks on it (0 for none).
    std::size_t forLayers(std::int32_t n) const;
};

/// The estimate for `file` with a KV cache of `context` positions (clamped
/// to the model's trained context). Throws qiusuo::Error for an architecture
/// the GPU engine does not run or a file whose metadata is broken.
GpuMemoryEstimate estimateGpuMemory(const gguf::GgufFile& file, std::int32_t context);

/// The GPU engine's work buffers for these shapes: `batch` rows of
/// activations per prefill chunk, an F16 tile for the largest matrix (at
/// most 64 MiB) and the split-decoding partials. The GPU model allocates
/// exactly this.
std::size_t gpuScratchBytes(const DenseHParams& hp, std::int32_t context, std::int32_t batch,
                            std::int64_t tileElements);

/// Where each of the deepseek2 GPU model's work buffers starts in its one
/// allocation (byte offsets, each 256-byte aligned) and how long that is:
/// activations of `batch` rows for MLA and the experts, the F16 tile, and
/// the split MLA attention partials for mlaPassTokens() tokens at a time.
/// CudaDeepseek2Model carves its buffers from these offsets, so the
/// estimate and the allocation are one computation.
struct Deepseek2Scratch {
    // F32 rows
    std::size_t x = 0, xb = 0, q = 0, qa = 0, qaNorm = 0, latent = 0, qAbs = 0, oLat = 0, att = 0, hb = 0, hb2 = 0,
                routerLogits = 0, expertWeights = 0, expertHidden = 0, mlaPartials = 0, logits = 0;
    // int32: the chosen experts, the tokens, the position
    std::size_t expertIds = 0, tokens = 0, pos = 0;
    // F16 activations for the GEMMs; two 8-bit activation rows and their scales; the F16 weight tile
    std::size_t act16 = 0, q8 = 0, q8Scales = 0, q8b = 0, q8bScales = 0, tile16 = 0;
    std::size_t bytes = 0;   ///< the whole allocation
};
Deepseek2Scratch deepseek2Scratch(const Deepseek2HParams& hp, std::int32_t context, std::int32_t batch,
                                  std::int64_t tileElements);
/// deepseek2Scratch(...).bytes.
std::size_t gpuScratchBytesDeepseek2(const Deepseek2HParams& hp, std::int32_t context, std::int32_t batch,
                                     std::int64_t tileElements);
/// Tokens whose MLA attention partials are computed at once: as many of
/// `batch` as keep the partials within 64 MiB, at least one.
std::int32_t mlaPassTokens(const Deepseek2HParams& hp, std::int32_t context, std::int32_t batch);
/// Floats of those partials (heads × splits of 64 positions × (rank + 2) a token).
std::size_t mlaPartialFloats(const Deepseek2HParams& hp, std::int32_t context, std::int32_t tokens);

/// What deepseek2 on the GPU says until it has passed its tests on a device.
constexpr const char* kDeepseek2GpuCaveat = "deepseek2 on the GPU is not verified on a device yet";

/// Memory kept free beside the model for cuBLAS's workspace, the CUDA
/// runtime and the display: 300 MB.
constexpr std::size_t kGpuReserveBytes = 300'000'000;

struct OffloadPlan {
    std::int32_t gpuLayers = 0;   ///< the last gpuLayers blocks run on the GPU
    std::int32_t layerCount = 0;
    std::size_t gpuBytes = 0;     ///< what those need
    std::size_t allBytes = 0;     ///< what the whole model needs on the GPU
    /// The most blocks the free memory takes; below gpuLayers when more were asked for.
    std::int32_t fittingLayers = 0;
    /// In words, for the model's device note and the library: "the GPU
    /// (NVIDIA RTX 4060) has 6.1 GB free, the model needs 9.8 GB: offloading
    /// 18 of 27 layers". When no layer goes to the GPU it says why ("GPU
    /// layers set to 0", "the GPU (…) has 0.4 GB free, and even one layer
    /// needs 0.6 GB") and the caller adds what it does instead.
    std::string note;

    bool cpuOnly() const { return gpuLayers == 0; }

    bool everyLayer() const { return gpuLayers == layerCount && layerCount > 0; }
};

/// Chooses how many blocks go to the GPU given `freeBytes` on it (less
/// kGpuReserveBytes). `requestedLayers` < 0: as many as fit (all when they
/// do); otherwise that many (at most the block count) when they fit, else
/// the most that fit, the note saying so.
OffloadPlan planOffload(const GpuMemoryEstimate& estimate, std::size_t freeBytes, std::int32_t requestedLayers,
                        const std::string& gpuName);

} // namespace qiusuo::models
