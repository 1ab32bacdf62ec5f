#include "inference/models/densemodel.h"

#include "inference/cpu/threadpool.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/rmsnorm.h"
#include "inference/models/tensorloader.h"
#include "inference/models/vectorops.h"

#include <algorithm>
#include <optional>
#include <string>

namespace qiusuo::models {

namespace {

std::int32_t chooseContext(const ModelOptions& options, const DenseHParams& hp)
{
    if (options.context <= 0)
        throw Error("the context must be at least one token (asked for " + std::to_string(options.context) + ")");
    return std::min(options.context, hp.trainedContext);
}

KvType chooseKvType(const ModelOptions& options)
{
    if (options.kvType)
        return *options.kvType;
    return options.precision == cpu::Precision::Precise ? KvType::F32 : KvType::F16;
}

std::int32_t blocksIn(LayerSpan span, std::int32_t layerCount)
{
    const LayerSpan resolved = ModelStage::resolve(span, layerCount);
    return resolved.end - resolved.first;
}

std::string blk(std::int32_t layer, const char* name)
{
    return "blk." + std::to_string(layer) + "." + name;
}

} // namespace

DenseModel::DenseModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options, QkvBias bias,
                       LayerSpan span)
    : hp_(DenseHParams::read(*file, file->architecture())),
      kv_(blocksIn(span, hp_.layerCount), hp_.headCountKv, hp_.headDim, chooseContext(options, hp_),
          chooseKvType(options)),
      file_(std::move(file)),
      precision_(options.precision),
      batchSize_(options.batchSize > 0 ? options.batchSize : kDenseBatch),
      pool_(std::make_unique<cpu::ThreadPool>(options.threads))
{
    setSpan(span, hp_.layerCount);
    const std::string arch = file_->architecture();
    const TensorLoader t(*file_, arch);
    const std::int64_t embd = hp_.embeddingLength;
    const std::int64_t ff = hp_.feedForwardLength;

    info_.layerCount = hp_.layerCount;  // endsModel() reads it
    if (startsModel())
        tokenEmbd_ = t.matrix("token_embd.weight", embd, hp_.vocabSize);
    if (endsModel()) {
        outputNorm_ = t.vector("output_norm.weight", embd);
        // Tied embeddings: models without output.weight reuse the embedding matrix.
        if (std::optional<cpu::WeightView> out = t.optionalMatrix("output.weight", embd, hp_.vocabSize))
            output_ = *out;
        else
            output_ = t.matrix("token_embd.weight", embd, hp_.vocabSize);
    }

    layers_.resize(static_cast<std::size_t>(hp_.layerCount));
    for (std::int32_t l = this->span().first; l < this->span().end; ++l) {
        DenseLayer& L = layers_[static_cast<std::size_t>(l)];
        L.attnNorm = t.vector(blk(l, "attn_norm.weight"), embd);
        L.wq = t.matrix(blk(l, "attn_q.weight"), embd, hp_.qDim());
        L.wk = t.matrix(blk(l, "attn_k.weight"), embd, hp_.kvDim());
        L.wv = t.matrix(blk(l, "attn_v.weight"), embd, hp_.kvDim());
        L.wo = t.matrix(blk(l, "attn_output.weight"), hp_.qDim(), embd);
        if (bias == QkvBias::Required) {
            L.bq = t.vector(blk(l, "attn_q.bias"), hp_.qDim());
            L.bk = t.vector(blk(l, "attn_k.bias"), hp_.kvDim());
            L.bv = t.vector(blk(l, "attn_v.bias"), hp_.kvDim());
        } else {
            L.bq = t.optionalVector(blk(l, "attn_q.bias"), hp_.qDim());
            L.bk = t.optionalVector(blk(l, "attn_k.bias"), hp_.kvDim());
            L.bv = t.optionalVector(blk(l, "attn_v.bias"), hp_.kvDim());
        }
        L.ffnNorm = t.vector(blk(l, "ffn_norm.weight"), embd);
        L.ffnGate = t.matrix(blk(l, "ffn_gate.weight"), embd, ff);
        L.ffnUp = t.matrix(blk(l, "ffn_up.weight"), embd, ff);
        L.ffnDown = t.matrix(blk(l, "ffn_down.weight"), ff, embd);
    }

    info_.architecture = arch;
    info_.name = file_->getString("general.name").value_or("");
    info_.vocabSize = hp_.vocabSize;
    info_.embeddingLength = hp_.embeddingLength;
    info_.layerCount = hp_.layerCount;
    info_.trainedContext = hp_.trainedContext;
    info_.context = kv_.context();
    info_.kvType = kv_.type();
    info_.precision = precision_;
    info_.threads = pool_->size();
}

DenseModel::~DenseModel() = default;

std::vector<float> DenseModel::evaluate(std::span<const std::int32_t> tokens, std::int32_t startPos,
                                        LogitsFor which)
{
    return evaluateWhole(tokens, startPos, which);
}

