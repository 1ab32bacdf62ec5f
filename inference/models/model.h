#pragma once
/// @brief The interface every architecture implements: a loaded model with
/// its KV cache, evaluated a batch of tokens at a time.
///
/// A model reads its weights from a memory-mapped GgufFile (it keeps the file
/// alive) and owns a KV cache of `ModelInfo::context` positions. evaluate()
/// runs tokens at positions startPos, startPos+1, ... and returns logits; the
/// cache then holds every position before startPos + tokens.size(), so
/// decoding is evaluate({token}, cachedTokens()) and rewinding is evaluating
/// at an earlier startPos (later positions are overwritten).

#include "inference/cpu/matmul.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace qiusuo::models {

/// Element type of the KV cache.
enum class KvType { F32, F16 };

/// Where a model runs. Auto takes the GPU when a supported device has room
/// for the model and the build has CUDA, else the CPU, and says why
/// (Model::deviceNote()).
enum class ComputeDevice { Cpu, Cuda, Auto };

struct ModelOptions {
    /// Positions the KV cache holds; clamped to the model's trained context.
    std::int32_t context = 4096;
    /// Fast (default): 8-bit activations in the products and an F16 KV cache.
    /// Precise: F32 activations and an F32 KV cache, for verification.
    cpu::Precision precision = cpu::Precision::Fast;
    /// Worker threads; 0 picks the number of physical cores.
    int threads = 0;
    /// Overrides the KV cache type implied by `precision`.
    std::optional<KvType> kvType;
    /// Prefill runs in chunks of at most this many tokens, which bounds the
    /// scratch memory (about 100 KiB a token for a 1.5B model). 0: the
    /// architecture's own (kDenseBatch, kMoeBatch).
    std::int32_t batchSize = 0;
    /// CPU by default, so that code asking for nothing gets the reference engine.
    ComputeDevice device = ComputeDevice::Cpu;
    /// The CUDA device index (nvidia-smi's numbering).
    int gpuIndex = 0;
    /// Blocks on the GPU (the last ones; the rest and the embedding on the
    /// CPU): -1 as many as fit (every one when they do), 0 none (the CPU
    /// runs the model even when `device` asks for the GPU), N that many, or
    /// as many as fit when fewer do (the device note says so).
    std::int32_t gpuLayers = -1;
};

/// Default prefill chunk of the dense models: weights stay in cache across
/// the chunk's tiles, the scratch stays small (the KV cache + 10% target).
inline constexpr std::int32_t kDenseBatch = 64;
/// Default prefill chunk of the mixture-of-experts models: each expert sees
/// only used/experts of a chunk's tokens (6 of 64 in DeepSeek-V2-Lite), so a
/// short chunk leaves every expert product a few tokens long; 512 as
/// llama.cpp's default batch (V2-Lite: ~90 MB of scratch).
inline constexpr std::int32_t kMoeBatch = 512;

/// Hyper-parameters every architecture shares, for callers and reports.
struct ModelInfo {
    std::string architecture;     ///< general.architecture, e.g. "qwen2"
    std::string name;             ///< general.name, when present
    std::int32_t vocabSize = 0;   ///< logits per position
    std::int32_t embeddingLength = 0;
    std::int32_t layerCount = 0;
    std::int32_t trainedContext = 0;  ///< <arch>.context_length
    std::int32_t context = 0;         ///< positions the KV cache holds
    KvType kvType = KvType::F16;
    cpu::Precision precision = cpu::Precision::Fast;
    int threads = 1;
    /// "CPU" or "CUDA (NVIDIA H200, GPU 0)".
    std::string device = "CPU";
};

/// Which positions evaluate() returns logits for.
enum class LogitsFor { Last, All };

class Model {
public:
    virtual ~Model() = default;
    Model() = default;
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    virtual const ModelInfo& info() const = 0;

    /// Runs `tokens` at positions startPos.. and returns the logits, float
    /// [vocabSize] for LogitsFor::Last or [tokens.size()][vocabSize] for All
    /// (row i predicts the token after tokens[i]). Throws qiusuo::Error when a
    /// token id is outside the vocabulary, startPos is past cachedTokens(), or
    /// the positions would run past the context ("the conversation is longer
    /// than the context (4096 tokens)"). After an error the cache holds the
    /// positions before startPos.
    virtual std::vector<float> evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                        LogitsFor which = LogitsFor::Last) = 0;

    /// Positions currently valid in the KV cache.
    virtual std::int32_t cachedTokens() const = 0;

    /// Bytes held by the KV cache (allocated at load).
    virtual std::size_t kvCacheBytes() const = 0;

    std::int32_t vocabSize() const { return info().vocabSize; }
    std::int32_t contextSize() const { return info().context; }

    /// Why the model runs where it does when ComputeDevice::Auto was asked
    /// for ("CUDA driver not found: running on the CPU"); empty otherwise.
    const std::string& deviceNote() const { return deviceNote_; }
    void setDeviceNote(std::string note) { deviceNote_ = std::move(note); }

protected:
    /// The checks evaluate() promises, with their messages: tokens given, a
    /// start no later than cachedTokens(), room in the context, every id in
    /// the vocabulary. Throws qiusuo::Error.
    void checkEvaluation(std::span<const std::int32_t> tokens, std::int32_t startPos) const;

private:
    std::string deviceNote_;
};

} // namespace qiusuo::models
