#pragma once
/// @brief deepseek2 (DeepSeek-V2, V2-Lite, V3, R1) on an NVIDIA GPU: the
/// forward pass of inference/models/deepseek2.cpp with every block on the
/// device (no partial offload), the weights uploaded once as stored.
///
/// Attention is MLA in its absorbed form (inference/cuda/mla.cu) over an F32
/// latent cache, as on the CPU; attn_kv_b is kept as F32 K and V per head.
/// The MoE blocks route on the device (inference/cuda/moe.cu) and the expert
/// products read the chosen ids from device memory, so decode needs no host
/// synchronisation: it is captured once in a CUDA graph, as CudaDenseModel's.
/// Prefill runs in chunks: dense products through F16 tiles and cuBLAS; the
/// router, attn_kv_a_mqa (the latent, which feeds every head) and the experts
/// through F32 row products, token by token on the device (a first, correct
/// version: grouping the tokens by expert for GEMMs would need the ids on
/// the host once per layer).

#include "inference/cuda/devicebuffer.h"
#include "inference/cuda/gemm.h"
#include "inference/cuda/kernels.h"
#include "inference/models/deepseek2hparams.h"
#include "inference/models/model.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::models {
class TensorLoader;
}

namespace qiusuo::cudamodels {

class CudaDeepseek2Model final : public models::Model {
public:
    /// Uploads the model to GPU options.gpuIndex. Throws qiusuo::Error for a
    /// weight type or shape the GPU kernels do not take, a model that does not
    /// fit ("the GPU has 6.1 GB free, the model needs 9.8 GB"), or a CUDA failure.
    CudaDeepseek2Model(std::shared_ptr<const gguf::GgufFile> file, const models::ModelOptions& options);
    ~CudaDeepseek2Model() override;

    const models::ModelInfo& info() const override { return info_; }
    std::vector<float> evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                models::LogitsFor which) override;
    std::int32_t cachedTokens() const override { return cached_; }
    std::size_t kvCacheBytes() const override { return cache_.bytes(); }

    /// Bytes of weights uploaded.
    std::size_t weightBytes() const { return weightBytes_; }

private:
    struct Layer {
        const float* attnNorm = nullptr;
        bool qLora = false;
        cuda::DeviceWeight wq, wqA, wqB;
        const float* qANorm = nullptr;
        cuda::DeviceWeight wkvA;
        const float* kvANorm = nullptr;
        const float* kAbs = nullptr;  ///< F32 [heads][nope][rank]
        const float* vAbs = nullptr;  ///< F32 [heads][valueDim][rank]
        cuda::DeviceWeight wo;
        const float* ffnNorm = nullptr;
        bool moe = false;
        cuda::DeviceWeight gate, up, down;  ///< dense blocks
        cuda::DeviceWeight router;
        const float* selectionBias = nullptr;
        cuda::ExpertWeights gateExps, upExps, downExps;
        cuda::DeviceWeight sharedGate, sharedUp, sharedDown;  ///< rows 0 without shared experts
    };

    void loadLayer(const models::TensorLoader& t, std::int32_t l, Layer& L);
    cuda::DeviceWeight uploadMatrix(const models::TensorLoader& t, const std::string& name, std::int64_t cols,
                                    std::int64_t rows);
    cuda::ExpertWeights uploadExperts(const std::string& name, std::int64_t cols, std::int64_t rows);
    const float* uploadVector(std::vector<float> values, const char* what);
    /// K and V of every head from attn_kv_b (or attn_k_b / attn_v_b), F32.
    void uploadAbsorbed(const models::TensorLoader& t, std::int32_t l, Layer& L);
    void allocateScratch();
    /// The n tokens in tokens_ at positions *pos_.. through the model; logits
    /// for all rows into allLogits_ or for the last into logits_.
    void forward(std::int32_t n, bool all);
    void attention(const Layer& L, float* cache, std::int32_t n);
    void feedForward(const Layer& L, std::int32_t n);
    /// y = W x (+ y when accumulating) for n rows: one row by the decode
    /// products (integer ones when `x8` holds x quantized and W takes them),
    /// more rows by F16 tiles and cuBLAS.
    void project(const cuda::DeviceWeight& w, const float* x, std::int32_t n, float* y, bool accumulate,
                 const cuda::QuantizedActivations* x8 = nullptr);
    /// silu(gate·x) ⊙ up·x into hb_, then y += down · that.
    void swiglu(const cuda::DeviceWeight& gate, const cuda::DeviceWeight& up, const cuda::DeviceWeight& down,
                std::int32_t n, float* y);
    void decodeWithGraph();

    std::shared_ptr<const gguf::GgufFile> file_;
    models::Deepseek2HParams hp_;
    models::ModelInfo info_;
    int device_ = 0;
    cuda::Stream stream_ = nullptr;
    std::unique_ptr<cuda::Gemm> gemm_;
    cuda::MlaShape mla_;
    cuda::MoeRouting routing_;

    std::vector<cuda::DeviceBuffer> weights_;
    std::size_t weightBytes_ = 0;
    cuda::DeviceWeight tokenEmbd_, output_;
    const float* outputNorm_ = nullptr;
    std::vector<Layer> layers_;
    cuda::DeviceBuffer ropeFreq_;  ///< double [ropeDims / 2], YaRN included

    cuda::DeviceBuffer cache_;  ///< F32 [layer][context][rank + ropeDims]
    std::int32_t context_ = 0;
    std::int32_t batch_ = 512;
    std::int32_t mlaPass_ = 1;  ///< tokens per MLA attention pass (scratch bound)
    cuda::DeviceBuffer scratch_;
    float *x_ = nullptr, *xb_ = nullptr, *q_ = nullptr, *qa_ = nullptr, *qaNorm_ = nullptr, *latent_ = nullptr, *qAbs_ = nullptr;
    float *oLat_ = nullptr, *att_ = nullptr, *hb_ = nullptr, *hb2_ = nullptr, *routerLogits_ = nullptr;
    float *expertWeights_ = nullptr, *expertHidden_ = nullptr, *mlaScratch_ = nullptr, *logits_ = nullptr;
    std::int32_t* expertIds_ = nullptr;
    void* act16_ = nullptr;
    cuda::QuantizedActivations q8_;   ///< a row of width up to the widest activation (decode)
    cuda::QuantizedActivations q8b_;  ///< a hidden row: FFN or the routed experts' (decode)
    void* tile16_ = nullptr;
    std::int64_t tileElements_ = 0;
    cuda::DeviceBuffer allLogits_;
    std::int32_t* tokens_ = nullptr;
    std::int32_t* pos_ = nullptr;
    std::int32_t* hostIo_ = nullptr;
    float* hostLogits_ = nullptr;

    void* graph_ = nullptr;
    std::int32_t cached_ = 0;
};

} // namespace qiusuo::cudamodels
