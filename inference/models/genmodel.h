#pragma once
/// @brief Random-weight GGUF models with the exact shapes of the
/// DeepSeek-R1-Distill models, DeepSeek-V2-Lite and DeepSeek-V3 (or tiny
/// ones), for benchmarks and tests: the engine behind `qiusuo-cli gen-model`.
///
/// Weights are drawn from a seeded PRNG, roughly normal(0, 0.02), so
/// activations stay finite through every layer; norms are ones. Each row of
/// each tensor has its own PRNG stream derived from (seed, tensor, row), so
/// the file depends only on the spec, not on the number of threads: the same
/// seed gives a byte-identical file. The file carries everything our loader
/// and llama.cpp need: hyper-parameters, a synthetic byte-level BPE tokenizer
/// (genmodeltokenizer.h) and the model family's chat template (R1 for the
/// distills, V2's for V2-Lite, V3's for V3).
///
/// With `quick`, matrices are written straight from random bits in their
/// storage format (genmodelquick.h) instead of quantizing float weights: a 7B
/// Q4_K_M file takes seconds, not minutes. generateModel streams the file
/// out (GgufWriter's deferred tensors), so it never holds the whole file.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace qiusuo::gguf {
class GgufWriter;
}

namespace qiusuo::models {

/// deepseek2's own hyper-parameters (see deepseek2hparams.h for their use).
struct GenModelDeepseek2 {
    std::int32_t qLoraRank = 0;           ///< 0: a plain attn_q (V2-Lite)
    std::int32_t kvLoraRank = 0;
    std::int32_t nopeDims = 0;            ///< qk_nope_head_dim
    std::int32_t ropeDims = 0;            ///< qk_rope_head_dim
    std::int32_t valueDim = 0;            ///< v_head_dim
    std::int32_t leadingDenseBlocks = 0;
    std::int32_t expertFeedForward = 0;
    std::int32_t expertCount = 0;
    std::int32_t expertUsed = 0;
    std::int32_t expertShared = 0;
    std::int32_t expertGroups = 1;        ///< n_group (1: plain top-k)
    std::int32_t expertGroupsUsed = 1;    ///< topk_group
    bool expertWeightsNorm = false;
    float expertWeightsScale = 1.0f;
    bool sigmoidGating = false;           ///< V3: sigmoid scores and an exp_probs_b selection bias
    float yarnFactor = 1.0f;              ///< 1: no YaRN
    std::int32_t yarnOriginalContext = 0;
    float yarnLogMultiplier = 0.0f;
};

/// Hyper-parameters of a generated model.
struct GenModelShape {
    std::string name;           ///< "tiny", "r1-distill-qwen-1.5b", "deepseek-v3", ...
    std::string architecture;   ///< "qwen2", "llama" or "deepseek2"
    std::int32_t embeddingLength = 0;
    std::int32_t layerCount = 0;
    std::int32_t headCount = 0;
    std::int32_t headCountKv = 0;
    std::int32_t headDim = 0;            ///< qwen2/llama
    std::int32_t feedForwardLength = 0;  ///< deepseek2: its dense blocks
    std::int32_t vocabSize = 0;
    std::int32_t contextLength = 0;
    double ropeFreqBase = 10000.0;
    float rmsEps = 1e-6f;
    bool qkvBias = false;          ///< qwen2: biases on q, k and v
    bool llama3RopeFreqs = false;  ///< llama: a rope_freqs.weight tensor (llama3 scaling)
    std::string preTokenizer = "deepseek-r1-qwen";  ///< tokenizer.ggml.pre
    std::string chatTemplate = "deepseek-r1";       ///< deepseek-r1 | deepseek-v3 | deepseek-v2
    GenModelDeepseek2 deepseek2;   ///< deepseek2 only
};

/// What to generate.
struct GenModelSpec {
    std::string architecture = "qwen2";  ///< qwen2 | llama | deepseek2
    std::string shape = "tiny";          ///< one of genModelShapeNames() that has the architecture
    std::string type = "q8_0";           ///< f32 | f16 | q8_0 | q4_k_m
    std::int32_t layers = 0;             ///< 0: the shape's layer count (deepseek2 keeps >= 1 MoE block)
    std::int32_t vocab = 0;              ///< 0: the shape's vocabulary size
    std::uint64_t seed = 0;
    int threads = 0;                     ///< 0: the hardware's threads (never changes the output)
    bool quick = false;                  ///< random quant codes instead of quantized floats
};

/// The names gen-model accepts, for help texts and error messages.
std::vector<std::string> genModelShapeNames();
std::vector<std::string> genModelTypeNames();

/// The shape `spec` asks for, with --layers/--vocab applied. Throws
/// qiusuo::Error for an unknown architecture, shape or type, an architecture
/// the shape does not have, or counts out of range.
GenModelShape resolveGenModelShape(const GenModelSpec& spec);

/// Fills `writer` with the model's metadata and tensors. All tensor bytes are
/// held by the writer, so this takes about the file's size in memory.
/// `progress` (may be empty) is called after each tensor with (done, total).
void buildGenModel(const GenModelSpec& spec, gguf::GgufWriter& writer,
                   const std::function<void(std::size_t, std::size_t)>& progress = {});

/// Writes the model to `path` (through a temporary file), producing tensor
/// bytes while writing: memory stays near two 32 MiB chunks whatever the
/// file size. The bytes equal buildGenModel's. Returns the file size in bytes.
std::uint64_t generateModel(const GenModelSpec& spec, const std::filesystem::path& path,
                            const std::function<void(std::size_t, std::size_t)>& progress = {});

} // namespace qiusuo::models
