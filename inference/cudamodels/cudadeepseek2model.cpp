// deepseek2 on the GPU (see deepseek2.cpp for the same model on the CPU):
//   x += Wo · MLA(n(x))        absorbed MLA over the F32 latent cache
//   x += FFN(n(x))             dense SwiGLU in the leading blocks, MoE after:
//                              routed experts (weighted) + shared experts
// then logits = Wout · n(x). The query is Wq·n(x), or with q-LoRA
// Wq_b·n_q(Wq_a·n(x)); [c | k_pe] = Wkv_a·n(x).
#include "inference/cudamodels/cudadeepseek2model.h"

#include "inference/bytesize.h"
#include "inference/cpu/matmul.h"
#include "inference/cuda/cudaerror.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/offloadplan.h"
#include "inference/models/tensorloader.h"
#include "inference/models/yarn.h"

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

} // namespace

CudaDeepseek2Model::CudaDeepseek2Model(std::shared_ptr<const gguf::GgufFile> file, const models::ModelOptions& options)
    : file_(std::move(file)), hp_(models::Deepseek2HParams::read(*file_)), device_(options.gpuIndex)
{
    if (options.precision == cpu::Precision::Precise)
        throw Error("the precise path runs on the CPU only (it is the reference the GPU engine is checked against)");
    if (options.context <= 0)
        throw Error("the context must be at least one token (asked for " + std::to_string(options.context) + ")");
    if (hp_.leadingDenseBlocks < hp_.layerCount &&
        (hp_.expertCount > 1024 || hp_.expertUsed > 32 || hp_.expertGroups > 32))
        throw Error("the GPU engine routes up to 1024 experts in up to 32 groups, choosing up to 32; this model has " +
                    std::to_string(hp_.expertCount) + " experts in " + std::to_string(hp_.expertGroups) +
                    " groups, choosing " + std::to_string(hp_.expertUsed) + ": run it on the CPU");
    context_ = std::min(options.context, hp_.trainedContext);
    batch_ = std::min<std::int32_t>(512, context_);
    mlaPass_ = models::mlaPassTokens(hp_, context_, batch_);

    check(cudaSetDevice(device_), "choosing the GPU");
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, device_), "reading the GPU's properties");
    const models::GpuMemoryEstimate estimate = models::estimateGpuMemory(*file_, context_);
    const std::size_t need = estimate.forLayers(estimate.layerCount());
    const std::size_t kvBytes = estimate.kvPerLayer * static_cast<std::size_t>(hp_.layerCount);
    std::size_t freeBytes = 0, totalBytes = 0;
    check(cudaMemGetInfo(&freeBytes, &totalBytes), "reading the GPU's free memory");
    if (need > freeBytes)
        throw Error("the GPU (" + std::string(prop.name) + ") has " + formatBytes(freeBytes) +
                    " free, and the model needs " + formatBytes(need) + " (weights " +
                    formatBytes(need - kvBytes - estimate.scratch) + ", latent cache for " + std::to_string(context_) +
                    " tokens " + formatBytes(kvBytes) + ")");

    cudaStream_t stream = nullptr;
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "creating a GPU stream");
    stream_ = stream;
    gemm_ = std::make_unique<cuda::Gemm>(stream_);

    const models::TensorLoader t(*file_, "deepseek2");
    const std::int64_t embd = hp_.embeddingLength;
    tokenEmbd_ = uploadMatrix(t, "token_embd.weight", embd, hp_.vocabSize);
    outputNorm_ = uploadVector(t.vector("output_norm.weight", embd), "output_norm");
    output_ = t.has("output.weight") ? uploadMatrix(t, "output.weight", embd, hp_.vocabSize) : tokenEmbd_;
    layers_.resize(static_cast<std::size_t>(hp_.layerCount));
    for (std::int32_t l = 0; l < hp_.layerCount; ++l)
        loadLayer(t, l, layers_[static_cast<std::size_t>(l)]);

    // YaRN RoPE on adjacent pairs: radians per position, in double as on the CPU.
    models::YarnParams y;
    y.ropeDims = hp_.ropeDims;
    y.freqBase = hp_.ropeFreqBase;
    y.factor = hp_.yarnFactor;
    y.originalContext = hp_.yarnOriginalContext;
    const std::vector<float> factors = models::yarnFreqFactors(y);
    std::vector<double> freq(factors.size());
    for (std::size_t i = 0; i < freq.size(); ++i)
        freq[i] = std::pow(hp_.ropeFreqBase, -2.0 * static_cast<double>(i) / hp_.ropeDims) /
                  static_cast<double>(factors[i]);
    ropeFreq_ = cuda::DeviceBuffer(freq.size() * sizeof(double), "RoPE frequencies");
    check(cudaMemcpy(ropeFreq_.get(), freq.data(), freq.size() * sizeof(double), cudaMemcpyHostToDevice),
          "uploading RoPE frequencies");

    mla_ = {hp_.headCount, hp_.nopeDims, hp_.ropeDims, hp_.kvLoraRank, hp_.valueDim, context_, hp_.kqScale()};
    routing_.expertCount = hp_.expertCount;
    routing_.used = hp_.expertUsed;
    routing_.groups = hp_.expertGroups;
    routing_.groupsUsed = hp_.expertGroupsUsed;
    routing_.sigmoid = hp_.gating == models::ExpertGating::Sigmoid;
    routing_.normalize = hp_.expertWeightsNorm;
    routing_.scale = static_cast<float>(hp_.expertWeightsScale);

    cache_ = cuda::DeviceBuffer(kvBytes, "the latent cache");
    allocateScratch();

    info_.architecture = "deepseek2";
    info_.name = file_->getString("general.name").value_or("");
    info_.vocabSize = hp_.vocabSize;
    info_.embeddingLength = hp_.embeddingLength;
    info_.layerCount = hp_.layerCount;
    info_.trainedContext = hp_.trainedContext;
    info_.context = context_;
    info_.kvType = models::KvType::F32;  // the latent cache, as on the CPU
    info_.precision = cpu::Precision::Fast;
    info_.threads = 1;
    info_.device = "CUDA (" + std::string(prop.name) + ", GPU " + std::to_string(device_) + ")";
}

