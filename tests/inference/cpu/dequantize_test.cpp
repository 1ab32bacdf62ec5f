// Exactness of dequantizeRow on hand-built blocks: every expected value below
// was worked out by hand from the block layout (ggml-common.h), not computed
// by our code. Half constants: 0x3C00 = 1, 0x3800 = 0.5, 0x3400 = 0.25,
// 0x3000 = 0.125, 0x4000 = 2, 0xBC00 = -1.
#include "inference/cpu/blocks.h"
#include "inference/cpu/matmul.h"
#include "inference/error.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

using namespace qiusuo::cpu;
using qiusuo::gguf::GgmlType;

namespace {

template <typename Block>
std::vector<float> dequant(GgmlType type, const Block& b, int n)
{
    std::vector<float> out(static_cast<std::size_t>(n), -12345.0f);
    dequantizeRow(type, &b, out.data(), n);
    return out;
}

} // namespace

TEST(Dequantize, F32F16Bf16)
{
    const float f[3] = {1.5f, -0.0f, 3e38f};
    float out[3];
    dequantizeRow(GgmlType::F32, f, out, 3);
    EXPECT_EQ(std::memcmp(f, out, sizeof f), 0);

    const std::uint16_t h[4] = {0x3C00, 0xC000, 0x7BFF, 0x0001};
    float oh[4];
    dequantizeRow(GgmlType::F16, h, oh, 4);
    EXPECT_EQ(oh[0], 1.0f);
    EXPECT_EQ(oh[1], -2.0f);
    EXPECT_EQ(oh[2], 65504.0f);
    EXPECT_EQ(oh[3], 5.9604644775390625e-8f);

    const std::uint16_t bf[3] = {0x3F80, 0xC0A0, 0x3E20};
    float ob[3];
    dequantizeRow(GgmlType::BF16, bf, ob, 3);
    EXPECT_EQ(ob[0], 1.0f);
    EXPECT_EQ(ob[1], -5.0f);
    EXPECT_EQ(ob[2], 0.15625f);
}

TEST(Dequantize, Q4_0)
{
    BlockQ4_0 b{};
    b.d = 0x3800;                                   // 0.5
    for (int j = 0; j < 16; ++j)
        b.qs[j] = static_cast<std::uint8_t>(j | ((15 - j) << 4));
    const auto y = dequant(GgmlType::Q4_0, b, 32);
    EXPECT_EQ(y[0], -4.0f);     // (0 - 8) * 0.5
    EXPECT_EQ(y[8], 0.0f);      // (8 - 8) * 0.5
    EXPECT_EQ(y[15], 3.5f);     // (15 - 8) * 0.5
    EXPECT_EQ(y[16], 3.5f);     // high nibble of qs[0] = 15
    EXPECT_EQ(y[31], -4.0f);    // high nibble of qs[15] = 0
}

TEST(Dequantize, Q4_1)
{
    BlockQ4_1 b{};
    b.d = 0x3800;                                   // 0.5
    b.m = 0xBC00;                                   // -1
    for (int j = 0; j < 16; ++j)
        b.qs[j] = static_cast<std::uint8_t>(0xF0 | j);
    const auto y = dequant(GgmlType::Q4_1, b, 32);
    EXPECT_EQ(y[0], -1.0f);     // 0.5 * 0 - 1
    EXPECT_EQ(y[3], 0.5f);      // 0.5 * 3 - 1
    EXPECT_EQ(y[15], 6.5f);     // 0.5 * 15 - 1
    EXPECT_EQ(y[20], 6.5f);     // high nibbles are all 15
}

TEST(Dequantize, Q5_0)
{
    BlockQ5_0 b{};
    b.d = 0x4000;                                   // 2
    b.qh[0] = 0x01;                                 // bit 0: element 0 gets +16
    b.qh[2] = 0x01;                                 // bit 16: element 16
    b.qh[3] = 0x80;                                 // bit 31: element 31
    for (int j = 0; j < 16; ++j)
        b.qs[j] = static_cast<std::uint8_t>(j);
    const auto y = dequant(GgmlType::Q5_0, b, 32);
    EXPECT_EQ(y[0], 0.0f);      // (0 | 16) - 16
    EXPECT_EQ(y[5], -22.0f);    // (5 - 16) * 2
    EXPECT_EQ(y[15], -2.0f);    // (15 - 16) * 2
    EXPECT_EQ(y[16], 0.0f);     // high nibble 0 | 16
    EXPECT_EQ(y[17], -32.0f);   // 0 - 16
    EXPECT_EQ(y[31], 0.0f);
}

TEST(Dequantize, Q5_1)
{
    BlockQ5_1 b{};
    b.d = 0x3C00;                                   // 1
    b.m = 0x3800;                                   // 0.5
    b.qh[0] = 0xFF;                                 // elements 0..7 get +16
    b.qh[3] = 0x80;                                 // element 31
    const auto y = dequant(GgmlType::Q5_1, b, 32);
    EXPECT_EQ(y[0], 16.5f);
    EXPECT_EQ(y[7], 16.5f);
    EXPECT_EQ(y[8], 0.5f);
    EXPECT_EQ(y[30], 0.5f);
    EXPECT_EQ(y[31], 16.5f);
}

