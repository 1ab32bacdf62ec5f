// deepseek2: pre-norm blocks, each
//   x += Wo · MLA(n(x))            (see mlaattention.h)
//   x += FFN(n(x))                 dense SwiGLU in the leading blocks, MoE after
// with RMSNorm n(·). The query is Wq·n(x), or with q-LoRA Wq_b·n_q(Wq_a·n(x));
// [c | k_pe] = Wkv_a·n(x), c is normalised (attn_kv_a_norm) and k_pe and each
// head's q_pe are rotated with YaRN RoPE on adjacent pairs. Logits = Wout · n(x).
#include "inference/models/deepseek2.h"

#include "inference/cpu/threadpool.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/rmsnorm.h"
#include "inference/models/tensorloader.h"
#include "inference/models/vectorops.h"
#include "inference/models/yarn.h"

#include <algorithm>
#include <string>

namespace qiusuo::models {

namespace {

std::string blk(std::int32_t layer, const char* name)
{
    return "blk." + std::to_string(layer) + "." + name;
}

/// A [cols, rows, count] tensor as a stack of `count` matrices (experts, or heads).
ExpertStack expertStack(const TensorLoader& t, const std::string& name, std::int64_t cols, std::int64_t rows,
                        std::int64_t count)
{
    ExpertStack s;
    s.first = t.stack(name, cols, rows, count);
    s.stride = s.first.rowBytes * static_cast<std::size_t>(rows);
    return s;
}

void loadAttention(const TensorLoader& t, const Deepseek2HParams& h, std::int32_t l, Deepseek2Layer& L)
{
    const std::int64_t embd = h.embeddingLength;
    const std::int64_t qDim = static_cast<std::int64_t>(h.headCount) * h.keyDim();
    L.attnNorm = t.vector(blk(l, "attn_norm.weight"), embd);
    // q-LoRA or not is what the file holds, never a guess from the layer count.
    if (t.has(blk(l, "attn_q_a.weight"))) {
        if (h.qLoraRank <= 0)
            throw Error("the model file has attn_q_a tensors but no deepseek2.attention.q_lora_rank setting");
        L.wqA = t.matrix(blk(l, "attn_q_a.weight"), embd, h.qLoraRank);
        L.qANorm = t.vector(blk(l, "attn_q_a_norm.weight"), h.qLoraRank);
        L.wqB = t.matrix(blk(l, "attn_q_b.weight"), h.qLoraRank, qDim);
    } else {
        L.wq = t.matrix(blk(l, "attn_q.weight"), embd, qDim);
    }
    L.wkvA = t.matrix(blk(l, "attn_kv_a_mqa.weight"), embd, h.kvLoraRank + h.ropeDims);
    L.kvANorm = t.vector(blk(l, "attn_kv_a_norm.weight"), h.kvLoraRank);
    if (t.has(blk(l, "attn_kv_b.weight"))) {
        L.kvB.kvB = t.matrix(blk(l, "attn_kv_b.weight"), h.kvLoraRank,
                             static_cast<std::int64_t>(h.headCount) * (h.nopeDims + h.valueDim));
    } else {
        // Split form: attn_k_b [nope, rank, heads] and attn_v_b [rank, valueDim, heads].
        const ExpertStack k = expertStack(t, blk(l, "attn_k_b.weight"), h.nopeDims, h.kvLoraRank, h.headCount);
        const ExpertStack v = expertStack(t, blk(l, "attn_v_b.weight"), h.kvLoraRank, h.valueDim, h.headCount);
        for (std::int32_t hd = 0; hd < h.headCount; ++hd) {
            L.kvB.kB.push_back(k.expert(hd));
            L.kvB.vB.push_back(v.expert(hd));
        }
    }
    L.wo = t.matrix(blk(l, "attn_output.weight"), static_cast<std::int64_t>(h.headCount) * h.valueDim, embd);
}

void loadFeedForward(const TensorLoader& t, const Deepseek2HParams& h,
                     std::int32_t l, Deepseek2Layer& L)
{
    const std::int64_t embd = h.embeddingLength;
    L.ffnNorm = t.vector(blk(l, "ffn_norm.weight"), embd);
    L.moe = l >= h.leadingDenseBlocks;
    if (!L.moe) {
        L.ffnGate = t.matrix(blk(l, "ffn_gate.weight"), embd, h.feedForwardLength);
        L.ffnUp = t.matrix(blk(l, "ffn_up.weight"), embd, h.feedForwardLength);
        L.ffnDown = t.matrix(blk(l, "ffn_down.weight"), h.feedForwardLength, embd);
        return;
    }
    MoeWeights& m = L.experts;
    const std::int64_t ff = h.expertFeedForward;
    m.router = t.matrix(blk(l, "ffn_gate_inp.weight"), embd, h.expertCount);
    m.selectionBias = t.optionalVector(blk(l, "exp_probs_b.bias"), h.expertCount);
    m.gate = expertStack(t, blk(l, "ffn_gate_exps.weight"), embd, ff, h.expertCount);
    m.up = expertStack(t, blk(l, "ffn_up_exps.weight"), embd, ff, h.expertCount);
    m.down = expertStack(t, blk(l, "ffn_down_exps.weight"), ff, embd, h.expertCount);
    if (h.expertShared > 0) {
        const std::int64_t sff = ff * h.expertShared;
        m.sharedGate = t.matrix(blk(l, "ffn_gate_shexp.weight"), embd, sff);
        m.sharedUp = t.matrix(blk(l, "ffn_up_shexp.weight"), embd, sff);
        m.sharedDown = t.matrix(blk(l, "ffn_down_shexp.weight"), sff, embd);
    }
}

} // namespace

Deepseek2Model::Deepseek2Model(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options)
    : hp_(Deepseek2HParams::read(*file)),
      file_(std::move(file)),
      precision_(options.precision),
      batchSize_(options.batchSize > 0 ? options.batchSize : kMoeBatch),
      pool_(std::make_unique<cpu::ThreadPool>(options.threads))
{
    if (options.context <= 0)
        throw Error("the context must be at least one token (asked for " + std::to_string(options.context) + ")");
    const std::int32_t context = std::min(options.context, hp_.trainedContext);
    const TensorLoader t(*file_, "deepseek2");
    const std::int64_t embd = hp_.embeddingLength;
    tokenEmbd_ = t.matrix("token_embd.weight", embd, hp_.vocabSize);
    outputNorm_ = t.vector("output_norm.weight", embd);
    output_ = t.optionalMatrix("output.weight", embd, hp_.vocabSize).value_or(tokenEmbd_);
    layers_.resize(static_cast<std::size_t>(hp_.layerCount));
    for (std::int32_t l = 0; l < hp_.layerCount; ++l) {
        loadAttention(t, hp_, l, layers_[static_cast<std::size_t>(l)]);
        loadFeedForward(t, hp_, l, layers_[static_cast<std::size_t>(l)]);
    }

    YarnParams y;
    y.ropeDims = hp_.ropeDims;
    y.freqBase = hp_.ropeFreqBase;
    y.factor = hp_.yarnFactor;
    y.originalContext = hp_.yarnOriginalContext;
    const std::vector<float> factors = yarnFreqFactors(y);
    rope_ = std::make_unique<Rope>(hp_.ropeDims, hp_.ropeDims, hp_.ropeFreqBase, RopeLayout::Normal, 1.0, factors);
    mla_ = std::make_unique<MlaAttention>(hp_, context, precision_, pool_.get());
    router_.expertCount = hp_.expertCount;
    router_.used = hp_.expertUsed;
    router_.groups = hp_.expertGroups;
    router_.groupsUsed = hp_.expertGroupsUsed;
    router_.gating = hp_.gating;
    router_.normalize = hp_.expertWeightsNorm;
    router_.scale = static_cast<float>(hp_.expertWeightsScale);

    info_.architecture = "deepseek2";
    info_.name = file_->getString("general.name").value_or("");
    info_.vocabSize = hp_.vocabSize;
    info_.embeddingLength = hp_.embeddingLength;
    info_.layerCount = hp_.layerCount;
    info_.trainedContext = hp_.trainedContext;
    info_.context = context;
    info_.kvType = KvType::F32;  // see MlaAttention: the latent cache is F32 on both paths
    info_.precision = precision_;
    info_.threads = pool_->size();
}

Deepseek2Model::~Deepseek2Model() = default;

std::size_t Deepseek2Model::kvCacheBytes() const
{
    return mla_->bytes();
}

std::size_t Deepseek2Model::kvBytesPerToken() const
{
    const std::size_t element = info_.kvType == KvType::F32 ? 4 : 2;
    return static_cast<std::size_t>(hp_.layerCount) * static_cast<std::size_t>(mla_->width()) * element;
}

std::size_t Deepseek2Model::naiveKvBytesPerToken() const
{
    const std::size_t element = info_.kvType == KvType::F32 ? 4 : 2;
    return static_cast<std::size_t>(hp_.layerCount) * static_cast<std::size_t>(hp_.headCount) *
           static_cast<std::size_t>(hp_.keyDim() + hp_.valueDim) * element;
}

std::vector<float> Deepseek2Model::evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                            LogitsFor which)
{
    checkEvaluation(tokens, startPos);

    const auto n = static_cast<std::int32_t>(tokens.size());
    const bool all = which == LogitsFor::All;
    const auto vocab = static_cast<std::size_t>(hp_.vocabSize);
    std::vector<float> logits(all ? static_cast<std::size_t>(n) * vocab : vocab);
    cached_ = startPos;
    for (std::int32_t done = 0; done < n;) {
        const std::int32_t chunk = std::min(batchSize_, n - done);
        const bool lastChunk = done + chunk == n;
        float* out = all ? logits.data() + static_cast<std::size_t>(done) * vocab : logits.data();
        forward(tokens.data() + done, chunk, startPos + done, all, (all || lastChunk) ? out : nullptr);
        done += chunk;
        cached_ = startPos + done;
    }
    return logits;
}