CudaDeepseek2Model::~CudaDeepseek2Model()
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

void CudaDeepseek2Model::loadLayer(const models::TensorLoader& t, std::int32_t l, Layer& L)
{
    const models::Deepseek2HParams& h = hp_;
    const std::int64_t embd = h.embeddingLength;
    const std::int64_t qDim = static_cast<std::int64_t>(h.headCount) * h.keyDim();
    L.attnNorm = uploadVector(t.vector(blk(l, "attn_norm.weight"), embd), "attn_norm");
    L.qLora = t.has(blk(l, "attn_q_a.weight"));  // what the file holds, as on the CPU
    if (L.qLora) {
        if (h.qLoraRank <= 0)
            throw Error("the model file has attn_q_a tensors but no deepseek2.attention.q_lora_rank setting");
        L.wqA = uploadMatrix(t, blk(l, "attn_q_a.weight"), embd, h.qLoraRank);
        L.qANorm = uploadVector(t.vector(blk(l, "attn_q_a_norm.weight"), h.qLoraRank), "attn_q_a_norm");
        L.wqB = uploadMatrix(t, blk(l, "attn_q_b.weight"), h.qLoraRank, qDim);
    } else {
        L.wq = uploadMatrix(t, blk(l, "attn_q.weight"), embd, qDim);
    }
    L.wkvA = uploadMatrix(t, blk(l, "attn_kv_a_mqa.weight"), embd, h.kvLoraRank + h.ropeDims);
    L.kvANorm = uploadVector(t.vector(blk(l, "attn_kv_a_norm.weight"), h.kvLoraRank), "attn_kv_a_norm");
    uploadAbsorbed(t, l, L);
    L.wo = uploadMatrix(t, blk(l, "attn_output.weight"), static_cast<std::int64_t>(h.headCount) * h.valueDim, embd);

    L.ffnNorm = uploadVector(t.vector(blk(l, "ffn_norm.weight"), embd), "ffn_norm");
    L.moe = l >= h.leadingDenseBlocks;
    if (!L.moe) {
        L.gate = uploadMatrix(t, blk(l, "ffn_gate.weight"), embd, h.feedForwardLength);
        L.up = uploadMatrix(t, blk(l, "ffn_up.weight"), embd, h.feedForwardLength);
        L.down = uploadMatrix(t, blk(l, "ffn_down.weight"), h.feedForwardLength, embd);
        return;
    }
    const std::int64_t ff = h.expertFeedForward;
    L.router = uploadMatrix(t, blk(l, "ffn_gate_inp.weight"), embd, h.expertCount);
    std::vector<float> bias = t.optionalVector(blk(l, "exp_probs_b.bias"), h.expertCount);
    if (!bias.empty())
        L.selectionBias = uploadVector(std::move(bias), "exp_probs_b");
    L.gateExps = uploadExperts(blk(l, "ffn_gate_exps.weight"), embd, ff);
    L.upExps = uploadExperts(blk(l, "ffn_up_exps.weight"), embd, ff);
    L.downExps = uploadExperts(blk(l, "ffn_down_exps.weight"), ff, embd);
    if (L.gateExps.first.type != L.upExps.first.type)
        throw Error("the GPU engine needs the gate and up experts of block " + std::to_string(l) +
                    " stored in one type; run this model on the CPU");
    if (h.expertShared > 0) {
        const std::int64_t sff = ff * h.expertShared;
        L.sharedGate = uploadMatrix(t, blk(l, "ffn_gate_shexp.weight"), embd, sff);
        L.sharedUp = uploadMatrix(t, blk(l, "ffn_up_shexp.weight"), embd, sff);
        L.sharedDown = uploadMatrix(t, blk(l, "ffn_down_shexp.weight"), sff, embd);
    }
}

