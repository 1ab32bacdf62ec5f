// The dense forward pass on the GPU (see qwen2.cpp / llama.cpp for the same
// model on the CPU):
//   x += Wo · attention(rope(Wq·n(x) + bq), rope(Wk·n(x) + bk), Wv·n(x) + bv)
//   x += Wdown · (silu(Wgate·n(x)) ⊙ Wup·n(x))
// then logits = Wout · n(x). qwen2 rotates split halves (NeoX) and has QKV
// biases; llama rotates adjacent pairs, may divide its frequencies by
// rope_freqs (llama3), and has biases only where the file does.
#include "inference/cudamodels/cudadensemodel.h"

#include "inference/bytesize.h"
#include "inference/cuda/cudaerror.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/offloadplan.h"
#include "inference/models/tensorloader.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace qiusuo::cudamodels {

using cuda::check;

namespace {

std::string blk(std::int32_t layer, const char* name)
{
    return "blk." + std::to_string(layer) + "." + name;
}

constexpr std::int64_t kTileElements = 32ll << 20;  // F16 weight tile for the GEMMs: 64 MiB

std::size_t align256(std::size_t n)
{
    return (n + 255) & ~static_cast<std::size_t>(255);
}

} // namespace

CudaDenseModel::CudaDenseModel(std::shared_ptr<const gguf::GgufFile> file, const models::ModelOptions& options,
                               models::LayerSpan span)
    : file_(std::move(file)), hp_(models::DenseHParams::read(*file_, file_->architecture())), device_(options.gpuIndex)
{
    const std::string arch = file_->architecture();
    const bool llama = arch == "llama";
    if (!llama && arch != "qwen2")
        throw Error("the GPU engine runs qwen2 and llama models; '" + arch + "' runs on the CPU");
    if (options.precision == cpu::Precision::Precise)
        throw Error("the precise path runs on the CPU only (it is the reference the GPU engine is checked against)");
    if (options.context <= 0)
        throw Error("the context must be at least one token (asked for " + std::to_string(options.context) + ")");
    context_ = std::min(options.context, hp_.trainedContext);
    batch_ = std::min<std::int32_t>(512, context_);
    info_.layerCount = hp_.layerCount;
    setSpan(span, hp_.layerCount);
    if (!endsModel())
        throw Error("internal error: the GPU runs the last blocks of a model (asked for blocks " +
                    std::to_string(this->span().first) + " to " + std::to_string(this->span().end) + " of " +
                    std::to_string(hp_.layerCount) + ")");
    const std::int32_t blocks = this->span().end - this->span().first;

    check(cudaSetDevice(device_), "choosing the GPU");
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, device_), "reading the GPU's properties");

    // What must fit: the span's blocks, the output head (and the embedding
    // when every block is here), their KV cache and the work buffers.
    const models::TensorLoader t(*file_, arch);
    const std::int64_t embd = hp_.embeddingLength, ff = hp_.feedForwardLength;
    const models::GpuMemoryEstimate estimate = models::estimateGpuMemory(*file_, context_);
    const std::size_t need = estimate.forLayers(blocks);
    const std::size_t kvBytes = estimate.kvPerLayer * static_cast<std::size_t>(blocks);
    std::size_t freeBytes = 0, totalBytes = 0;
    check(cudaMemGetInfo(&freeBytes, &totalBytes), "reading the GPU's free memory");
    if (need > freeBytes)
        throw Error("the GPU (" + std::string(prop.name) + ") has " + formatBytes(freeBytes) +
                    " free, and the model needs " + formatBytes(need) + " (weights " +
                    formatBytes(need - kvBytes - estimate.scratch) + ", KV cache for " + std::to_string(context_) +
                    " tokens " + formatBytes(kvBytes) + ")");

    cudaStream_t stream = nullptr;
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "creating a GPU stream");
    stream_ = stream;
    gemm_ = std::make_unique<cuda::Gemm>(stream_);

    // The embedding lookup happens here only when the GPU starts the model;
    // a tied output head is the embedding matrix either way.
    if (startsModel())
        tokenEmbd_ = uploadMatrix(t, "token_embd.weight", embd, hp_.vocabSize);
    outputNorm_ = uploadVector(t.vector("output_norm.weight", embd), "output_norm");
    if (t.has("output.weight"))
        output_ = uploadMatrix(t, "output.weight", embd, hp_.vocabSize);
    else
        output_ = startsModel() ? tokenEmbd_ : uploadMatrix(t, "token_embd.weight", embd, hp_.vocabSize);
    layers_.resize(static_cast<std::size_t>(blocks));
    for (std::int32_t l = this->span().first; l < this->span().end; ++l) {
        Layer& L = layers_[static_cast<std::size_t>(l - this->span().first)];
        L.attnNorm = uploadVector(t.vector(blk(l, "attn_norm.weight"), embd), "attn_norm");
        L.wq = uploadMatrix(t, blk(l, "attn_q.weight"), embd, hp_.qDim());
        L.wk = uploadMatrix(t, blk(l, "attn_k.weight"), embd, hp_.kvDim());
        L.wv = uploadMatrix(t, blk(l, "attn_v.weight"), embd, hp_.kvDim());
        L.wo = uploadMatrix(t, blk(l, "attn_output.weight"), hp_.qDim(), embd);
        auto bias = [&](const char* name, std::int64_t n) -> const float* {
            std::vector<float> b = llama ? t.optionalVector(blk(l, name), n) : t.vector(blk(l, name), n);
            return b.empty() ? nullptr : uploadVector(std::move(b), name);
        };
        L.bq = bias("attn_q.bias", hp_.qDim());
        L.bk = bias("attn_k.bias", hp_.kvDim());
        L.bv = bias("attn_v.bias", hp_.kvDim());
        L.ffnNorm = uploadVector(t.vector(blk(l, "ffn_norm.weight"), embd), "ffn_norm");
        L.gate = uploadMatrix(t, blk(l, "ffn_gate.weight"), embd, ff);
        L.up = uploadMatrix(t, blk(l, "ffn_up.weight"), embd, ff);
        L.down = uploadMatrix(t, blk(l, "ffn_down.weight"), ff, embd);
    }

    // RoPE: radians per position for each pair, in double as on the CPU.
    const std::int32_t pairs = hp_.ropeDims / 2;
    const std::vector<float> factors =
        llama ? t.optionalVector("rope_freqs.weight", pairs) : std::vector<float>{};
    std::vector<double> freq(static_cast<std::size_t>(pairs));
    for (std::int32_t i = 0; i < pairs; ++i) {
        double f = hp_.ropeFreqScale * std::pow(hp_.ropeFreqBase, -2.0 * i / hp_.ropeDims);
        if (!factors.empty())
            f /= static_cast<double>(factors[static_cast<std::size_t>(i)]);
        freq[static_cast<std::size_t>(i)] = f;
    }
    ropeFreq_ = cuda::DeviceBuffer(freq.size() * sizeof(double), "RoPE frequencies");
    check(cudaMemcpy(ropeFreq_.get(), freq.data(), freq.size() * sizeof(double), cudaMemcpyHostToDevice),
          "uploading RoPE frequencies");
    rope_.headDim = hp_.headDim;
    rope_.ropeDims = hp_.ropeDims;
    rope_.layout = llama ? cuda::RopeLayout::Normal : cuda::RopeLayout::NeoX;
    rope_.freq = ropeFreq_.as<double>();

    kvCache_ = cuda::DeviceBuffer(kvBytes, "the KV cache");
    allocateScratch();

    info_.architecture = arch;
    info_.name = file_->getString("general.name").value_or("");
    info_.vocabSize = hp_.vocabSize;
    info_.embeddingLength = hp_.embeddingLength;
    info_.trainedContext = hp_.trainedContext;
    info_.context = context_;
    info_.kvType = models::KvType::F16;
    info_.precision = cpu::Precision::Fast;
    info_.threads = 1;
    info_.device = "CUDA (" + std::string(prop.name) + ", GPU " + std::to_string(device_) + ")";
}