TEST(Dequantize, Q8_0)
{
    BlockQ8_0 b{};
    b.d = 0x3000;                                   // 0.125
    for (int j = 0; j < 32; ++j)
        b.qs[j] = static_cast<std::int8_t>(j - 16);
    const auto y = dequant(GgmlType::Q8_0, b, 32);
    EXPECT_EQ(y[0], -2.0f);
    EXPECT_EQ(y[16], 0.0f);
    EXPECT_EQ(y[31], 1.875f);
}

TEST(Dequantize, Q4_K)
{
    BlockQ4_K b{};
    b.d = 0x3C00;                                   // 1
    b.dmin = 0x3800;                                // 0.5
    b.scales[0] = (2 << 6) | 1;                     // sc0 = 1; bits 4-5 of sc4 = 2
    b.scales[1] = 2;                                // sc1
    b.scales[2] = 3;
    b.scales[3] = 4;
    b.scales[4] = (1 << 6) | 10;                    // mn0 = 10; bits 4-5 of mn4 = 1
    b.scales[8] = (3 << 4) | 5;                     // sc4 = 5 | 2<<4 = 37, mn4 = 3 | 1<<4 = 19
    std::memset(b.qs, 0x97, sizeof b.qs);           // low nibble 7, high nibble 9
    const auto y = dequant(GgmlType::Q4_K, b, 256);
    EXPECT_EQ(y[0], 2.0f);      // 1*1*7 - 0.5*10
    EXPECT_EQ(y[31], 2.0f);
    EXPECT_EQ(y[32], 18.0f);    // sub-block 1: 1*2*9 - 0
    EXPECT_EQ(y[64], 21.0f);    // sub-block 2: 3*7
    EXPECT_EQ(y[96], 36.0f);    // sub-block 3: 4*9
    EXPECT_EQ(y[133], 249.5f);  // sub-block 4: 37*7 - 0.5*19
    EXPECT_EQ(y[160], 0.0f);    // sub-block 5: scale 0, min 0
    EXPECT_EQ(y[255], 0.0f);
}

TEST(Dequantize, Q5_K)
{
    BlockQ5_K b{};
    b.d = 0x3800;                                   // 0.5
    b.dmin = 0x3C00;                                // 1
    for (int j = 0; j < 4; ++j) {
        b.scales[j] = 2;                            // sc0..3
        b.scales[j + 4] = 1;                        // mn0..3
        b.scales[j + 8] = (1 << 4) | 2;             // sc4..7 = 2, mn4..7 = 1
    }
    std::memset(b.qs, 0x53, sizeof b.qs);           // low nibble 3, high nibble 5
    std::memset(b.qh, 0x55, sizeof b.qh);           // even bits: the low-nibble sub-blocks get +16
    b.qh[7] = 0xFF;
    const auto y = dequant(GgmlType::Q5_K, b, 256);
    EXPECT_EQ(y[0], 18.0f);     // 0.5*2*(3|16) - 1*1
    EXPECT_EQ(y[32], 4.0f);     // 0.5*2*5 - 1
    EXPECT_EQ(y[39], 20.0f);    // qh[7] bit 1 set: 0.5*2*21 - 1
    EXPECT_EQ(y[223], 18.0f);   // group 3 low nibble, qh bit 6
    EXPECT_EQ(y[255], 4.0f);    // group 3 high nibble, qh bit 7 clear
}

TEST(Dequantize, Q6_K)
{
    BlockQ6_K b{};
    b.d = 0x3400;                                   // 0.25
    for (int s = 0; s < 16; ++s)
        b.scales[s] = static_cast<std::int8_t>(s - 8);
    std::memset(b.ql, 0x21, sizeof b.ql);           // low nibble 1, high nibble 2
    std::memset(b.qh, 0xE4, sizeof b.qh);           // 2-bit fields 0, 1, 2, 3
    // q for the four quarters of each half: (1|0<<4)-32 = -31, (1|1<<4)-32 = -15,
    // (2|2<<4)-32 = 2, (2|3<<4)-32 = 18.
    const auto y = dequant(GgmlType::Q6_K, b, 256);
    EXPECT_EQ(y[0], 62.0f);     // 0.25 * -8 * -31
    EXPECT_EQ(y[33], 22.5f);    // sub-block 2: 0.25 * -6 * -15
    EXPECT_EQ(y[84], -1.5f);    // sub-block 5: 0.25 * -3 * 2
    EXPECT_EQ(y[127], -4.5f);   // sub-block 7: 0.25 * -1 * 18
    EXPECT_EQ(y[144], -7.75f);  // sub-block 9: 0.25 * 1 * -31
    EXPECT_EQ(y[255], 31.5f);   // sub-block 15: 0.25 * 7 * 18
}

TEST(Dequantize, RejectsBadCountsAndTypes)
{
    BlockQ8_0 b{};
    float out[64];
    EXPECT_THROW(dequantizeRow(GgmlType::Q8_0, &b, out, 31), qiusuo::Error);
    EXPECT_THROW(dequantizeRow(GgmlType::IQ2_XXS, &b, out, 256), qiusuo::Error);
    try {
        dequantizeRow(GgmlType::IQ2_XXS, &b, out, 256);
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("IQ2_XXS"), std::string::npos) << e.what();
    }
    EXPECT_THROW(dequantizeRow(static_cast<GgmlType>(99), &b, out, 32), qiusuo::Error);
}