cuda::DeviceWeight CudaDeepseek2Model::uploadMatrix(const models::TensorLoader& t, const std::string& name,
                                                    std::int64_t cols, std::int64_t rows)
{
    const cpu::WeightView view = t.matrix(name, cols, rows);
    if (!cuda::gpuSupports(view.type, view.cols))
        throw Error("tensor " + name + " is stored as " + std::string(gguf::ggmlTypeName(view.type)) + " in rows of " +
                    std::to_string(view.cols) + ", which the GPU engine does not read; run this model on the CPU");
    const std::size_t bytes = static_cast<std::size_t>(view.rows) * view.rowBytes;
    cuda::DeviceBuffer& buf = weights_.emplace_back(bytes, "the model's weights");
    check(cudaMemcpy(buf.get(), view.data, bytes, cudaMemcpyHostToDevice), "uploading the model's weights");
    weightBytes_ += bytes;
    return cuda::DeviceWeight{view.type, buf.get(), view.rows, view.cols, view.rowBytes};
}

cuda::ExpertWeights CudaDeepseek2Model::uploadExperts(const std::string& name, std::int64_t cols, std::int64_t rows)
{
    const cpu::WeightView info = models::TensorLoader(*file_, "deepseek2").stack(name, cols, rows, hp_.expertCount);
    if (!cuda::gpuSupports(info.type, cols))
        throw Error("tensor " + name + " is stored as " + std::string(gguf::ggmlTypeName(info.type)) +
                    ", which the GPU engine does not read; run this model on the CPU");
    const std::size_t rowBytes = info.rowBytes;
    const std::size_t bytes = rowBytes * static_cast<std::size_t>(rows) * static_cast<std::size_t>(hp_.expertCount);
    cuda::DeviceBuffer& buf = weights_.emplace_back(bytes, "the model's experts");
    check(cudaMemcpy(buf.get(), info.data, bytes, cudaMemcpyHostToDevice), "uploading the model's experts");
    weightBytes_ += bytes;
    cuda::ExpertWeights w;
    w.first = cuda::DeviceWeight{info.type, buf.get(), rows, cols, rowBytes};
    w.stride = rowBytes * static_cast<std::size_t>(rows);
    w.count = hp_.expertCount;
    return w;
}

