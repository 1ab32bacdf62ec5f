// matmul: y[t][r] = dot(W row r, x[t]).
//
// Fast path: activations are quantized once per call (kernels.h), then the
// rows are cut into tiles handed out over the pool. For prefill a tile is
// rows x tokens sized so both parts stay in L2: each weight block is decoded
// once per tile and used for every token of it, which keeps prefill bound by
// arithmetic rather than by re-reading the weights per token.
// Precise path: each row is dequantized exactly to F32 and dotted in F32.
#include "inference/cpu/matmul.h"

#include "inference/cpu/kernels.h"
#include "inference/cpu/threadpool.h"
#include "inference/error.h"

#include <algorithm>
#include <string>
#include <vector>

namespace qiusuo::cpu {
namespace {

/// The engine's compute types plus Q4_1/Q5_1, which cost nothing extra here.
bool supported(gguf::GgmlType t)
{
    return gguf::isSupportedForCompute(t) || t == gguf::GgmlType::Q4_1 || t == gguf::GgmlType::Q5_1;
}

void checkShape(const WeightView& w)
{
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(w.type));
    if (!traits || !supported(w.type))
        throw Error("Tensor type " + std::string(traits ? traits->name : "unknown") +
                    " is not supported for matrix products on the CPU.");
    if (w.rows <= 0 || w.cols <= 0 || w.cols % traits->blockSize != 0)
        throw Error("A weight matrix of " + std::to_string(w.rows) + " rows of " +
                    std::to_string(w.cols) + " " + std::string(traits->name) +
                    " elements has an invalid shape (the row length must be a positive multiple of " +
                    std::to_string(traits->blockSize) + ").");
    const std::size_t expected = static_cast<std::size_t>(w.cols / traits->blockSize) * traits->typeSize;
    if (w.rowBytes != expected)
        throw Error("A weight matrix's row size is " + std::to_string(w.rowBytes) + " bytes, but " +
                    std::to_string(w.cols) + " " + std::string(traits->name) + " elements take " +
                    std::to_string(expected) + ".");
    if (!w.data)
        throw Error("A weight matrix has no data.");
}

const KernelSet& kernelsFor(Isa isa)
{
    if (!isaSupported(isa))
        throw Error("The " + std::string(isaName(isa)) + " kernels cannot run on this CPU.");
    switch (isa) {
    case Isa::Avx2: return avx2Kernels();
    case Isa::Avx512: return avx512Kernels();
    default: return portableKernels();
    }
}

/// L2 share for each operand of a prefill tile (weights rows, activations).
constexpr std::size_t kTileBytes = 160 * 1024;
/// Fewest tokens in a prefill tile: the SIMD kernels lay each group of 16
/// rows out once per tile, and wide rows (ffn_down's 8960 columns) would
/// otherwise get 16-token tiles that redo the layout every 16 tokens.
constexpr std::int64_t kMinTileTokens = 48;

void precise(const WeightView& w, const float* x, std::int64_t nTokens, float* y,
             const KernelSet& k, ThreadPool* pool)
{
    const auto* base = static_cast<const std::uint8_t*>(w.data);
    auto work = [&](std::int64_t r0, std::int64_t r1, int) {
        thread_local std::vector<float> row;
        row.resize(static_cast<std::size_t>(w.cols));
        for (std::int64_t r = r0; r < r1; ++r) {
            k.dequantize(w.type, base + static_cast<std::size_t>(r) * w.rowBytes, row.data(), w.cols);
            for (std::int64_t t = 0; t < nTokens; ++t)
                y[t * w.rows + r] = k.dotF32(row.data(), x + t * w.cols, w.cols);
        }
    };
    const std::int64_t grain = std::max<std::int64_t>(1, std::min<std::int64_t>(16, w.rows / 64));
    if (pool)
        pool->parallelFor(w.rows, grain, work);
    else
        work(0, w.rows, 0);
}

} // namespace

void matmul(const WeightView& w, const float* x, std::int64_t nTokens, float* y,
            Precision precision, ThreadPool* pool)
{
    matmul(w, x, nTokens, y, precision, pool, activeIsa());
}

