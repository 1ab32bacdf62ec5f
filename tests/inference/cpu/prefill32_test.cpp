// The AVX2 rows-in-lanes prefill kernels for Q8_0, Q4_0 and Q5_0
// (inference/cpu/prefill32_avx2.cpp, prefill4_avx2.cpp) against the portable
// kernel. The tile
// function is called directly, so every shape is reached whatever matmul's
// tiling: two 8-row groups at a time, a last group of 1..7 live rows, token
// counts leaving every remainder of the register tile, one, two and an odd
// number of 32-blocks, and weights and activations at their largest. Then
// through matmul: a token's result does not depend on how the tokens are cut.
#include "inference/cpu/blocks.h"
#include "inference/cpu/isa.h"
#include "inference/cpu/kernels.h"
#include "inference/cpu/matmul.h"
#include "inference/cpu/prefill_avx2.h"
#include "randomweights.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

using namespace qiusuo::cpu;
using qiusuo::gguf::GgmlType;

namespace {

const GgmlType k32Types[] = {GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q5_0};

std::string typeName(GgmlType t)
{
    return std::string(qiusuo::gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t))->name);
}

/// Activations quantized once (portable quantizer) for both kernels.
struct Acts {
    std::vector<std::int8_t> q;
    std::vector<float> d;
    std::vector<std::int16_t> sums;
    QuantizedActs view(std::int64_t cols) const
    {
        return QuantizedActs{q.data(), d.data(), sums.data(), cols, cols / 32, cols / 16};
    }
};

Acts quantize(const std::vector<float>& x, std::int64_t nTok, std::int64_t cols)
{
    Acts a;
    a.q.resize(static_cast<std::size_t>(nTok * cols));
    a.d.resize(static_cast<std::size_t>(nTok * cols / 32));
    a.sums.resize(static_cast<std::size_t>(nTok * cols / 16));
    for (std::int64_t t = 0; t < nTok; ++t)
        portableKernels().quantizeActs(x.data() + t * cols, cols, 32, a.q.data() + t * cols, a.d.data() + t * cols / 32,
                                       a.sums.data() + t * cols / 16);
    return a;
}

/// The AVX2 tile against the portable one on the same quantized activations:
/// the integer block sums are exact in both, only the F32 order of the
/// scaled block sums differs (2e-6 of sum |dw*dx*w*x| covers it; a wrong
/// byte moves a result by at least dw*dx, far more).
void expectTileAgrees(const test::RandomMatrix& w, const std::vector<float>& x, std::int64_t nTok,
                      const std::string& what)
{
    const std::int64_t rows = w.view.rows, cols = w.view.cols;
    const Acts a = quantize(x, nTok, cols);
    TileArgs t;
    t.w = w.bytes.data();
    t.rowBytes = w.view.rowBytes;
    t.nRows = rows;
    t.cols = cols;
    t.a = a.view(cols);
    t.nTok = nTok;
    t.yStride = rows + 3;   // outputs of a tile are a slice of a wider matrix
    std::vector<float> yp(static_cast<std::size_t>(nTok * t.yStride), -1.0f), ys(yp);
    t.y = yp.data();
    portableKernels().fastTile(w.view.type)(t);
    t.y = ys.data();
    ASSERT_TRUE(prefillTile32_avx2(w.view.type, t)) << what;

    std::vector<float> deq(static_cast<std::size_t>(cols));
    for (std::int64_t r = 0; r < rows; ++r) {
        dequantizeRow(w.view.type, w.bytes.data() + r * w.view.rowBytes, deq.data(), cols);
        for (std::int64_t k = 0; k < nTok; ++k) {
            double scale = 0;
            for (std::int64_t c = 0; c < cols; ++c)
                scale += std::abs(double(deq[c]) * a.d[(k * cols + c) / 32] * a.q[k * cols + c]);
            const std::size_t i = static_cast<std::size_t>(k * t.yStride + r);
            ASSERT_NEAR(ys[i], yp[i], 2e-6 * scale + 1e-30) << what << " row=" << r << " token=" << k;
        }
    }
    // Nothing written outside the tile's rows.
    for (std::int64_t k = 0; k < nTok; ++k)
        for (std::int64_t r = rows; r < t.yStride; ++r)
            ASSERT_EQ(ys[static_cast<std::size_t>(k * t.yStride + r)], -1.0f) << what;
}

std::string describe(GgmlType type, std::int64_t rows, std::int64_t cols, std::int64_t nTok)
{
    return typeName(type) + " rows=" + std::to_string(rows) + " cols=" + std::to_string(cols) +
           " tokens=" + std::to_string(nTok);
}