const float* CudaDeepseek2Model::uploadVector(std::vector<float> values, const char* what)
{
    cuda::DeviceBuffer& buf = weights_.emplace_back(values.size() * sizeof(float), what);
    check(cudaMemcpy(buf.get(), values.data(), values.size() * sizeof(float), cudaMemcpyHostToDevice),
          "uploading the model's weights");
    weightBytes_ += values.size() * sizeof(float);
    return buf.as<float>();
}

void CudaDeepseek2Model::uploadAbsorbed(const models::TensorLoader& t, std::int32_t l, Layer& L)
{
    const models::Deepseek2HParams& h = hp_;
    const auto heads = static_cast<std::size_t>(h.headCount), nope = static_cast<std::size_t>(h.nopeDims);
    const auto vdim = static_cast<std::size_t>(h.valueDim), rank = static_cast<std::size_t>(h.kvLoraRank);
    std::vector<float> k(heads * nope * rank), v(heads * vdim * rank);
    const auto rowOf = [](const void* base, std::size_t rowBytes, std::size_t r) {
        return static_cast<const std::uint8_t*>(base) + r * rowBytes;
    };
    if (t.has(blk(l, "attn_kv_b.weight"))) {
        // Head hd's block of rows: nope rows of K_h, then valueDim rows of V_h, each `rank` long.
        const cpu::WeightView kv =
            t.matrix(blk(l, "attn_kv_b.weight"), h.kvLoraRank, static_cast<std::int64_t>(heads * (nope + vdim)));
        for (std::size_t hd = 0; hd < heads; ++hd) {
            for (std::size_t d = 0; d < nope; ++d)
                cpu::dequantizeRow(kv.type, rowOf(kv.data, kv.rowBytes, hd * (nope + vdim) + d),
                                   k.data() + (hd * nope + d) * rank, h.kvLoraRank);
            for (std::size_t i = 0; i < vdim; ++i)
                cpu::dequantizeRow(kv.type, rowOf(kv.data, kv.rowBytes, hd * (nope + vdim) + nope + i),
                                   v.data() + (hd * vdim + i) * rank, h.kvLoraRank);
        }
    } else {
        // Split form: attn_k_b per head rank rows of nope (K_hᵀ), attn_v_b per head valueDim rows of rank.
        const cpu::WeightView kb = t.stack(blk(l, "attn_k_b.weight"), h.nopeDims, h.kvLoraRank, h.headCount);
        const cpu::WeightView vb = t.stack(blk(l, "attn_v_b.weight"), h.kvLoraRank, h.valueDim, h.headCount);
        const std::size_t kRow = kb.rowBytes, vRow = vb.rowBytes;
        std::vector<float> row(nope);
        for (std::size_t hd = 0; hd < heads; ++hd) {
            for (std::size_t r = 0; r < rank; ++r) {
                cpu::dequantizeRow(kb.type, rowOf(kb.data, kRow, hd * rank + r), row.data(), h.nopeDims);
                for (std::size_t d = 0; d < nope; ++d)
                    k[(hd * nope + d) * rank + r] = row[d];
            }
            for (std::size_t i = 0; i < vdim; ++i)
                cpu::dequantizeRow(vb.type, rowOf(vb.data, vRow, hd * vdim + i), v.data() + (hd * vdim + i) * rank,
                                   h.kvLoraRank);
        }
    }
    L.kAbs = uploadVector(std::move(k), "attn_kv_b (K)");
    L.vAbs = uploadVector(std::move(v), "attn_kv_b (V)");
}

