#include "inference/cpu/matmul.h"
#include "inference/cpu/threadpool.h"
#include "inference/error.h"
#include "randomweights.h"

#include <gtest/gtest.h>

#include <cmath>
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

/// Largest |y - ref| relative to the scale of the outputs (their RMS).
double relativeError(const std::vector<float>& y, const std::vector<double>& ref)
{
    double maxDiff = 0, sumSq = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        maxDiff = std::max(maxDiff, std::abs(y[i] - ref[i]));
        sumSq += ref[i] * ref[i];
    }
    return maxDiff / std::sqrt(sumSq / static_cast<double>(ref.size()) + 1e-30);
}

} // namespace

TEST(Matmul, PreciseMatchesFloat64Reference)
{
    ThreadPool pool(2);
    for (GgmlType type : kTypes) {
        for (std::int64_t nTokens : {1, 3, 17}) {
            const std::int64_t rows = 37, cols = 512;
            auto w = test::randomWeights(type, rows, cols, 7);
            auto x = test::randomActivations(nTokens * cols, 11);
            const auto ref = test::referenceProduct(w.view, x.data(), nTokens);
            std::vector<float> y(static_cast<std::size_t>(nTokens * rows));
            matmul(w.view, x.data(), nTokens, y.data(), Precision::Precise, &pool);
            EXPECT_LT(relativeError(y, ref), 1e-5) << typeName(type) << " nTokens=" << nTokens;
        }
    }
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
    EXPECT_THROW(matmul(bad, x.data(), 1, y.data(), Precision::Fast, nullptr), qiusuo::Error);
}