void matmul(const WeightView& w, const float* x, std::int64_t nTokens, float* y,
            Precision precision, ThreadPool* pool, Isa isa)
{
    checkShape(w);
    if (nTokens <= 0)
        return;
    const KernelSet& k = kernelsFor(isa);
    const TileFn tile = precision == Precision::Fast ? k.fastTile(w.type) : nullptr;
    if (!tile) {
        precise(w, x, nTokens, y, k, pool);
        return;
    }

    TileArgs base;
    base.w = static_cast<const std::uint8_t*>(w.data);
    base.rowBytes = w.rowBytes;
    base.cols = w.cols;
    base.y = y;
    base.yStride = w.rows;
    std::size_t actBytesPerToken = static_cast<std::size_t>(w.cols) * sizeof(float);

    const int block = activationBlock(w.type);
    thread_local std::vector<std::int8_t> q;
    thread_local std::vector<float> d;
    thread_local std::vector<std::int16_t> sums;
    if (block > 0) {
        const std::int64_t nb = w.cols / block, ns = w.cols / 16;
        q.resize(static_cast<std::size_t>(nTokens * w.cols));
        d.resize(static_cast<std::size_t>(nTokens * nb));
        sums.resize(static_cast<std::size_t>(nTokens * ns));
        // Plain pointers: inside the lambda a thread_local name would mean
        // the worker thread's own (empty) buffer.
        std::int8_t* qp = q.data();
        float* dp = d.data();
        std::int16_t* sp = sums.data();
        auto quantize = [&](std::int64_t t0, std::int64_t t1, int) {
            for (std::int64_t t = t0; t < t1; ++t)
                k.quantizeActs(x + t * w.cols, w.cols, block, qp + t * w.cols, dp + t * nb, sp + t * ns);
        };
        if (pool && nTokens >= 8)
            pool->parallelFor(nTokens, 4, quantize);
        else
            quantize(0, nTokens, 0);
        base.a = QuantizedActs{qp, dp, sp, w.cols, nb, ns};
        actBytesPerToken = static_cast<std::size_t>(w.cols) + static_cast<std::size_t>(nb) * 4 +
                           static_cast<std::size_t>(ns) * 2;
    } else {
        base.x = x;
        base.xStride = w.cols;
    }

    const int threads = pool ? pool->size() : 1;
    std::int64_t tileRows = 0, tileTokens = nTokens;
    if (nTokens == 1) {
        // Decode: small row chunks balance the threads; each row is read once.
        tileRows = std::clamp<std::int64_t>(w.rows / (threads * 16), 4, 256);
    } else {
        tileRows = std::max<std::int64_t>(4, static_cast<std::int64_t>(kTileBytes / w.rowBytes));
        tileRows = std::min(tileRows, std::max<std::int64_t>(4, w.rows / (threads * 4)));
        // Whole groups of 16: the AVX-512 kernels put 16 rows in a vector's lanes.
        if (tileRows > 16)
            tileRows -= tileRows % 16;
        tileTokens = std::max<std::int64_t>(kMinTileTokens, static_cast<std::int64_t>(kTileBytes / actBytesPerToken));
        tileTokens = std::min(tileTokens, nTokens);
    }
    auto work = [&](std::int64_t r0, std::int64_t r1, int) {
        for (std::int64_t t0 = 0; t0 < nTokens; t0 += tileTokens) {
            TileArgs a = base;
            a.w = base.w + static_cast<std::size_t>(r0) * w.rowBytes;
            a.nRows = r1 - r0;
            a.nTok = std::min(tileTokens, nTokens - t0);
            a.y = y + t0 * w.rows + r0;
            if (block > 0) {
                a.a.q += t0 * base.a.qStride;
                a.a.d += t0 * base.a.dStride;
                a.a.sums += t0 * base.a.sumStride;
            } else {
                a.x = x + t0 * w.cols;
            }
            tile(a);
        }
    };
    if (pool) {
        pool->parallelFor(w.rows, tileRows, work);
    } else {
        for (std::int64_t r0 = 0; r0 < w.rows; r0 += tileRows)
            work(r0, std::min(r0 + tileRows, w.rows), 0);
    }
}

} // namespace qiusuo::cpu
