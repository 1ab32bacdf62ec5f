#include "inference/models/mlaattention.h"

#include "inference/cpu/threadpool.h"
#include "inference/error.h"
#include "inference/models/attentionkernels.h"

#include <algorithm>
#include <cmath>

namespace qiusuo::models {

namespace {

/// In-place softmax of scores[0..n) (already scaled).
void softmax(float* scores, std::int64_t n)
{
    const float maxScore = *std::max_element(scores, scores + n);
    float sum = 0.0f;
    for (std::int64_t i = 0; i < n; ++i) {
        scores[i] = std::exp(scores[i] - maxScore);
        sum += scores[i];
    }
    const float inv = 1.0f / sum;
    for (std::int64_t i = 0; i < n; ++i)
        scores[i] *= inv;
}

} // namespace

MlaAttention::MlaAttention(const Deepseek2HParams& hp, std::int32_t context, cpu::Precision precision,
                           cpu::ThreadPool* pool)
    : hp_(hp),
      context_(context),
      width_(hp.kvLoraRank + hp.ropeDims),
      precision_(precision),
      pool_(pool),
      cache_(static_cast<std::size_t>(hp.layerCount) * static_cast<std::size_t>(context) *
             static_cast<std::size_t>(hp.kvLoraRank + hp.ropeDims))
{
}

const float* MlaAttention::row(std::int32_t layer, std::int32_t pos) const
{
    return cache_.data() + (static_cast<std::size_t>(layer) * static_cast<std::size_t>(context_) +
                            static_cast<std::size_t>(pos)) * static_cast<std::size_t>(width_);
}

void MlaAttention::store(std::int32_t layer, const float* latent, std::int32_t n, std::int32_t startPos)
{
    for (std::int32_t t = 0; t < n; ++t) {
        float* dst = cache_.data() + (static_cast<std::size_t>(layer) * static_cast<std::size_t>(context_) +
                                      static_cast<std::size_t>(startPos + t)) * static_cast<std::size_t>(width_);
        const float* src = latent + static_cast<std::int64_t>(t) * width_;
        for (std::int32_t i = 0; i < width_; ++i)
            dst[i] = src[i];
    }
}

void MlaAttention::attend(std::int32_t layer, const MlaKvB& w, const float* q, std::int32_t n,
                          std::int32_t startPos, MlaForm form, float* out)
{
    if (form == MlaForm::Auto) {
        // Multiply-adds per head: expanding costs every visible position a
        // (nope + v) × rank product, shared by the batch; absorbing costs each
        // token (nope + v) × rank once plus 2·(rank + rope) per position.
        const double positions = startPos + n;
        const double rank = hp_.kvLoraRank;
        const double expanded = positions * (hp_.nopeDims + hp_.valueDim) * rank +
                                n * positions * (hp_.keyDim() + hp_.valueDim);
        const double absorbed = n * (hp_.nopeDims + hp_.valueDim) * rank + n * positions * 2.0 * (rank + hp_.ropeDims);
        form = w.kvB && expanded < absorbed ? MlaForm::Expanded : MlaForm::Absorbed;
    }
    if (form == MlaForm::Expanded && !w.kvB)
        throw Error("the expanded form of MLA needs attn_kv_b, which this model file does not have");
    if (form == MlaForm::Expanded)
        attendExpanded(layer, *w.kvB, q, n, startPos, out);
    else
        attendAbsorbed(layer, w, q, n, startPos, out);
}

void MlaAttention::attendExpanded(std::int32_t layer, const cpu::WeightView& kvB, const float* q,
                                  std::int32_t n, std::int32_t startPos, float* out)
{
    const std::int32_t heads = hp_.headCount;
    const std::int32_t nope = hp_.nopeDims;
    const std::int32_t rope = hp_.ropeDims;
    const std::int32_t rank = hp_.kvLoraRank;
    const std::int32_t vdim = hp_.valueDim;
    const std::int32_t positions = startPos + n;
    const std::int64_t kvStride = static_cast<std::int64_t>(heads) * (nope + vdim);
    const std::int64_t qStride = static_cast<std::int64_t>(heads) * (nope + rope);
    const float scale = hp_.kqScale();

    // Expand every cached latent: [pos][heads][nope | v].
    std::vector<float> latents(static_cast<std::size_t>(positions) * static_cast<std::size_t>(rank));
    for (std::int32_t p = 0; p < positions; ++p)
        std::copy_n(row(layer, p), rank, latents.data() + static_cast<std::size_t>(p) * rank);
    expanded_.resize(static_cast<std::size_t>(positions * kvStride));
    cpu::matmul(kvB, latents.data(), positions, expanded_.data(), precision_, pool_);

    // Per head: q_nope · k_nope over the expanded rows (a head's slice of
    // each), plus q_pe · k_pe over the cached rotated keys; then Σ p · v.
    const AttentionKernels& k = activeAttentionKernels();
    const float* kPe = row(layer, 0) + rank;
    pool_->parallelFor(static_cast<std::int64_t>(n) * heads, 1, [&](std::int64_t begin, std::int64_t end, int) {
        std::vector<float> scores(static_cast<std::size_t>(positions));
        std::vector<float> ropeScores(static_cast<std::size_t>(positions));
        for (std::int64_t job = begin; job < end; ++job) {
            const auto t = static_cast<std::int32_t>(job / heads);
            const auto h = static_cast<std::int32_t>(job % heads);
            const float* qh = q + t * qStride + static_cast<std::int64_t>(h) * (nope + rope);
            const std::int32_t visible = startPos + t + 1;
            const float* head = expanded_.data() + static_cast<std::int64_t>(h) * (nope + vdim);
            k.scoresF32(qh, head, visible, nope, kvStride, scale, scores.data());
            k.scoresF32(qh + nope, kPe, visible, rope, width_, scale, ropeScores.data());
            for (std::int32_t p = 0; p < visible; ++p)
                scores[static_cast<std::size_t>(p)] += ropeScores[static_cast<std::size_t>(p)];
            softmax(scores.data(), visible);
            float* o = out + static_cast<std::int64_t>(t) * heads * vdim + static_cast<std::int64_t>(h) * vdim;
            k.mixF32(scores.data(), head + nope, visible, vdim, kvStride, o);
        }
    });
}

void MlaAttention::attendAbsorbed(std::int32_t layer, const MlaKvB& w, const float* q, std::int32_t n,
                                  std::int32_t startPos, float* out)
{
    const std::int32_t heads = hp_.headCount;
    const std::int32_t nope = hp_.nopeDims;
    const std::int32_t rope = hp_.ropeDims;
    const std::int32_t rank = hp_.kvLoraRank;
    const std::int32_t vdim = hp_.valueDim;
    const std::int64_t qStride = static_cast<std::int64_t>(heads) * (nope + rope);
    const float scale = hp_.kqScale();
    const AttentionKernels& attn = activeAttentionKernels();
    const auto latSize = static_cast<std::size_t>(n) * static_cast<std::size_t>(heads) * static_cast<std::size_t>(rank);
    qLatent_.resize(latSize);
    oLatent_.resize(latSize);

    // q_lat[t][h] = K_hᵀ · q_nope[t][h].
    if (w.kvB) {
        // K_h is the first `nope` rows of head h's block in attn_kv_b; dequantize them once.
        const cpu::WeightView& kv = *w.kvB;
        kRows_.resize(static_cast<std::size_t>(heads) * static_cast<std::size_t>(nope) * static_cast<std::size_t>(rank));
        for (std::int32_t h = 0; h < heads; ++h)
            for (std::int32_t d = 0; d < nope; ++d) {
                const auto r = static_cast<std::size_t>(h) * static_cast<std::size_t>(nope + vdim) + static_cast<std::size_t>(d);
                cpu::dequantizeRow(kv.type, static_cast<const std::uint8_t*>(kv.data) + r * kv.rowBytes,
                                   kRows_.data() + (static_cast<std::size_t>(h) * nope + d) * rank, rank);
            }
        pool_->parallelFor(static_cast<std::int64_t>(n) * heads, 1, [&](std::int64_t begin, std::int64_t end, int) {
            for (std::int64_t job = begin; job < end; ++job) {
                const auto t = static_cast<std::int32_t>(job / heads);
                const auto h = static_cast<std::int32_t>(job % heads);
                const float* qn = q + t * qStride + static_cast<std::int64_t>(h) * (nope + rope);
                float* ql = qLatent_.data() + (static_cast<std::size_t>(t) * heads + h) * rank;
                // Σ_d q_nope[d] · K_h[d][·]: a mix of K_h's rows weighted by q_nope.
                attn.mixF32(qn, kRows_.data() + static_cast<std::size_t>(h) * nope * rank, nope, rank, rank, ql);
            }
        });
    } else {
        std::vector<float> qn(static_cast<std::size_t>(n) * nope);
        std::vector<float> ql(static_cast<std::size_t>(n) * rank);
        for (std::int32_t h = 0; h < heads; ++h) {
            for (std::int32_t t = 0; t < n; ++t)
                std::copy_n(q + t * qStride + static_cast<std::int64_t>(h) * (nope + rope), nope,
                            qn.data() + static_cast<std::size_t>(t) * nope);
            cpu::matmul(w.kB[static_cast<std::size_t>(h)], qn.data(), n, ql.data(), precision_, pool_);
            for (std::int32_t t = 0; t < n; ++t)
                std::copy_n(ql.data() + static_cast<std::size_t>(t) * rank, rank,
                            qLatent_.data() + (static_cast<std::size_t>(t) * heads + h) * rank);
        }
    }

    // Scores against the cached rows [latent c | rotated k_pe], one product
    // with the query [q_lat | q_pe]; o_lat = Σ p · c (the first `rank` of each row).
    const float* cache = row(layer, 0);
    pool_->parallelFor(static_cast<std::int64_t>(n) * heads, 1, [&](std::int64_t begin, std::int64_t end, int) {
        std::vector<float> scores(static_cast<std::size_t>(startPos + n));
        std::vector<float> query(static_cast<std::size_t>(width_));
        for (std::int64_t job = begin; job < end; ++job) {
            const auto t = static_cast<std::int32_t>(job / heads);
            const auto h = static_cast<std::int32_t>(job % heads);
            const float* ql = qLatent_.data() + static_cast<std::size_t>(job) * rank;
            const float* qPe = q + t * qStride + static_cast<std::int64_t>(h) * (nope + rope) + nope;
            std::copy_n(ql, rank, query.data());
            std::copy_n(qPe, rope, query.data() + rank);
            const std::int32_t visible = startPos + t + 1;
            attn.scoresF32(query.data(), cache, visible, width_, width_, scale, scores.data());
            softmax(scores.data(), visible);
            attn.mixF32(scores.data(), cache, visible, rank, width_,
                        oLatent_.data() + static_cast<std::size_t>(job) * rank);
        }
    });

    // out[t][h] = V_h · o_lat[t][h].
    std::vector<float> ol(static_cast<std::size_t>(n) * rank);
    std::vector<float> ov(static_cast<std::size_t>(n) * vdim);
    for (std::int32_t h = 0; h < heads; ++h) {
        cpu::WeightView vView;
        if (w.kvB) {
            vView = *w.kvB;
            vView.rows = vdim;
            vView.data = static_cast<const std::uint8_t*>(w.kvB->data) +
                         (static_cast<std::size_t>(h) * static_cast<std::size_t>(nope + vdim) + static_cast<std::size_t>(nope)) *
                             w.kvB->rowBytes;
        } else {
            vView = w.vB[static_cast<std::size_t>(h)];
        }
        for (std::int32_t t = 0; t < n; ++t)
            std::copy_n(oLatent_.data() + (static_cast<std::size_t>(t) * heads + h) * rank, rank,
                        ol.data() + static_cast<std::size_t>(t) * rank);
        cpu::matmul(vView, ol.data(), n, ov.data(), precision_, pool_);
        for (std::int32_t t = 0; t < n; ++t)
            std::copy_n(ov.data() + static_cast<std::size_t>(t) * vdim, vdim,
                        out + static_cast<std::int64_t>(t) * heads * vdim + static_cast<std::int64_t>(h) * vdim);
    }
}

} // namespace qiusuo::models