void Deepseek2Model::matmul(const cpu::WeightView& w, const float* x, std::int32_t n, float* y)
{
    cpu::matmul(w, x, n, y, precision_, pool_.get());
}

void Deepseek2Model::attention(const Deepseek2Layer& L, std::int32_t layer, std::int32_t n, std::int32_t startPos)
{
    const Deepseek2HParams& h = hp_;
    const std::int64_t qStride = static_cast<std::int64_t>(h.headCount) * h.keyDim();
    const std::int32_t width = h.kvLoraRank + h.ropeDims;
    if (L.wq) {
        matmul(*L.wq, xb_.data(), n, q_.data());
    } else {
        matmul(L.wqA, xb_.data(), n, qa_.data());
        rmsNorm(qa_.data(), L.qANorm.data(), qa_.data(), h.qLoraRank, n, h.rmsEps);
        matmul(L.wqB, qa_.data(), n, q_.data());
    }
    matmul(L.wkvA, xb_.data(), n, latent_.data());
    for (std::int32_t t = 0; t < n; ++t) {
        float* lat = latent_.data() + static_cast<std::int64_t>(t) * width;
        rmsNorm(lat, L.kvANorm.data(), lat, h.kvLoraRank, 1, h.rmsEps);
        rope_->apply(lat + h.kvLoraRank, 1, startPos + t);
        for (std::int32_t hd = 0; hd < h.headCount; ++hd)
            rope_->apply(q_.data() + t * qStride + static_cast<std::int64_t>(hd) * h.keyDim() + h.nopeDims, 1,
                         startPos + t);
    }
    mla_->store(layer, latent_.data(), n, startPos);
    mla_->attend(layer, L.kvB, q_.data(), n, startPos, mlaForm_, att_.data());
    matmul(L.wo, att_.data(), n, xb2_.data());
}