void CudaDeepseek2Model::allocateScratch()
{
    const models::Deepseek2HParams& h = hp_;
    std::int64_t largest = 0;
    auto consider = [&](const cuda::DeviceWeight& w) { largest = std::max(largest, w.rows * w.cols); };
    consider(output_);
    for (const Layer& L : layers_)
        for (const cuda::DeviceWeight* w : {&L.wq, &L.wqA, &L.wqB, &L.wo, &L.gate, &L.up, &L.down, &L.sharedGate,
                                            &L.sharedUp, &L.sharedDown})
            consider(*w);
    tileElements_ = std::min(kTileElements, largest);
    const models::Deepseek2Scratch at = models::deepseek2Scratch(h, context_, batch_, tileElements_);
    scratch_ = cuda::DeviceBuffer(at.bytes, "the GPU work buffers");
    if (cuda::mlaAttentionScratchFloats(mla_, mlaPass_) > models::mlaPartialFloats(h, context_, mlaPass_))
        throw Error("internal error: the MLA partials outgrew their estimate");

    auto* base = scratch_.as<std::uint8_t>();
    auto floats = [&](std::size_t offset) { return reinterpret_cast<float*>(base + offset); };
    auto ints = [&](std::size_t offset) { return reinterpret_cast<std::int32_t*>(base + offset); };
    x_ = floats(at.x);
    xb_ = floats(at.xb);
    q_ = floats(at.q);
    qa_ = floats(at.qa);
    qaNorm_ = floats(at.qaNorm);
    latent_ = floats(at.latent);
    qAbs_ = floats(at.qAbs);
    oLat_ = floats(at.oLat);
    att_ = floats(at.att);
    hb_ = floats(at.hb);
    hb2_ = floats(at.hb2);
    routerLogits_ = floats(at.routerLogits);
    expertWeights_ = floats(at.expertWeights);
    expertHidden_ = floats(at.expertHidden);
    mlaScratch_ = floats(at.mlaPartials);
    logits_ = floats(at.logits);
    expertIds_ = ints(at.expertIds);
    tokens_ = ints(at.tokens);
    pos_ = ints(at.pos);
    act16_ = base + at.act16;
    q8_.q = reinterpret_cast<std::int8_t*>(base + at.q8);
    q8_.d = floats(at.q8Scales);
    q8b_.q = reinterpret_cast<std::int8_t*>(base + at.q8b);
    q8b_.d = floats(at.q8bScales);
    tile16_ = base + at.tile16;

    const std::size_t ioBytes = (static_cast<std::size_t>(batch_) + 1) * sizeof(std::int32_t);
    check(cudaMallocHost(reinterpret_cast<void**>(&hostIo_), ioBytes), "allocating pinned host memory");
    check(cudaMallocHost(reinterpret_cast<void**>(&hostLogits_), static_cast<std::size_t>(h.vocabSize) * 4),
          "allocating pinned host memory");
}

