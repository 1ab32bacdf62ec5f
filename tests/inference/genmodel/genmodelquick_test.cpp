// gen-model --quick's random blocks: every format dequantizes (through the
// engine's own dequantizer) to finite weights of the intended spread, with
// finite, normal f16 scales, and a row depends only on its PRNG stream.
#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/matmul.h"
#include "inference/error.h"
#include "inference/gguf/ggufwriter.h"
#include "inference/models/genmodelquick.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace qiusuo::models {
namespace {

using gguf::GgmlType;

constexpr float kSigma = 0.02f;
constexpr std::int64_t kRow = 4096;
constexpr int kRows = 16;

/// Offsets of the f16 scale fields in one block of `type`.
std::vector<std::size_t> scaleOffsets(GgmlType type)
{
    switch (type) {
    case GgmlType::Q5_0:
    case GgmlType::Q8_0: return {0};
    case GgmlType::Q4_K: return {offsetof(cpu::BlockQ4_K, d), offsetof(cpu::BlockQ4_K, dmin)};
    case GgmlType::Q5_K: return {offsetof(cpu::BlockQ5_K, d), offsetof(cpu::BlockQ5_K, dmin)};
    case GgmlType::Q6_K: return {offsetof(cpu::BlockQ6_K, d)};
    default: return {};
    }
}

class QuickFill : public ::testing::TestWithParam<GgmlType> {};

TEST_P(QuickFill, DequantizesToFiniteWeightsOfTheIntendedSpread)
{
    const GgmlType type = GetParam();
    const auto traits = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    const std::size_t rowBytes = static_cast<std::size_t>(gguf::GgufWriter::tensorBytes(type, {kRow}));
    std::vector<std::uint8_t> bytes(rowBytes * kRows);
    std::vector<float> weights(kRow);
    double sum = 0, sumSq = 0, maxAbs = 0;
    for (int r = 0; r < kRows; ++r) {
        sampling::Xoshiro256 rng(1000 + static_cast<std::uint64_t>(r));
        std::uint8_t* row = bytes.data() + r * rowBytes;
        fillQuickRow(type, rng, kSigma, row, kRow);
        for (std::size_t block = 0; block < rowBytes / traits.typeSize; ++block) {
            for (const std::size_t offset : scaleOffsets(type)) {
                std::uint16_t h = 0;
                std::memcpy(&h, row + block * traits.typeSize + offset, 2);
                const float v = cpu::f16ToF32(h);
                ASSERT_TRUE(std::isfinite(v) && std::fpclassify(v) == FP_NORMAL && v > 0)
                    << "block " << block << " scale " << v;
                ASSERT_GE(std::abs(v), 6.103515625e-05f) << "a subnormal half";
            }
        }
        cpu::dequantizeRow(type, row, weights.data(), kRow);
        for (const float w : weights) {
            ASSERT_TRUE(std::isfinite(w));
            sum += w;
            sumSq += static_cast<double>(w) * w;
            maxAbs = std::max(maxAbs, static_cast<double>(std::abs(w)));
        }
    }
    const double n = static_cast<double>(kRow) * kRows;
    const double mean = sum / n, sd = std::sqrt(sumSq / n - mean * mean);
    EXPECT_NEAR(mean, 0.0, 0.1 * kSigma) << traits.name;
    EXPECT_NEAR(sd, kSigma, 0.05 * kSigma) << traits.name;
    EXPECT_LT(maxAbs, 10 * kSigma) << traits.name;
}

INSTANTIATE_TEST_SUITE_P(EveryType, QuickFill,
                         ::testing::Values(GgmlType::F32, GgmlType::F16, GgmlType::Q5_0,
                                           GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K),
                         [](const auto& p) {
                             return std::string(gguf::ggmlTypeTraits(static_cast<std::uint32_t>(p.param))->name);
                         });

TEST(QuickFill, TheSameStreamGivesTheSameRow)
{
    std::vector<std::uint8_t> a(gguf::GgufWriter::tensorBytes(GgmlType::Q4_K, {512}));
    std::vector<std::uint8_t> b(a.size()), c(a.size());
    sampling::Xoshiro256 ra(5), rb(5), rc(6);
    fillQuickRow(GgmlType::Q4_K, ra, kSigma, a.data(), 512);
    fillQuickRow(GgmlType::Q4_K, rb, kSigma, b.data(), 512);
    fillQuickRow(GgmlType::Q4_K, rc, kSigma, c.data(), 512);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
}

TEST(QuickFill, RefusesWhatItCannotWrite)
{
    std::vector<std::uint8_t> out(1024);
    sampling::Xoshiro256 rng(1);
    EXPECT_FALSE(canFillQuick(GgmlType::IQ2_XXS));
    EXPECT_FALSE(canFillQuick(GgmlType::Q4_0));
    EXPECT_TRUE(canFillQuick(GgmlType::Q6_K));
    try {
        fillQuickRow(GgmlType::Q2_K, rng, kSigma, out.data(), 256);
        ADD_FAILURE() << "wrote Q2_K";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("Q2_K"), std::string::npos) << e.what();
    }
    EXPECT_THROW(fillQuickRow(GgmlType::Q4_K, rng, kSigma, out.data(), 100), Error);
}

} // namespace
} // namespace qiusuo::models