CudaDenseModel::~CudaDenseModel()
{
    cudaSetDevice(device_);
    if (stream_)
        cudaStreamSynchronize(stream_);
    if (graph_)
        cudaGraphExecDestroy(static_cast<cudaGraphExec_t>(graph_));
    if (hostIo_)
        cudaFreeHost(hostIo_);
    if (hostLogits_)
        cudaFreeHost(hostLogits_);
    gemm_.reset();
    if (stream_)
        cudaStreamDestroy(stream_);
}

cuda::DeviceWeight CudaDenseModel::uploadMatrix(const models::TensorLoader& t, const std::string& name,
                                                std::int64_t cols, std::int64_t rows)
{
    const cpu::WeightView view = t.matrix(name, cols, rows);
    if (!cuda::gpuSupports(view.type, view.cols))
        throw Error("tensor " + name + " is stored as " + std::string(gguf::ggmlTypeName(view.type)) +
                    ", which the GPU engine does not read; run this model on the CPU");
    const std::size_t bytes = static_cast<std::size_t>(view.rows) * view.rowBytes;
    cuda::DeviceBuffer& buf = weights_.emplace_back(bytes, "the model's weights");
    check(cudaMemcpy(buf.get(), view.data, bytes, cudaMemcpyHostToDevice), "uploading the model's weights");
    weightBytes_ += bytes;
    return cuda::DeviceWeight{view.type, buf.get(), view.rows, view.cols, view.rowBytes};
}

