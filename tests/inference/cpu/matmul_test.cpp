// matmul on every weight type, both paths, every kernel set this CPU runs,
// against a float64 product of the exactly dequantized weights.
#include "inference/cpu/blocks.h"
#include "inference/cpu/isa.h"
#include "inference/cpu/kernels.h"
#include "inference/cpu/matmul.h"
#include "inference/cpu/threadpool.h"
#include "inference/error.h"
#include "randomweights.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

using namespace qiusuo::cpu;
using qiusuo::gguf::GgmlType;

namespace {

const GgmlType kTypes[] = {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0,
                           GgmlType::Q4_0, GgmlType::Q5_0, GgmlType::Q4_1, GgmlType::Q5_1,
                           GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

std::string typeName(GgmlType t)
{
    return std::string(qiusuo::gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t))->name);
}

std::vector<Isa> isasHere()
{
    std::vector<Isa> out{Isa::Portable};
    for (Isa isa : {Isa::Avx2, Isa::Avx512})
        if (isaSupported(isa))
            out.push_back(isa);
    return out;
}

struct Case {
    std::int64_t rows, cols, nTokens;
};

/// Sum over c of |W[r][c] * x[t][c]|: the scale that F32 rounding errors of
/// a dot product are proportional to.
std::vector<double> absProduct(const WeightView& w, const std::vector<float>& x, std::int64_t nTokens)
{
    std::vector<float> row(static_cast<std::size_t>(w.cols));
    std::vector<double> out(static_cast<std::size_t>(nTokens * w.rows));
    for (std::int64_t r = 0; r < w.rows; ++r) {
        dequantizeRow(w.type, static_cast<const std::uint8_t*>(w.data) + r * w.rowBytes, row.data(), w.cols);
        for (std::int64_t t = 0; t < nTokens; ++t) {
            double s = 0;
            for (std::int64_t c = 0; c < w.cols; ++c)
                s += std::abs(double(row[c]) * x[t * w.cols + c]);
            out[t * w.rows + r] = s;
        }
    }
    return out;
}

/// The most activation rounding can move y[t][r] on the fast path: each x is
/// rounded to a multiple of d = max|x over its block| / 127, so by at most d/2,
/// and y moves by at most sum_c |W[r][c]| * d(c) / 2.
std::vector<double> activationRoundingBound(const WeightView& w, const std::vector<float>& x,
                                            std::int64_t nTokens, int block)
{
    std::vector<float> row(static_cast<std::size_t>(w.cols));
    std::vector<double> out(static_cast<std::size_t>(nTokens * w.rows), 0.0);
    if (block == 0)
        return out;
    std::vector<double> halfStep(static_cast<std::size_t>(nTokens * w.cols));
    for (std::int64_t t = 0; t < nTokens; ++t)
        for (std::int64_t b = 0; b < w.cols; b += block) {
            double amax = 0;
            for (int i = 0; i < block; ++i)
                amax = std::max(amax, double(std::abs(x[t * w.cols + b + i])));
            for (int i = 0; i < block; ++i)
                halfStep[t * w.cols + b + i] = amax / 127.0 / 2.0;
        }
    for (std::int64_t r = 0; r < w.rows; ++r) {
        dequantizeRow(w.type, static_cast<const std::uint8_t*>(w.data) + r * w.rowBytes, row.data(), w.cols);
        for (std::int64_t t = 0; t < nTokens; ++t) {
            double s = 0;
            for (std::int64_t c = 0; c < w.cols; ++c)
                s += std::abs(double(row[c])) * halfStep[t * w.cols + c];
            out[t * w.rows + r] = s;
        }
    }
    return out;
}

} // namespace

TEST(Matmul, PreciseMatchesFloat64ReferenceOnEveryKernelSet)
{
    ThreadPool pool(2);
    for (Isa isa : isasHere()) {
        for (GgmlType type : kTypes) {
            for (const Case c : {Case{37, 512, 1}, Case{37, 512, 3}, Case{20, 1024, 17}}) {
                auto w = test::randomWeights(type, c.rows, c.cols, 7);
                auto x = test::randomActivations(c.nTokens * c.cols, 11);
                const auto ref = test::referenceProduct(w.view, x.data(), c.nTokens);
                const auto scale = absProduct(w.view, x, c.nTokens);
                std::vector<float> y(ref.size());
                matmul(w.view, x.data(), c.nTokens, y.data(), Precision::Precise, &pool, isa);
                // F32 products and sums: relative error a few times 2^-24 per
                // term, summed in 8 (or 32) lanes: 1e-6 of sum|w*x| is ample
                // and far below any layout or indexing mistake.
                for (std::size_t i = 0; i < y.size(); ++i)
                    ASSERT_NEAR(y[i], ref[i], 1e-6 * scale[i] + 1e-30)
                        << isaName(isa) << " " << typeName(type) << " tokens=" << c.nTokens << " i=" << i;
            }
        }
    }
}

