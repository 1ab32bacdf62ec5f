#pragma once
/// @brief Byte layouts of the ggml quantized blocks (ggml-common.h) as packed
/// structs, so kernels can read them in place from the memory-mapped file.
///
/// Every struct's size is its GGUF type size; static_asserts keep it so.
/// 16-bit fields are IEEE halves (see fp16.h). "32-blocks" hold 32 weights,
/// K-quant "super-blocks" hold 256 in 8 (Q4_K, Q5_K) or 16 (Q6_K) sub-blocks.

#include <cstdint>

namespace qiusuo::cpu {

inline constexpr int kBlock32 = 32;   ///< elements in a Q4_0..Q8_0 block
inline constexpr int kBlockK = 256;   ///< elements in a K-quant super-block

/// w[j] = d * (q[j] - 8); q[j] is the low nibble of qs[j] for j < 16, the high
/// nibble of qs[j-16] for j >= 16.
struct BlockQ4_0 {
    std::uint16_t d;
    std::uint8_t qs[16];
};

/// w[j] = d * q[j] + m, nibbles as in Q4_0.
struct BlockQ4_1 {
    std::uint16_t d;
    std::uint16_t m;
    std::uint8_t qs[16];
};

/// w[j] = d * (q[j] - 16); q[j] = nibble (as Q4_0) | bit j of qh (little endian) << 4.
struct BlockQ5_0 {
    std::uint16_t d;
    std::uint8_t qh[4];
    std::uint8_t qs[16];
};

/// w[j] = d * q[j] + m, q[j] as in Q5_0.
struct BlockQ5_1 {
    std::uint16_t d;
    std::uint16_t m;
    std::uint8_t qh[4];
    std::uint8_t qs[16];
};

/// w[j] = d * qs[j].
struct BlockQ8_0 {
    std::uint16_t d;
    std::int8_t qs[32];
};

/// 8 sub-blocks of 32 with 6-bit scale sc[s] and 6-bit min mn[s] packed in
/// `scales` (see unpackScalesK4): w = d*sc[s]*q - dmin*mn[s], q a 4-bit value.
/// Element 64*g + l (l < 32) is the low nibble of qs[32*g + l] (sub-block 2g),
/// element 64*g + 32 + l its high nibble (sub-block 2g+1).
struct BlockQ4_K {
    std::uint16_t d;
    std::uint16_t dmin;
    std::uint8_t scales[12];
    std::uint8_t qs[128];
};

/// As Q4_K with a fifth bit: element 64*g + l takes bit 2g of qh[l], element
/// 64*g + 32 + l bit 2g+1 of qh[l] (l < 32), q = nibble | bit << 4.
struct BlockQ5_K {
    std::uint16_t d;
    std::uint16_t dmin;
    std::uint8_t scales[12];
    std::uint8_t qh[32];
    std::uint8_t qs[128];
};

/// 16 sub-blocks of 16, w = d * scales[s] * (q - 32), q a 6-bit value. In each
/// half h (128 elements) and l < 32: elements 128h + l, +32, +64, +96 take the
/// low nibble of ql[64h + l], low nibble of ql[64h + 32 + l], high nibble of
/// ql[64h + l], high nibble of ql[64h + 32 + l]; their top two bits are bits
/// 0-1, 2-3, 4-5, 6-7 of qh[32h + l]. Sub-block s covers elements 16s..16s+15.
struct BlockQ6_K {
    std::uint8_t ql[128];
    std::uint8_t qh[64];
    std::int8_t scales[16];
    std::uint16_t d;
};

/// Activations quantized for the K-quant dot products: w = d * qs[j], with the
/// sums of each 16 consecutive qs kept to fold in the K-quant mins cheaply.
struct BlockQ8_K {
    float d;
    std::int8_t qs[256];
    std::int16_t bsums[16];
};

static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22 && sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ4_K) == 144 && sizeof(BlockQ5_K) == 176);
static_assert(sizeof(BlockQ6_K) == 210 && sizeof(BlockQ8_K) == 292);

/// The 6-bit scale and min of sub-block j (0..7) of a Q4_K/Q5_K block: for
/// j < 4 the low 6 bits of scales[j] and scales[j+4]; for j >= 4 the nibbles of
/// scales[j+4] with the top two bits of scales[j-4] and scales[j] above them.
inline void unpackScalesK4(const std::uint8_t* q, int j, int& sc, int& mn)
{
    if (j < 4) {
        sc = q[j] & 63;
        mn = q[j + 4] & 63;
    } else {
        sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        mn = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

} // namespace qiusuo::cpu
