#include "inference/cpu/fp16.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

using namespace qiusuo::cpu;

TEST(Fp16, DecodesKnownHalves)
{
    EXPECT_EQ(f16ToF32(0x3C00), 1.0f);
    EXPECT_EQ(f16ToF32(0xC000), -2.0f);
    EXPECT_EQ(f16ToF32(0x3555), 0.333251953125f);
    EXPECT_EQ(f16ToF32(0x7BFF), 65504.0f);
    EXPECT_EQ(f16ToF32(0x0001), 5.9604644775390625e-8f);      // smallest subnormal
    EXPECT_EQ(f16ToF32(0x03FF), 6.0975551605224609375e-5f);   // largest subnormal
    EXPECT_EQ(f16ToF32(0x8400), -6.103515625e-5f);            // smallest normal, negative
    EXPECT_TRUE(std::signbit(f16ToF32(0x8000)));
    EXPECT_EQ(f16ToF32(0x7C00), std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(f16ToF32(0x7E00)));
}

TEST(Fp16, EncodesWithRoundToNearestEven)
{
    EXPECT_EQ(f32ToF16(1.0f), 0x3C00);
    EXPECT_EQ(f32ToF16(-2.0f), 0xC000);
    EXPECT_EQ(f32ToF16(65504.0f), 0x7BFF);
    EXPECT_EQ(f32ToF16(65520.0f), 0x7C00);                    // rounds up past the largest half
    EXPECT_EQ(f32ToF16(1e-9f), 0x0000);
    EXPECT_EQ(f32ToF16(5.9604644775390625e-8f), 0x0001);
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1.0).
    EXPECT_EQ(f32ToF16(1.0f + 0x1p-11f), 0x3C00);
    // 1 + 3*2^-11 is halfway between 1+2^-10 (odd) and 1+2^-9: goes up to even.
    EXPECT_EQ(f32ToF16(1.0f + 3 * 0x1p-11f), 0x3C02);
    // Halfway between the two smallest subnormals' neighbours: 1.5 * 2^-24 -> 2 * 2^-24.
    EXPECT_EQ(f32ToF16(1.5f * 0x1p-24f), 0x0002);
    EXPECT_EQ(f32ToF16(std::numeric_limits<float>::infinity()), 0x7C00);
    EXPECT_EQ(f32ToF16(std::nanf("")) & 0x7C00, 0x7C00);
    EXPECT_NE(f32ToF16(std::nanf("")) & 0x03FF, 0);
}

TEST(Fp16, EveryHalfRoundTrips)
{
    for (std::uint32_t h = 0; h < 0x10000; ++h) {
        const auto bits = static_cast<std::uint16_t>(h);
        if ((bits & 0x7C00) == 0x7C00 && (bits & 0x03FF) != 0)
            continue;   // NaN payloads need not survive
        ASSERT_EQ(f32ToF16(f16ToF32(bits)), bits) << "half 0x" << std::hex << h;
    }
}

TEST(Bf16, ConvertsBothWays)
{
    EXPECT_EQ(bf16ToF32(0x3F80), 1.0f);
    EXPECT_EQ(bf16ToF32(0xC0A0), -5.0f);
    EXPECT_EQ(bf16ToF32(0x3E20), 0.15625f);
    EXPECT_EQ(f32ToBf16(1.0f), 0x3F80);
    // 1 + 2^-8 is halfway between bf16 1.0 and 1 + 2^-7: ties to even (1.0).
    EXPECT_EQ(f32ToBf16(1.0f + 0x1p-8f), 0x3F80);
    EXPECT_EQ(f32ToBf16(1.0f + 3 * 0x1p-8f), 0x3F82);
    EXPECT_TRUE(std::isnan(bf16ToF32(f32ToBf16(std::nanf("")))));
}