TEST(Matmul, FastIsWithinActivationRoundingOfFloat64Reference)
{
    ThreadPool pool(2);
    for (GgmlType type : kTypes) {
        // Token counts cover every remainder of the 4-token register tiles;
        // 150 tokens of 1024 exceed one L2 token tile, so tiling is exercised.
        for (const Case c : {Case{37, 512, 1}, Case{9, 1024, 7}, Case{70, 1024, 150}}) {
            auto w = test::randomWeights(type, c.rows, c.cols, 3);
            auto x = test::randomActivations(c.nTokens * c.cols, 5);
            const auto ref = test::referenceProduct(w.view, x.data(), c.nTokens);
            const auto scale = absProduct(w.view, x, c.nTokens);
            const auto bound = activationRoundingBound(w.view, x, c.nTokens, activationBlock(type));
            for (Isa isa : isasHere()) {
                std::vector<float> y(ref.size());
                matmul(w.view, x.data(), c.nTokens, y.data(), Precision::Fast, &pool, isa);
                for (std::size_t i = 0; i < y.size(); ++i)
                    ASSERT_NEAR(y[i], ref[i], bound[i] * 1.001 + 2e-6 * scale[i] + 1e-30)
                        << isaName(isa) << " " << typeName(type) << " tokens=" << c.nTokens << " i=" << i;
            }
        }
    }
}

TEST(Matmul, SimdFastPathAgreesWithPortable)
{
    if (isasHere().size() < 2)
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so there is no SIMD path to compare";
    ThreadPool pool(2);
    for (GgmlType type : kTypes) {
        // 1, 2 and 34 rows and 5, 6, 7 tokens leave every remainder of the
        // 3-row and 4-token register tiles (one token is decode); 34 rows and
        // 8, 19 tokens those of the 16-row, 8-token AVX-512 tiles (Q8_0, K-quants);
        // 736 columns are 23 32-blocks, an odd count, 256 one super-block.
        for (std::int64_t cols : {768, 736, 256}) {
            if (cols % 256 != 0 && activationBlock(type) == 256)
                continue;
            for (const auto& [rows, nTok] : {std::pair<std::int64_t, std::int64_t>{1, 5}, {2, 6}, {34, 1},
                                            {34, 5}, {34, 6}, {34, 7}, {16, 8}, {34, 19}}) {
                auto w = test::randomWeights(type, rows, cols, 21);
                auto x = test::randomActivations(nTok * cols, 22);
                const auto scale = absProduct(w.view, x, nTok);
                const auto n = static_cast<std::size_t>(rows * nTok);
                std::vector<float> yp(n);
                matmul(w.view, x.data(), nTok, yp.data(), Precision::Fast, &pool, Isa::Portable);
                for (Isa isa : isasHere()) {
                    if (isa == Isa::Portable)
                        continue;
                    std::vector<float> ys(n);
                    matmul(w.view, x.data(), nTok, ys.data(), Precision::Fast, nullptr, isa);
                    // Each set quantizes the activations to identical bytes and
                    // sums exact integers; only the F32 order of the block
                    // scales differs.
                    for (std::size_t i = 0; i < n; ++i)
                        ASSERT_NEAR(ys[i], yp[i], 2e-6 * scale[i] + 1e-30)
                            << isaName(isa) << " " << typeName(type) << " rows=" << rows << " cols=" << cols
                            << " tokens=" << nTok << " i=" << i;
                }
            }
        }
    }
}

TEST(Matmul, Q4KExtremesAgreeWithPortable)
{
    if (isasHere().size() < 2)
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so there is no SIMD path to compare";
    // Every 4-bit value 15 and every 6-bit scale and min 63, activations
    // +-127 and +-64 after quantization: near the largest integer sums the
    // kernels form (|dot| = 63 * 32 * 15 * (4 * 127 + 4 * 64) > 2^24, so its
    // conversion to F32 rounds and must round the same way everywhere).
    const std::int64_t rows = 20, cols = 512, nTok = 9;
    auto w = test::randomWeights(GgmlType::Q4_K, rows, cols, 31);
    auto* blocks = reinterpret_cast<BlockQ4_K*>(w.bytes.data());
    for (std::int64_t i = 0; i < rows * cols / 256; ++i) {
        std::memset(blocks[i].scales, 0xFF, sizeof blocks[i].scales);
        std::memset(blocks[i].qs, 0xFF, sizeof blocks[i].qs);
    }
    for (float sign : {1.0f, -1.0f}) {
        std::vector<float> x(static_cast<std::size_t>(nTok * cols));
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = sign * (i % 256 < 128 ? 1.0f : 0.5f) * ((i / 256) % 3 == 1 ? -1.0f : 1.0f);
        const auto scale = absProduct(w.view, x, nTok);
        std::vector<float> yp(static_cast<std::size_t>(rows * nTok));
        matmul(w.view, x.data(), nTok, yp.data(), Precision::Fast, nullptr, Isa::Portable);
        for (Isa isa : isasHere()) {
            std::vector<float> ys(yp.size());
            matmul(w.view, x.data(), nTok, ys.data(), Precision::Fast, nullptr, isa);
            for (std::size_t i = 0; i < ys.size(); ++i)
                ASSERT_NEAR(ys[i], yp[i], 2e-6 * scale[i]) << isaName(isa) << " sign=" << sign << " i=" << i;
        }
    }
}