/// Every weight at `value` (Q8_0: -128..127; Q4_0/Q5_0: the stored value
/// 0..15 / 0..31, the weight being 8 / 16 less).
void setAllWeights(test::RandomMatrix& w, int value)
{
    const auto traits = *qiusuo::gguf::ggmlTypeTraits(static_cast<std::uint32_t>(w.view.type));
    for (std::size_t off = 0; off < w.bytes.size(); off += traits.typeSize) {
        std::uint8_t* b = w.bytes.data() + off;
        switch (w.view.type) {
        case GgmlType::Q8_0: std::memset(b + offsetof(BlockQ8_0, qs), value & 0xFF, 32); break;
        case GgmlType::Q4_0: std::memset(b + offsetof(BlockQ4_0, qs), (value & 15) * 0x11, 16); break;
        default:
            std::memset(b + offsetof(BlockQ5_0, qs), (value & 15) * 0x11, 16);
            std::memset(b + offsetof(BlockQ5_0, qh), value & 16 ? 0xFF : 0x00, 4);
            break;
        }
    }
}

} // namespace

TEST(Prefill32Avx2, RandomWeightsAgreeWithPortable)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so the AVX2 kernels cannot run";
    for (GgmlType type : k32Types) {
        // 736 columns are 23 blocks (odd), 64 two, 32 one. 40 rows are two
        // full pairs of 8-row groups and one group alone; 44 and 12 end in a
        // pair whose second group has 4 live rows; 5 rows are one short group.
        for (std::int64_t cols : {736, 64, 32}) {
            for (std::int64_t rows : {40, 44, 12, 5}) {
                for (std::int64_t nTok : {2, 3, 4, 5, 19}) {
                    const auto w = test::randomWeights(type, rows, cols, 51);
                    const auto x = test::randomActivations(nTok * cols, 52);
                    expectTileAgrees(w, x, nTok, describe(type, rows, cols, nTok));
                }
            }
        }
    }
}

TEST(Prefill32Avx2, ExtremeWeightsAndActivationsAgreeWithPortable)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so the AVX2 kernels cannot run";
    // Activations that all quantize to +-127, one sign per block (alternating,
    // flipped by `sign`): with every weight at an end of its range each block
    // sum is as large as it gets (32 * 128 * 127 for Q8_0), and the nibble
    // kernels' int16 partial sums reach their bound (4 * 2 * 31 * 127 for Q5_0).
    const std::int64_t rows = 24, cols = 96, nTok = 7;
    for (float sign : {1.0f, -1.0f}) {
        std::vector<float> x(static_cast<std::size_t>(nTok * cols));
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = sign * ((i / 32) % 2 == 1 ? -1.0f : 1.0f);
        for (const auto& [type, values] : {std::pair<GgmlType, std::vector<int>>{GgmlType::Q8_0, {127, -127, -128}},
                                           {GgmlType::Q4_0, {0, 15}},
                                           {GgmlType::Q5_0, {0, 31}}}) {
            for (int v : values) {
                auto w = test::randomWeights(type, rows, cols, 53);
                setAllWeights(w, v);
                expectTileAgrees(w, x, nTok, describe(type, rows, cols, nTok) + " weights=" + std::to_string(v));
            }
        }
    }
}

TEST(Prefill32Avx2, LeavesSingleTokensAndOtherTypesToTheCaller)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so the AVX2 kernels cannot run";
    const auto w = test::randomWeights(GgmlType::Q8_0, 16, 64, 54);
    const Acts a = quantize(test::randomActivations(2 * 64, 55), 2, 64);
    std::vector<float> y(32, -1.0f);
    TileArgs t;
    t.w = w.bytes.data();
    t.rowBytes = w.view.rowBytes;
    t.nRows = 16;
    t.cols = 64;
    t.a = a.view(64);
    t.nTok = 1;   // decode stays on the row kernels
    t.y = y.data();
    t.yStride = 16;
    EXPECT_FALSE(prefillTile32_avx2(GgmlType::Q8_0, t));
    t.nTok = 2;
    EXPECT_FALSE(prefillTile32_avx2(GgmlType::Q4_1, t));
    EXPECT_EQ(y, std::vector<float>(32, -1.0f));
    EXPECT_TRUE(prefillTile32_avx2(GgmlType::Q8_0, t));
}

TEST(Prefill32Avx2, TokenResultsDoNotDependOnHowTokensAreCut)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so the AVX2 kernels cannot run";
    // A prompt evaluated whole or in chunks must give bit-identical rows
    // (SplitModel relies on it): 19 tokens at once, then as 7 + 2 + 10.
    const std::int64_t rows = 44, cols = 736, nTok = 19;
    for (GgmlType type : k32Types) {
        const auto w = test::randomWeights(type, rows, cols, 56);
        const auto x = test::randomActivations(nTok * cols, 57);
        std::vector<float> whole(static_cast<std::size_t>(rows * nTok)), parts(whole.size());
        matmul(w.view, x.data(), nTok, whole.data(), Precision::Fast, nullptr, Isa::Avx2);
        std::int64_t t0 = 0;
        for (std::int64_t n : {7, 2, 10}) {
            matmul(w.view, x.data() + t0 * cols, n, parts.data() + t0 * rows, Precision::Fast, nullptr, Isa::Avx2);
            t0 += n;
        }
        EXPECT_EQ(whole, parts) << typeName(type);
    }
}
