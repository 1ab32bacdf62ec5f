#pragma once
/// @brief Hyper-parameters of the deepseek2 architecture (DeepSeek-V2,
/// V2-Lite, V3, R1), read from GGUF metadata under `deepseek2.` keys.

#include "inference/models/moerouter.h"

#include <cstdint>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::models {

struct Deepseek2HParams {
    std::int32_t vocabSize = 0;
    std::int32_t embeddingLength = 0;
    std::int32_t layerCount = 0;
    std::int32_t trainedContext = 0;
    std::int32_t headCount = 0;
    std::int32_t qLoraRank = 0;       ///< 0: the file has a plain attn_q (V2-Lite)
    std::int32_t kvLoraRank = 0;      ///< width of the compressed latent c
    std::int32_t ropeDims = 0;        ///< qk_rope_head_dim: the rotated part of each key/query head
    std::int32_t nopeDims = 0;        ///< qk_nope_head_dim = key_length - ropeDims
    std::int32_t valueDim = 0;        ///< v_head_dim
    std::int32_t feedForwardLength = 0;   ///< dense layers
    std::int32_t expertFeedForward = 0;   ///< each routed and shared expert
    std::int32_t leadingDenseBlocks = 0;  ///< layers 0..this-1 have a dense FFN
    std::int32_t expertCount = 0;
    std::int32_t expertUsed = 0;
    std::int32_t expertShared = 0;
    std::int32_t expertGroups = 1;        ///< n_group (1: no grouping)
    std::int32_t expertGroupsUsed = 1;    ///< topk_group
    bool expertWeightsNorm = false;
    double expertWeightsScale = 1.0;
    ExpertGating gating = ExpertGating::Softmax;
    double ropeFreqBase = 10000.0;
    /// YaRN: scaling factor (1: none), original context, log multiplier of mscale.
    double yarnFactor = 1.0;
    std::int32_t yarnOriginalContext = 0;
    double yarnLogMultiplier = 0.0;
    float rmsEps = 1e-6f;

    std::int32_t keyDim() const { return nopeDims + ropeDims; }
    /// Attention scale: mscale² / √key_length, mscale = 1 + log_mul · ln(factor).
    float kqScale() const;

    /// Reads and checks every value; throws qiusuo::Error naming the key at fault.
    static Deepseek2HParams read(const gguf::GgufFile& file);
};

} // namespace qiusuo::models