const float* CudaDenseModel::uploadVector(std::vector<float> values, const char* what)
{
    cuda::DeviceBuffer& buf = weights_.emplace_back(values.size() * sizeof(float), what);
    check(cudaMemcpy(buf.get(), values.data(), values.size() * sizeof(float), cudaMemcpyHostToDevice),
          "uploading the model's weights");
    weightBytes_ += values.size() * sizeof(float);
    return buf.as<float>();
}

void CudaDenseModel::allocateScratch()
{
    const std::size_t b = static_cast<std::size_t>(batch_);
    const std::size_t embd = static_cast<std::size_t>(hp_.embeddingLength);
    const std::size_t qd = static_cast<std::size_t>(hp_.qDim()), kvd = static_cast<std::size_t>(hp_.kvDim());
    const std::size_t ff = static_cast<std::size_t>(hp_.feedForwardLength);
    std::int64_t largest = 0;  // the tile needs no more than the largest matrix
    auto consider = [&](const cuda::DeviceWeight& w) { largest = std::max(largest, w.rows * w.cols); };
    consider(output_);
    for (const Layer& L : layers_)
        for (const cuda::DeviceWeight* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.gate, &L.up, &L.down})
            consider(*w);
    tileElements_ = std::min(kTileElements, largest);

    scratch_ = cuda::DeviceBuffer(models::gpuScratchBytes(hp_, context_, batch_, tileElements_), "the GPU work buffers");
    auto* base = scratch_.as<std::uint8_t>();
    std::size_t off = 0;
    auto take = [&](std::size_t bytes) {
        void* p = base + off;
        off = align256(off + bytes);
        return p;
    };
    const cuda::AttentionShape shape{hp_.headCount, hp_.headCountKv, hp_.headDim, context_, 1.0f};
    if (cuda::decodeAttentionScratchFloats(shape) >
        static_cast<std::size_t>(hp_.headCount) * ((context_ + 31) / 32) * static_cast<std::size_t>(hp_.headDim + 2))
        throw Error("internal error: the split-decoding partials outgrew their estimate");
    x_ = static_cast<float*>(take(b * embd * 4));
    xb_ = static_cast<float*>(take(b * embd * 4));
    q_ = static_cast<float*>(take(b * qd * 4));
    att_ = static_cast<float*>(take(b * qd * 4));
    k_ = static_cast<float*>(take(b * kvd * 4));
    v_ = static_cast<float*>(take(b * kvd * 4));
    hb_ = static_cast<float*>(take(b * ff * 4));
    hb2_ = static_cast<float*>(take(b * ff * 4));
    attnScratch_ = static_cast<float*>(take(cuda::decodeAttentionScratchFloats(shape) * 4));
    logits_ = static_cast<float*>(take(static_cast<std::size_t>(hp_.vocabSize) * 4));
    act16_ = take(b * std::max({embd, qd, ff}) * 2);
    q8_.q = static_cast<std::int8_t*>(take(std::max({embd, qd, ff})));
    q8_.d = static_cast<float*>(take(std::max({embd, qd, ff}) / 32 * 4));
    q8b_.q = static_cast<std::int8_t*>(take(ff));
    q8b_.d = static_cast<float*>(take(ff / 32 * 4));
    tile16_ = take(static_cast<std::size_t>(tileElements_) * 2);
    tokens_ = static_cast<std::int32_t*>(take(b * 4));
    pos_ = static_cast<std::int32_t*>(take(4));
    if (off > scratch_.bytes())
        throw Error("internal error: the GPU work buffers were sized too small");

    check(cudaMallocHost(reinterpret_cast<void**>(&hostIo_), (b + 1) * sizeof(std::int32_t)),
          "allocating pinned host memory");
    check(cudaMallocHost(reinterpret_cast<void**>(&hostLogits_), static_cast<std::size_t>(hp_.vocabSize) * 4),
          "allocating pinned host memory");
}

std::vector<float> CudaDenseModel::evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                            models::LogitsFor which)
{
    return evaluateWhole(tokens, startPos, which);
}