TEST(Matmul, ActivationQuantizationIsIdenticalAcrossKernelSets)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so there is no SIMD path to compare";
    const auto x = test::randomActivations(1024, 9);
    for (int block : {32, 256}) {
        std::vector<std::int8_t> qp(1024), qs(1024);
        std::vector<float> dp(1024 / block), ds(1024 / block);
        std::vector<std::int16_t> sp(64), ss(64);
        portableKernels().quantizeActs(x.data(), 1024, block, qp.data(), dp.data(), sp.data());
        avx2Kernels().quantizeActs(x.data(), 1024, block, qs.data(), ds.data(), ss.data());
        EXPECT_EQ(qp, qs);
        EXPECT_EQ(dp, ds);
        EXPECT_EQ(sp, ss);
        // The format itself: d = max|x|/127, q = round(x/d), sums of 16.
        float amax = 0;
        for (int i = 0; i < block; ++i)
            amax = std::max(amax, std::abs(x[i]));
        EXPECT_FLOAT_EQ(dp[0], amax / 127);
        EXPECT_EQ(qp[5], static_cast<int>(std::lround(x[5] / dp[0])));
        int sum = 0;
        for (int i = 16; i < 32; ++i)
            sum += qp[i];
        EXPECT_EQ(sp[1], sum);
    }
}

TEST(Matmul, ResultsDoNotDependOnThreadCount)
{
    ThreadPool one(1), three(3);
    auto w = test::randomWeights(GgmlType::Q4_K, 301, 512, 4);
    auto x = test::randomActivations(5 * 512, 6);
    std::vector<float> a(301 * 5), b(301 * 5), c(301 * 5);
    matmul(w.view, x.data(), 5, a.data(), Precision::Fast, &one);
    matmul(w.view, x.data(), 5, b.data(), Precision::Fast, &three);
    matmul(w.view, x.data(), 5, c.data(), Precision::Fast, nullptr);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, c);
}

TEST(Matmul, RejectsBadShapes)
{
    auto w = test::randomWeights(GgmlType::Q4_K, 4, 256, 1);
    std::vector<float> x(512), y(8);
    WeightView bad = w.view;
    bad.cols = 128;   // not a multiple of 256
    EXPECT_THROW(matmul(bad, x.data(), 1, y.data(), Precision::Fast, nullptr), qiusuo::Error);
    bad = w.view;
    bad.rowBytes = 100;
    EXPECT_THROW(matmul(bad, x.data(), 1, y.data(), Precision::Fast, nullptr), qiusuo::Error);
    bad = w.view;
    bad.type = GgmlType::IQ2_XXS;
    try {
        matmul(bad, x.data(), 1, y.data(), Precision::Fast, nullptr);
        ADD_FAILURE() << "IQ2_XXS accepted";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("IQ2_XXS"), std::string::npos) << e.what();
    }
    bad = w.view;
    bad.data = nullptr;
    EXPECT_THROW(matmul(bad, x.data(), 1, y.data(), Precision::Fast, nullptr), qiusuo::Error);
}

TEST(Isa, ParsesNamesAndRejectsUnknownOnes)
{
    EXPECT_EQ(parseIsa("portable"), Isa::Portable);
    EXPECT_EQ(parseIsa("AUTO"), bestIsa());
    EXPECT_EQ(parseIsa(""), bestIsa());
    EXPECT_THROW(parseIsa("neon"), qiusuo::Error);
    if (isaSupported(Isa::Avx2))
        EXPECT_EQ(parseIsa("avx2"), Isa::Avx2);
    else
        EXPECT_THROW(parseIsa("avx2"), qiusuo::Error);
    if (isaSupported(Isa::Avx512))
        EXPECT_EQ(parseIsa("AVX512"), Isa::Avx512);
    else
        EXPECT_THROW(parseIsa("avx512"), qiusuo::Error);
    EXPECT_TRUE(isaSupported(activeIsa()));
}

TEST(Matmul, FloatWeightsOfAnyWidth)
{
    // Widths that are not a multiple of the SIMD width take a scalar tail.
    for (Isa isa : isasHere()) {
        for (GgmlType type : {GgmlType::F32, GgmlType::F16, GgmlType::BF16}) {
            for (std::int64_t cols : {1, 12, 37}) {
                auto w = test::randomWeights(type, 5, cols, 8);
                auto x = test::randomActivations(3 * cols, 9);
                const auto ref = test::referenceProduct(w.view, x.data(), 3);
                const auto scale = absProduct(w.view, x, 3);
                for (Precision p : {Precision::Fast, Precision::Precise}) {
                    std::vector<float> y(ref.size());
                    matmul(w.view, x.data(), 3, y.data(), p, nullptr, isa);
                    for (std::size_t i = 0; i < y.size(); ++i)
                        ASSERT_NEAR(y[i], ref[i], 1e-6 * scale[i] + 1e-30)
                            << isaName(isa) << " " << typeName(type) << " cols=" << cols;
                }
            }
        }
    }
}