std::vector<float> CudaDeepseek2Model::evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                                models::LogitsFor which)
{
    checkEvaluation(tokens, startPos);
    check(cudaSetDevice(device_), "choosing the GPU");
    const auto n = static_cast<std::int32_t>(tokens.size());
    const bool all = which == models::LogitsFor::All;
    const auto vocab = static_cast<std::size_t>(hp_.vocabSize);
    std::vector<float> out(all ? static_cast<std::size_t>(n) * vocab : vocab);
    cached_ = startPos;
    for (std::int32_t done = 0; done < n;) {
        const std::int32_t chunk = std::min(batch_, n - done);
        const bool last = done + chunk == n;
        const auto rows = static_cast<std::size_t>(chunk);
        float* chunkOut = all ? out.data() + static_cast<std::size_t>(done) * vocab : out.data();
        hostIo_[0] = startPos + done;
        std::memcpy(hostIo_ + 1, tokens.data() + done, rows * sizeof(std::int32_t));
        check(cudaMemcpyAsync(pos_, hostIo_, sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_),
              "sending the position");
        check(cudaMemcpyAsync(tokens_, hostIo_ + 1, rows * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_),
              "sending the tokens");
        if (chunk == 1) {
            decodeWithGraph();  // ends with the logits in hostLogits_
            check(cudaStreamSynchronize(stream_), "the decode step");
            if (all || last)
                std::memcpy(chunkOut, hostLogits_, vocab * sizeof(float));
        } else {
            forward(chunk, all);
            if (all)
                check(cudaMemcpyAsync(chunkOut, allLogits_.get(), rows * vocab * sizeof(float), cudaMemcpyDeviceToHost,
                                      stream_),
                      "reading the logits");
            else if (last)
                check(cudaMemcpyAsync(hostLogits_, logits_, vocab * sizeof(float), cudaMemcpyDeviceToHost, stream_),
                      "reading the logits");
            check(cudaStreamSynchronize(stream_), "the prefill");
            if (!all && last)
                std::memcpy(out.data(), hostLogits_, vocab * sizeof(float));
        }
        done += chunk;
        cached_ = startPos + done;
    }
    return out;
}

void CudaDeepseek2Model::decodeWithGraph()
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