void CudaDenseModel::runStage(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos,
                              bool all, float* out)
{
    check(cudaSetDevice(device_), "choosing the GPU");
    const auto vocab = static_cast<std::size_t>(hp_.vocabSize);
    const auto embd = static_cast<std::size_t>(hp_.embeddingLength);
    cached_ = startPos;
    for (std::int32_t done = 0; done < n;) {
        const std::int32_t chunk = std::min(batch_, n - done);
        const bool last = done + chunk == n;
        const auto rows = static_cast<std::size_t>(chunk);
        float* chunkOut = all ? out + static_cast<std::size_t>(done) * vocab : out;
        hostIo_[0] = startPos + done;
        check(cudaMemcpyAsync(pos_, hostIo_, sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_),
              "sending the position");
        if (startsModel()) {
            std::memcpy(hostIo_ + 1, tokens + done, rows * sizeof(std::int32_t));
            check(cudaMemcpyAsync(tokens_, hostIo_ + 1, rows * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_),
                  "sending the tokens");
        } else {
            // The CPU stage's residual rows (pageable memory: the copy is
            // staged before the call returns).
            check(cudaMemcpyAsync(x_, hidden + static_cast<std::size_t>(done) * embd, rows * embd * sizeof(float),
                                  cudaMemcpyHostToDevice, stream_),
                  "sending the activations to the GPU");
        }
        if (chunk == 1) {
            decodeWithGraph();  // ends with the logits in hostLogits_
            check(cudaStreamSynchronize(stream_), "the decode step");
            if (all || last)
                std::memcpy(chunkOut, hostLogits_, vocab * sizeof(float));
        } else {
            forward(chunk, all);
            if (all) {
                check(cudaMemcpyAsync(chunkOut, allLogits_.get(), rows * vocab * sizeof(float), cudaMemcpyDeviceToHost,
                                      stream_),
                      "reading the logits");
            } else if (last) {
                check(cudaMemcpyAsync(hostLogits_, logits_, vocab * sizeof(float), cudaMemcpyDeviceToHost, stream_),
                      "reading the logits");
            }
            check(cudaStreamSynchronize(stream_), "the prefill");
            if (!all && last)
                std::memcpy(out, hostLogits_, vocab * sizeof(float));
        }
        done += chunk;
        cached_ = startPos + done;
    }
}

void CudaDenseModel::decodeWithGraph()
{
    if (!graph_) {
        cudaGraph_t graph = nullptr;
        check(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal), "capturing the decode step");
        try {
            forward(1, false);
            check(cudaMemcpyAsync(hostLogits_, logits_, static_cast<std::size_t>(hp_.vocabSize) * sizeof(float),
                                  cudaMemcpyDeviceToHost, stream_),
                  "reading the logits");
        } catch (...) {
            cudaStreamEndCapture(stream_, &graph);
            if (graph)
                cudaGraphDestroy(graph);
            throw;
        }
        check(cudaStreamEndCapture(stream_, &graph), "capturing the decode step");
        cudaGraphExec_t exec = nullptr;
        const cudaError_t err = cudaGraphInstantiate(&exec, graph, 0);
        cudaGraphDestroy(graph);
        check(err, "preparing the decode step");
        graph_ = exec;
    }
    check(cudaGraphLaunch(static_cast<cudaGraphExec_t>(graph_), stream_), "the decode step");
}

void CudaDenseModel::project(const cuda::DeviceWeight& w, const float* x, std::int32_t n, float* y,
                             const float* bias, bool accumulate, bool x8)
{
    if (n == 1) {
        if (x8 && cuda::matvecTakesQ8(w.type))
            cuda::matvecQ8(w, q8_, y, bias, accumulate, stream_);
        else
            cuda::matvec(w, x, y, bias, accumulate, stream_);
        return;
    }
    cuda::toF16(x, act16_, static_cast<std::int64_t>(n) * w.cols, stream_);
    const std::int64_t tileRows = std::max<std::int64_t>(1, tileElements_ / w.cols);
    for (std::int64_t r0 = 0; r0 < w.rows; r0 += tileRows) {
        const std::int64_t rows = std::min(tileRows, w.rows - r0);
        const void* tile = tile16_;
        if (w.type == gguf::GgmlType::F16)
            tile = static_cast<const std::uint8_t*>(w.data) + static_cast<std::size_t>(r0) * w.rowBytes;
        else
            cuda::dequantizeRowsF16(w, r0, rows, tile16_, stream_);
        gemm_->f16(tile, act16_, y + r0, rows, n, w.cols, w.rows, accumulate ? 1.0f : 0.0f);
    }
    if (bias)
        cuda::addBias(y, bias, static_cast<std::int32_t>(w.rows), n, stream_);
}