void DenseModel::runStage(const std::int32_t* tokens, const float* hidden, std::int32_t n, std::int32_t startPos,
                          bool all, float* out)
{
    const auto embd = static_cast<std::size_t>(hp_.embeddingLength);
    // Logits for the model's end; the residual rows, all of them, for the next stage.
    const bool logits = endsModel();
    const std::size_t width = logits ? static_cast<std::size_t>(hp_.vocabSize) : embd;
    all = all || !logits;
    cached_ = startPos;  // positions from startPos on are about to be overwritten
    for (std::int32_t done = 0; done < n;) {
        const std::int32_t chunk = std::min(batchSize_, n - done);
        const bool lastChunk = done + chunk == n;
        const auto at = static_cast<std::size_t>(done);
        // Without `all`, only the final chunk's last row needs logits.
        float* chunkOut = all ? out + at * width : lastChunk ? out : nullptr;
        forward(tokens ? tokens + done : nullptr, hidden ? hidden + at * embd : nullptr, chunk, startPos + done,
                all, chunkOut);
        done += chunk;
        cached_ = startPos + done;
    }
}

DenseModel::Scratch& DenseModel::scratch(std::int32_t n)
{
    if (n > scratchTokens_) {
        const auto rows = static_cast<std::size_t>(n);
        const auto embd = static_cast<std::size_t>(hp_.embeddingLength);
        const auto qDim = static_cast<std::size_t>(hp_.qDim());
        const auto kvDim = static_cast<std::size_t>(hp_.kvDim());
        const std::size_t shared = std::max(qDim + 2 * kvDim, static_cast<std::size_t>(hp_.feedForwardLength));
        arena_.assign(rows * (2 * embd + shared), 0.0f);
        arena_.shrink_to_fit();
        Scratch& s = scratch_;
        s.x = arena_.data();
        s.xb = s.x + rows * embd;
        s.q = s.xb + rows * embd;
        s.k = s.q + rows * qDim;
        s.v = s.k + rows * kvDim;
        s.hb = s.q;
        scratchTokens_ = n;
    }
    return scratch_;
}

namespace {

/// Rows of the gate and up matrices swiGlu takes at a time for several
/// tokens: small next to the hidden width (8960 to 18944 in the R1 distills)
/// yet enough rows for every thread to get L2-sized tiles. Narrower models
/// take a third of their width, so that they (the tiny test models among
/// them) run the same blocked path, partial last block included.
constexpr std::int64_t kFfnRowBlock = 1024;

/// Rows [r0, r1) of w, as a matrix of their own.
cpu::WeightView rowsOf(const cpu::WeightView& w, std::int64_t r0, std::int64_t r1)
{
    cpu::WeightView v = w;
    v.data = static_cast<const std::uint8_t*>(w.data) + static_cast<std::size_t>(r0) * w.rowBytes;
    v.rows = r1 - r0;
    return v;
}

} // namespace

void DenseModel::swiGlu(const DenseLayer& L, const float* xb, std::int32_t n, float* hb)
{
    const std::int64_t ff = hp_.feedForwardLength;
    const std::int64_t block = n == 1 ? ff : std::min(kFfnRowBlock, (ff + 2) / 3);
    gateUp_.resize(static_cast<std::size_t>(2 * n * block));
    float* gate = gateUp_.data();
    float* up = gate + n * block;
    for (std::int64_t r0 = 0; r0 < ff; r0 += block) {
        const std::int64_t r1 = std::min(ff, r0 + block), rows = r1 - r0;
        matmul(rowsOf(L.ffnGate, r0, r1), xb, n, gate);
        matmul(rowsOf(L.ffnUp, r0, r1), xb, n, up);
        for (std::int32_t t = 0; t < n; ++t) {
            siluMul(gate + t * rows, up + t * rows, rows);
            std::copy_n(gate + t * rows, rows, hb + t * ff + r0);
        }
    }
}

void DenseModel::enter(const std::int32_t* tokens, const float* hidden, std::int32_t n, float* x) const
{
    if (!startsModel()) {
        std::copy_n(hidden, static_cast<std::size_t>(n) * static_cast<std::size_t>(hp_.embeddingLength), x);
        return;
    }
    const auto* base = static_cast<const std::uint8_t*>(tokenEmbd_.data);
    for (std::int32_t t = 0; t < n; ++t)
        cpu::dequantizeRow(tokenEmbd_.type, base + static_cast<std::size_t>(tokens[t]) * tokenEmbd_.rowBytes,
                           x + static_cast<std::int64_t>(t) * hp_.embeddingLength, hp_.embeddingLength);
}

void DenseModel::leave(float* x, std::int32_t n, bool all, float* logits)
{
    if (!logits)
        return;
    const std::int64_t embd = hp_.embeddingLength;
    if (!endsModel()) {
        std::copy_n(x, static_cast<std::size_t>(n) * static_cast<std::size_t>(embd), logits);
        return;
    }
    if (all) {
        rmsNorm(x, outputNorm_.data(), x, embd, n, hp_.rmsEps);
        matmul(output_, x, n, logits);
    } else {
        float* last = x + (n - 1) * embd;
        rmsNorm(last, outputNorm_.data(), last, embd, 1, hp_.rmsEps);
        matmul(output_, last, 1, logits);
    }
}

void DenseModel::matmul(const cpu::WeightView& w, const float* x, std::int32_t n, float* y)
{
    cpu::matmul(w, x, n, y, precision_, pool_.get());
}

void DenseModel::storeKv(std::int32_t layer, const float* k, const float* v, std::int32_t n,
                         std::int32_t startPos)
{
    const std::int64_t kvDim = hp_.kvDim();
    for (std::int32_t t = 0; t < n; ++t)
        kv_.store(kvLayer(layer), startPos + t, k + t * kvDim, v + t * kvDim);
}

} // namespace qiusuo::models
