#pragma once
/// @brief qwen2 and llama on an NVIDIA GPU: the same forward pass as
/// inference/models/qwen2.cpp and llama.cpp, with the weights uploaded once
/// in their stored (quantized) form and the KV cache in F16 on the device.
///
/// Decode (one token) runs the quantized matrix-vector kernels and is
/// captured once in a CUDA graph that reads the token and its position from
/// device memory, so a step costs one graph launch and one copy of the
/// logits back. Prefill decodes each weight to F16 tiles and multiplies with
/// cuBLAS. Only the fast path exists on the GPU (ModelOptions::precision
/// Precise is refused: the CPU engine is the reference).
///
/// For partial offload it holds the last blocks only (a ModelStage after the
/// CPU's): it takes the CPU stage's residual rows instead of tokens, and
/// neither the embedding matrix nor the other blocks reach the GPU.

#include "inference/cuda/devicebuffer.h"
#include "inference/cuda/gemm.h"
#include "inference/cuda/kernels.h"
#include "inference/models/densehparams.h"
#include "inference/models/modelstage.h"

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

class CudaDenseModel final : public models::ModelStage {
public:
    /// Uploads the weights of blocks `span` (which must end the model) and the
    /// output head to GPU options.gpuIndex. Throws qiusuo::Error for a weight
    /// type the GPU kernels do not read, a model that does not fit ("the GPU
    /// has 6.1 GB free, the model needs 9.8 GB"), or a CUDA failure.
    CudaDenseModel(std::shared_ptr<const gguf::GgufFile> file, const models::ModelOptions& options,
                   models::LayerSpan span = {});
    ~CudaDenseModel() override;

    const models::ModelInfo& info() const override { return info_; }
    std::vector<float> evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                models::LogitsFor which) override;
    std::int32_t cachedTokens() const override { return cached_; }
    std::size_t kvCacheBytes() const override { return kvCache_.bytes(); }
    void runStage(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos, bool all,
                  float* out) override;

    /// Bytes of weights uploaded (what one decode step reads).
    std::size_t weightBytes() const { return weightBytes_; }

private:
    struct Layer {
        const float* attnNorm = nullptr;
        cuda::DeviceWeight wq, wk, wv, wo;
        const float* bq = nullptr;
        const float* bk = nullptr;
        const float* bv = nullptr;
        const float* ffnNorm = nullptr;
        cuda::DeviceWeight gate, up, down;
    };

    cuda::DeviceWeight uploadMatrix(const models::TensorLoader& t, const std::string& name, std::int64_t cols,
                                    std::int64_t rows);
    const float* uploadVector(std::vector<float> values, const char* what);
    void allocateScratch();
    /// Runs the n rows already on the device (tokens in tokens_, or residual
    /// rows in x_ for a stage after the CPU's) at positions *pos_.. through
    /// the blocks; logits for all n rows into allLogits_ or the last one
    /// into logits_.
    void forward(std::int32_t n, bool all);
    /// y = W x (+ bias) (+ y when accumulating) for n rows of x. One row: the
    /// integer products when `x8` holds x quantized and W's type takes them,
    /// else the F32 ones; more rows: F16 tiles and cuBLAS.
    void project(const cuda::DeviceWeight& w, const float* x, std::int32_t n, float* y, const float* bias,
                 bool accumulate, bool x8 = false);
    void decodeWithGraph();

    std::shared_ptr<const gguf::GgufFile> file_;
    models::DenseHParams hp_;
    models::ModelInfo info_;
    int device_ = 0;
    cuda::Stream stream_ = nullptr;
    std::unique_ptr<cuda::Gemm> gemm_;

    std::vector<cuda::DeviceBuffer> weights_;  ///< every matrix and vector
    std::size_t weightBytes_ = 0;
    cuda::DeviceWeight tokenEmbd_, output_;
    const float* outputNorm_ = nullptr;
    std::vector<Layer> layers_;  ///< the span's blocks, from span().first
    cuda::RopeParams rope_;
    cuda::DeviceBuffer ropeFreq_;

    cuda::DeviceBuffer kvCache_;
    std::int32_t context_ = 0;
    std::int32_t batch_ = 512;  ///< prefill chunk
    cuda::DeviceBuffer scratch_;
    float *x_ = nullptr, *xb_ = nullptr, *q_ = nullptr, *k_ = nullptr, *v_ = nullptr, *att_ = nullptr;
    float *hb_ = nullptr, *hb2_ = nullptr, *attnScratch_ = nullptr, *logits_ = nullptr;
    void* act16_ = nullptr;   ///< F16 activations for the GEMMs
    cuda::QuantizedActivations q8_;   ///< one activation row in 8 bits (decode)
    cuda::QuantizedActivations q8b_;  ///< the FFN hidden row in 8 bits (decode)
    void* tile16_ = nullptr;  ///< F16 weight tile for the GEMMs
    std::int64_t tileElements_ = 0;
    std::int32_t logitsRows_ = 0;
    cuda::DeviceBuffer allLogits_;  ///< [batch][vocab], made on the first LogitsFor::All
    std::int32_t* tokens_ = nullptr;  ///< device [batch]
    std::int32_t* pos_ = nullptr;     ///< device, one value
    std::int32_t* hostIo_ = nullptr;  ///< pinned: token, position
    float* hostLogits_ = nullptr;     ///< pinned [vocab]

    void* graph_ = nullptr;      ///< cudaGraphExec_t of one decode step
    std::int32_t cached_ = 0;
};

} // namespace qiusuo::cudamodels
