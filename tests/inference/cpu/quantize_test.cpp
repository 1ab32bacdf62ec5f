#include "../../testdata.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/matmul.h"
#include "inference/cpu/quantize.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <vector>

using namespace qiusuo;
using namespace qiusuo::cpu;
using gguf::GgmlType;

namespace {

std::vector<std::uint8_t> quantized(GgmlType t, const std::vector<float>& x)
{
    const auto tr = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t));
    std::vector<std::uint8_t> out(x.size() / tr.blockSize * tr.typeSize);
    quantizeRow(t, x.data(), out.data(), static_cast<std::int64_t>(x.size()));
    return out;
}

std::vector<float> roundTrip(GgmlType t, const std::vector<float>& x)
{
    const auto q = quantized(t, x);
    std::vector<float> y(x.size());
    dequantizeRow(t, q.data(), y.data(), static_cast<std::int64_t>(x.size()));
    return y;
}

double relativeRms(const std::vector<float>& a, const std::vector<float>& b)
{
    double d2 = 0, n2 = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        d2 += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
        n2 += double(a[i]) * a[i];
    }
    return std::sqrt(d2 / n2);
}

std::string name(GgmlType t)
{
    return std::string(gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t))->name);
}

} // namespace

TEST(Quantize, RoundTripErrorFitsEachType)
{
    std::mt19937 rng(17);
    std::normal_distribution<float> normal(0.0f, 0.02f);
    std::vector<float> x(256 * 64);
    for (auto& v : x)
        v = normal(rng);
    // Bounds: b-bit uniform rounding of Gaussian blocks (see modeldequant_test:
    // llama.cpp's own files measure Q8_0 0.54%, Q6_K 1.8%, Q4_K 7.2%, Q4_0 8.6%).
    const std::map<GgmlType, double> bound = {
        {GgmlType::F16, 3e-4}, {GgmlType::BF16, 2.5e-3}, {GgmlType::Q8_0, 0.0075}, {GgmlType::Q6_K, 0.025},
        {GgmlType::Q5_0, 0.05}, {GgmlType::Q5_K, 0.04}, {GgmlType::Q4_0, 0.12}, {GgmlType::Q4_K, 0.085}};
    for (const auto& [type, b] : bound) {
        const double err = relativeRms(x, roundTrip(type, x));
        EXPECT_LT(err, b) << name(type);
        EXPECT_GT(err, 0.0) << name(type);
    }
    EXPECT_EQ(roundTrip(GgmlType::F32, x), x);
}

TEST(Quantize, RepresentableValuesComeBackExactly)
{
    // Q8_0: multiples k*d of a half-exact d with max |k| = 127.
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j)
        x[j] = static_cast<float>(j - 16) * 0.25f;
    x[3] = 127 * 0.25f;
    EXPECT_EQ(roundTrip(GgmlType::Q8_0, x), x);
    // Q4_0 / Q5_0: levels (q - 8)*d, (q - 16)*d with the extreme at -8d / -16d.
    for (int j = 0; j < 32; ++j)
        x[j] = static_cast<float>(j % 16 - 8) * 0.5f;
    EXPECT_EQ(roundTrip(GgmlType::Q4_0, x), x);
    for (int j = 0; j < 32; ++j)
        x[j] = static_cast<float>(j - 16) * 0.125f;
    EXPECT_EQ(roundTrip(GgmlType::Q5_0, x), x);
    // All zeros stay zeros in every type.
    const std::vector<float> zeros(256, 0.0f);
    for (GgmlType t : {GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q5_0, GgmlType::Q4_K, GgmlType::Q5_K,
                       GgmlType::Q6_K})
        EXPECT_EQ(roundTrip(t, zeros), zeros) << name(t);
}

TEST(Quantize, ConstantAndOneSignedBlocksKeepTheirShape)
{
    // A block of equal positive values: the K-quants' min is clamped at 0,
    // so all must decode to nearly the value.
    std::vector<float> x(256, 0.75f);
    for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_0, GgmlType::Q4_0}) {
        const auto y = roundTrip(t, x);
        for (float v : y)
            ASSERT_NEAR(v, 0.75f, 0.75f * 0.01) << name(t);
    }
}

TEST(Quantize, MatchesLlamaCppQualityOnTheTinyModels)
{
    // Quantize every F32 tensor that llama.cpp quantized in its files, to the
    // same type, and compare the total squared error with llama.cpp's.
    QIUSUO_REQUIRE_TESTDATA(f32Path, "models/tiny-qwen2.gguf");
    const auto orig = gguf::GgufFile::open(f32Path);
    for (const char* q : {"models/tiny-qwen2-Q8_0.gguf", "models/tiny-qwen2-Q6_K.gguf",
                          "models/tiny-qwen2-Q4_K_M.gguf", "models/tiny-qwen2-Q4_0.gguf"}) {
        QIUSUO_REQUIRE_TESTDATA(path, q);
        const auto theirs = gguf::GgufFile::open(path);
        std::map<GgmlType, std::pair<double, double>> err;   // ours, theirs
        for (const auto& t : theirs->tensors()) {
            if (t.type == GgmlType::F32)
                continue;
            const auto* o = orig->findTensor(t.name);
            ASSERT_NE(o, nullptr);
            std::vector<float> x(o->elementCount()), yTheirs(o->elementCount());
            dequantizeRow(GgmlType::F32, o->data, x.data(), static_cast<std::int64_t>(x.size()));
            dequantizeRow(t.type, t.data, yTheirs.data(), static_cast<std::int64_t>(x.size()));
            const auto yOurs = roundTrip(t.type, x);
            for (std::size_t i = 0; i < x.size(); ++i) {
                err[t.type].first += (double(yOurs[i]) - x[i]) * (double(yOurs[i]) - x[i]);
                err[t.type].second += (double(yTheirs[i]) - x[i]) * (double(yTheirs[i]) - x[i]);
            }
        }
        ASSERT_FALSE(err.empty()) << q;
        for (const auto& [type, e] : err)
            EXPECT_LE(std::sqrt(e.first), 1.01 * std::sqrt(e.second))
                << q << " " << name(type) << ": our RMS error is above llama.cpp's";
    }
}

TEST(Quantize, RejectsUnsupportedTypesAndCounts)
{
    std::vector<float> x(256);
    std::vector<std::uint8_t> out(4096);
    EXPECT_THROW(quantizeRow(GgmlType::IQ2_XXS, x.data(), out.data(), 256), qiusuo::Error);
    EXPECT_THROW(quantizeRow(GgmlType::Q4_K, x.data(), out.data(), 100), qiusuo::Error);
    EXPECT_FALSE(canQuantize(GgmlType::Q2_K));
    EXPECT_TRUE(canQuantize(GgmlType::Q6_K));
}