void Deepseek2Model::forward(const std::int32_t* tokens, std::int32_t n, std::int32_t startPos, bool all,
                             float* logits)
{
    const Deepseek2HParams& h = hp_;
    const auto rows = static_cast<std::size_t>(n);
    const std::int64_t embd = h.embeddingLength;
    x_.resize(rows * static_cast<std::size_t>(embd));
    xb_.resize(x_.size());
    xb2_.resize(x_.size());
    q_.resize(rows * static_cast<std::size_t>(h.headCount * h.keyDim()));
    qa_.resize(rows * static_cast<std::size_t>(std::max(1, h.qLoraRank)));
    latent_.resize(rows * static_cast<std::size_t>(h.kvLoraRank + h.ropeDims));
    att_.resize(rows * static_cast<std::size_t>(h.headCount * h.valueDim));
    hb_.resize(rows * static_cast<std::size_t>(h.feedForwardLength));
    hb2_.resize(hb_.size());

    const auto* embBase = static_cast<const std::uint8_t*>(tokenEmbd_.data);
    for (std::int32_t t = 0; t < n; ++t)
        cpu::dequantizeRow(tokenEmbd_.type, embBase + static_cast<std::size_t>(tokens[t]) * tokenEmbd_.rowBytes,
                           x_.data() + static_cast<std::int64_t>(t) * embd, embd);

    for (std::int32_t l = 0; l < h.layerCount; ++l) {
        const Deepseek2Layer& L = layers_[static_cast<std::size_t>(l)];
        rmsNorm(x_.data(), L.attnNorm.data(), xb_.data(), embd, n, h.rmsEps);
        attention(L, l, n, startPos);
        addInPlace(x_.data(), xb2_.data(), n * embd);

        rmsNorm(x_.data(), L.ffnNorm.data(), xb_.data(), embd, n, h.rmsEps);
        if (L.moe) {
            moeForward(L.experts, router_, h.embeddingLength, xb_.data(), n, xb2_.data(), precision_, pool_.get());
        } else {
            matmul(L.ffnGate, xb_.data(), n, hb_.data());
            matmul(L.ffnUp, xb_.data(), n, hb2_.data());
            siluMul(hb_.data(), hb2_.data(), static_cast<std::int64_t>(n) * h.feedForwardLength);
            matmul(L.ffnDown, hb_.data(), n, xb2_.data());
        }
        addInPlace(x_.data(), xb2_.data(), n * embd);
    }

    if (!logits)
        return;
    const std::int32_t first = all ? 0 : n - 1;
    float* rowsOut = x_.data() + static_cast<std::int64_t>(first) * embd;
    rmsNorm(rowsOut, outputNorm_.data(), rowsOut, embd, n - first, h.rmsEps);
    matmul(output_, rowsOut, n - first, logits);
}

} // namespace qiusuo::models