void CudaDenseModel::forward(std::int32_t n, bool all)
{
    const models::DenseHParams& h = hp_;
    const std::int64_t embd = h.embeddingLength;
    const std::size_t kvLayer = static_cast<std::size_t>(h.kvDim()) * context_;  // elements per key or value block
    const cuda::AttentionShape shape{h.headCount, h.headCountKv, h.headDim, context_,
                                     1.0f / std::sqrt(static_cast<float>(h.headDim))};

    if (startsModel())
        cuda::getRows(tokenEmbd_, tokens_, n, x_, stream_);
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const Layer& L = layers_[l];
        auto* kCache = static_cast<std::uint16_t*>(kvCache_.get()) + l * 2 * kvLayer;
        auto* vCache = kCache + kvLayer;

        // One token: activations quantized to 8 bits for the integer
        // products (the norms do it as they go), as llama.cpp's fast path.
        const bool one = n == 1;
        if (one)
            cuda::rmsNormQ8(x_, L.attnNorm, xb_, h.embeddingLength, h.rmsEps, q8_, stream_);
        else
            cuda::rmsNorm(x_, L.attnNorm, xb_, h.embeddingLength, n, h.rmsEps, stream_);
        if (one && cuda::matvecTakesQ8(L.wq.type) && L.wk.type == L.wq.type) {
            // q and k (and v when it has their type) in one launch.
            const cuda::MatvecTarget qkv[3] = {{&L.wq, q_, L.bq}, {&L.wk, k_, L.bk}, {&L.wv, v_, L.bv}};
            const bool withV = L.wv.type == L.wq.type;
            cuda::matvecQ8Multi(qkv, withV ? 3 : 2, q8_, stream_);
            if (!withV)
                project(L.wv, xb_, n, v_, L.bv, false, one);
        } else {
            project(L.wq, xb_, n, q_, L.bq, false, one);
            project(L.wk, xb_, n, k_, L.bk, false, one);
            project(L.wv, xb_, n, v_, L.bv, false, one);
        }
        cuda::ropeAndStoreKv(q_, k_, v_, n, h.headCount, h.headCountKv, rope_, pos_, kCache, vCache, context_,
                             stream_);
        if (one) {
            cuda::attentionDecode(q_, kCache, vCache, pos_, shape, attnScratch_, att_, stream_,
                                  cuda::matvecTakesQ8(L.wo.type) ? &q8_ : nullptr);
        } else {
            cuda::attentionPrefill(q_, kCache, vCache, pos_, n, shape, att_, stream_);
        }
        project(L.wo, att_, n, x_, nullptr, true, one);

        if (one)
            cuda::rmsNormQ8(x_, L.ffnNorm, xb_, h.embeddingLength, h.rmsEps, q8_, stream_);
        else
            cuda::rmsNorm(x_, L.ffnNorm, xb_, h.embeddingLength, n, h.rmsEps, stream_);
        if (one && L.gate.type == L.up.type) {
            if (cuda::matvecTakesQ8(L.gate.type))
                cuda::matvecSwigluQ8(L.gate, L.up, q8_, hb_, stream_);
            else
                cuda::matvecSwiglu(L.gate, L.up, xb_, hb_, stream_);
        } else {
            project(L.gate, xb_, n, hb_, nullptr, false, one);
            project(L.up, xb_, n, hb2_, nullptr, false, one);
            cuda::siluMul(hb_, hb2_, static_cast<std::int64_t>(n) * h.feedForwardLength, stream_);
        }
        if (one && cuda::matvecTakesQ8(L.down.type)) {
            cuda::quantizeActivations(hb_, h.feedForwardLength, q8b_, stream_);
            cuda::matvecQ8(L.down, q8b_, x_, nullptr, true, stream_);
        } else {
            project(L.down, hb_, n, x_, nullptr, true, false);
        }
    }

    if (all) {
        if (!allLogits_.get())
            allLogits_ = cuda::DeviceBuffer(static_cast<std::size_t>(batch_) * hp_.vocabSize * sizeof(float),
                                            "the logits of a batch");
        cuda::rmsNorm(x_, outputNorm_, xb_, h.embeddingLength, n, h.rmsEps, stream_);
        project(output_, xb_, n, allLogits_.as<float>(), nullptr, false);
    } else {
        cuda::rmsNormQ8(x_ + (n - 1) * embd, outputNorm_, xb_, h.embeddingLength, h.rmsEps, q8_, stream_);
        project(output_, xb_, 1, logits_, nullptr, false, true);
    }
}

} // namespace qiusuo::cudamodels