void CudaDeepseek2Model::project(const cuda::DeviceWeight& w, const float* x, std::int32_t n, float* y,
                                 bool accumulate, const cuda::QuantizedActivations* x8)
{
    if (n == 1) {
        if (x8 && cuda::matvecTakesQ8(w.type))
            cuda::matvecQ8(w, *x8, y, nullptr, accumulate, stream_);
        else
            cuda::matvec(w, x, y, nullptr, accumulate, stream_);
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
}

void CudaDeepseek2Model::swiglu(const cuda::DeviceWeight& gate, const cuda::DeviceWeight& up,
                                const cuda::DeviceWeight& down, std::int32_t n, float* y)
{
    // xb_ holds the normalised input, and q8_ its 8-bit form when n == 1.
    const bool one = n == 1;
    if (one && gate.type == up.type) {
        if (cuda::matvecTakesQ8(gate.type))
            cuda::matvecSwigluQ8(gate, up, q8_, hb_, stream_);
        else
            cuda::matvecSwiglu(gate, up, xb_, hb_, stream_);
    } else {
        project(gate, xb_, n, hb_, false, one ? &q8_ : nullptr);
        project(up, xb_, n, hb2_, false, one ? &q8_ : nullptr);
        cuda::siluMul(hb_, hb2_, static_cast<std::int64_t>(n) * gate.rows, stream_);
    }
    if (one && cuda::matvecTakesQ8(down.type)) {
        cuda::quantizeActivations(hb_, gate.rows, q8b_, stream_);
        cuda::matvecQ8(down, q8b_, y, nullptr, true, stream_);
    } else {
        project(down, hb_, n, y, true);
    }
}

void CudaDeepseek2Model::attention(const Layer& L, float* cache, std::int32_t n)
{
    const models::Deepseek2HParams& h = hp_;
    const bool one = n == 1;
    // The latent in F32 products: c feeds every head's key and value.
    cuda::matvecRows(L.wkvA, xb_, n, latent_, stream_);
    if (!L.qLora) {
        project(L.wq, xb_, n, q_, false, one ? &q8_ : nullptr);
    } else {
        project(L.wqA, xb_, n, qa_, false, one ? &q8_ : nullptr);
        if (one)
            cuda::rmsNormQ8(qa_, L.qANorm, qaNorm_, h.qLoraRank, h.rmsEps, q8_, stream_);
        else
            cuda::rmsNorm(qa_, L.qANorm, qaNorm_, h.qLoraRank, n, h.rmsEps, stream_);
        project(L.wqB, qaNorm_, n, q_, false, one ? &q8_ : nullptr);
    }
    cuda::mlaPrepare(q_, latent_, n, mla_, L.kvANorm, h.rmsEps, ropeFreq_.as<double>(), pos_, cache, stream_);
    cuda::mlaAbsorbQuery(q_, L.kAbs, n, mla_, qAbs_, stream_);
    cuda::mlaAttention(qAbs_, cache, pos_, n, mla_, mlaPass_, mlaScratch_, oLat_, stream_);
    cuda::mlaValue(oLat_, L.vAbs, n, mla_, att_, stream_);
    if (one && cuda::matvecTakesQ8(L.wo.type)) {
        cuda::quantizeActivations(att_, L.wo.cols, q8_, stream_);
        project(L.wo, att_, 1, x_, true, &q8_);
    } else {
        project(L.wo, att_, n, x_, true);
    }
}

void CudaDeepseek2Model::feedForward(const Layer& L, std::int32_t n)
{
    if (!L.moe) {
        swiglu(L.gate, L.up, L.down, n, x_);
        return;
    }
    const bool one = n == 1;
    const std::int32_t k = hp_.expertUsed;
    cuda::matvecRows(L.router, xb_, n, routerLogits_, stream_);
    cuda::moeRoute(routerLogits_, L.selectionBias, n, routing_, expertIds_, expertWeights_, stream_);
    cuda::moeSwiglu(L.gateExps, L.upExps, expertIds_, n, k, xb_, one ? &q8_ : nullptr, expertHidden_, stream_);
    if (one && cuda::matvecTakesQ8(L.downExps.first.type)) {
        cuda::quantizeActivations(expertHidden_, static_cast<std::int64_t>(k) * hp_.expertFeedForward, q8b_, stream_);
        cuda::moeDown(L.downExps, expertIds_, expertWeights_, n, k, expertHidden_, &q8b_, x_, stream_);
    } else {
        cuda::moeDown(L.downExps, expertIds_, expertWeights_, n, k, expertHidden_, nullptr, x_, stream_);
    }
    if (L.sharedGate.rows > 0)
        swiglu(L.sharedGate, L.sharedUp, L.sharedDown, n, x_);
}

void CudaDeepseek2Model::forward(std::int32_t n, bool all)
{
    const models::Deepseek2HParams& h = hp_;
    const std::int64_t embd = h.embeddingLength;
    const std::size_t cacheLayer = static_cast<std::size_t>(context_) * static_cast<std::size_t>(mla_.width());
    cuda::getRows(tokenEmbd_, tokens_, n, x_, stream_);
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const Layer& L = layers_[l];
        // One token: the norms also quantize their output for the integer products.
        if (n == 1)
            cuda::rmsNormQ8(x_, L.attnNorm, xb_, h.embeddingLength, h.rmsEps, q8_, stream_);
        else
            cuda::rmsNorm(x_, L.attnNorm, xb_, h.embeddingLength, n, h.rmsEps, stream_);
        attention(L, cache_.as<float>() + l * cacheLayer, n);
        if (n == 1)
            cuda::rmsNormQ8(x_, L.ffnNorm, xb_, h.embeddingLength, h.rmsEps, q8_, stream_);
        else
            cuda::rmsNorm(x_, L.ffnNorm, xb_, h.embeddingLength, n, h.rmsEps, stream_);
        feedForward(L, n);
    }

    if (all) {
        if (!allLogits_.get())
            allLogits_ = cuda::DeviceBuffer(static_cast<std::size_t>(batch_) * hp_.vocabSize * sizeof(float),
                                            "the logits of a batch");
        cuda::rmsNorm(x_, outputNorm_, xb_, h.embeddingLength, n, h.rmsEps, stream_);
        project(output_, xb_, n, allLogits_.as<float>(), false);
    } else {
        cuda::rmsNormQ8(x_ + (n - 1) * embd, outputNorm_, xb_, h.embeddingLength, h.rmsEps, q8_, stream_);
        project(output_, xb_, 1, logits_, false, &q8_);
    }
}

} // namespace qiusuo::cudamodels
