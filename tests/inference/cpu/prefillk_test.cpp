// The AVX2 rows-in-lanes prefill kernels for Q4_K, Q5_K and Q6_K
// (inference/cpu/prefillk_avx2.cpp) against the portable kernel, on the tile
// shapes matmul hands them: whole 16-row groups, a last group of 12 rows (both
// 8-row halves, the second partly dead), groups of 10 and 4 rows, token
// counts that leave every remainder of the register tile, one super-block and
// an odd number of them, and weights and activations at their largest, where
// the int16 sums inside the kernels come closest to overflowing.
#include "inference/cpu/blocks.h"
#include "inference/cpu/isa.h"
#include "inference/cpu/matmul.h"
#include "randomweights.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using namespace qiusuo::cpu;
using qiusuo::gguf::GgmlType;

namespace {

const GgmlType kKTypes[] = {GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

std::string typeName(GgmlType t)
{
    return std::string(qiusuo::gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t))->name);
}

/// Sum over c of |W[r][c] * x[t][c]|, the scale of F32 rounding differences.
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

/// Every quantized value and every scale (and min) at its largest; Q6_K's
/// signed scales at +127 or -128 (the sign of `q6Scale`).
void setExtremes(test::RandomMatrix& w, int q6Scale)
{
    const auto traits = *qiusuo::gguf::ggmlTypeTraits(static_cast<std::uint32_t>(w.view.type));
    for (std::size_t off = 0; off < w.bytes.size(); off += traits.typeSize) {
        std::uint8_t* b = w.bytes.data() + off;
        switch (w.view.type) {
        case GgmlType::Q4_K:
            std::memset(b + offsetof(BlockQ4_K, scales), 0xFF, 12);
            std::memset(b + offsetof(BlockQ4_K, qs), 0xFF, 128);
            break;
        case GgmlType::Q5_K:
            std::memset(b + offsetof(BlockQ5_K, scales), 0xFF, 12);
            std::memset(b + offsetof(BlockQ5_K, qh), 0xFF, 32);
            std::memset(b + offsetof(BlockQ5_K, qs), 0xFF, 128);
            break;
        default:
            std::memset(b + offsetof(BlockQ6_K, ql), 0xFF, 128);
            std::memset(b + offsetof(BlockQ6_K, qh), 0xFF, 64);
            std::memset(b + offsetof(BlockQ6_K, scales), q6Scale > 0 ? 0x7F : 0x80, 16);
            break;
        }
    }
}

/// Activations that quantize to +-127 in the first half of every
/// super-block and +-64 in the second, the sign alternating per super-block
/// and flipped by `sign`.
std::vector<float> extremeActivations(std::int64_t nTok, std::int64_t cols, float sign)
{
    std::vector<float> x(static_cast<std::size_t>(nTok * cols));
    for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = sign * (i % 256 < 128 ? 1.0f : 0.5f) * ((i / 256) % 2 == 1 ? -1.0f : 1.0f);
    return x;
}

/// AVX2 against portable, one thread (so matmul's row tiles are whole
/// 16-row groups plus the remainder, see matmul.cpp).
void expectAgrees(const test::RandomMatrix& w, const std::vector<float>& x, std::int64_t nTok, const std::string& what)
{
    const auto scale = absProduct(w.view, x, nTok);
    const auto n = static_cast<std::size_t>(w.view.rows * nTok);
    std::vector<float> yp(n), ys(n);
    matmul(w.view, x.data(), nTok, yp.data(), Precision::Fast, nullptr, Isa::Portable);
    matmul(w.view, x.data(), nTok, ys.data(), Precision::Fast, nullptr, Isa::Avx2);
    for (std::size_t i = 0; i < n; ++i)
        ASSERT_NEAR(ys[i], yp[i], 2e-6 * scale[i] + 1e-30) << what << " i=" << i;
}

} // namespace

TEST(PrefillKAvx2, RandomWeightsAgreeWithPortable)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so the AVX2 kernels cannot run";
    for (GgmlType type : kKTypes) {
        // One thread: 76 rows are tiles of 16 + a last of 12, 40 rows tiles
        // of 10, 16 rows tiles of 4. 768 columns are 3 super-blocks, 256 one.
        for (std::int64_t cols : {768, 256}) {
            for (std::int64_t rows : {76, 40, 16}) {
                for (std::int64_t nTok : {2, 3, 4, 5, 7, 9}) {
                    const auto w = test::randomWeights(type, rows, cols, 41);
                    const auto x = test::randomActivations(nTok * cols, 42);
                    expectAgrees(w, x, nTok,
                                 typeName(type) + " rows=" + std::to_string(rows) + " cols=" + std::to_string(cols) +
                                     " tokens=" + std::to_string(nTok));
                }
            }
        }
    }
}

TEST(PrefillKAvx2, LargestSumsAgreeWithPortable)
{
    if (!isaSupported(Isa::Avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C, so the AVX2 kernels cannot run";
    // All values and scales at their largest against activations of +-127:
    // the kernels' int16 sums of several steps reach 30480 (Q4_K), 31496
    // (Q5_K) and 32004 (Q6_K), just under 32767, and any sum formed in a
    // wrong order or width overflows and differs.
    const std::int64_t rows = 76, cols = 768;
    for (GgmlType type : kKTypes) {
        for (int q6Scale : {1, -1}) {
            if (type != GgmlType::Q6_K && q6Scale < 0)
                continue;
            auto w = test::randomWeights(type, rows, cols, 43);
            setExtremes(w, q6Scale);
            for (float sign : {1.0f, -1.0f}) {
                for (std::int64_t nTok : {3, 8}) {
                    const auto x = extremeActivations(nTok, cols, sign);
                    expectAgrees(w, x, nTok,
                                 typeName(type) + " q6Scale=" + std::to_string(q6Scale) +
                                     " sign=" + std::to_string(sign) + " tokens=" + std::to_string(nTok));
                }
            }
        }
    }
}
