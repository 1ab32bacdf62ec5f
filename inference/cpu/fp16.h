#pragma once
/// @brief Conversions between F32 and the 16-bit float formats stored in
/// GGUF files: IEEE half (F16) and bfloat16 (BF16). Portable bit arithmetic,
/// exact for every input (F32 -> 16-bit rounds to nearest, ties to even).

#include <bit>
#include <cstdint>

namespace qiusuo::cpu {

/// IEEE binary16 -> binary32. Every half value is exactly representable.
inline float f16ToF32(std::uint16_t h)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    const std::uint32_t exp = (h >> 10) & 0x1fu;
    const std::uint32_t mant = h & 0x3ffu;
    std::uint32_t bits = 0;
    if (exp == 0x1f) {                 // inf / NaN: keep the payload
        bits = sign | 0x7f800000u | (mant << 13);
    } else if (exp != 0) {             // normal: rebias 15 -> 127
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    } else if (mant == 0) {            // signed zero
        bits = sign;
    } else {                           // subnormal: mant * 2^-24, exact in F32
        const float v = static_cast<float>(mant) * 5.9604644775390625e-8f;
        return (sign != 0u) ? -v : v;
    }
    return std::bit_cast<float>(bits);
}

/// binary32 -> binary16, round to nearest even; overflow gives +-inf, NaN stays NaN.
inline std::uint16_t f32ToF16(float f)
{
    const std::uint32_t x = std::bit_cast<std::uint32_t>(f);
    const std::uint16_t sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
    const std::uint32_t absx = x & 0x7fffffffu;
    if (absx >= 0x7f800000u)           // inf or NaN
        return static_cast<std::uint16_t>(sign | 0x7c00u | (absx > 0x7f800000u ? 0x200u : 0u));
    if (absx >= 0x477ff000u)           // rounds to >= 65520: overflow to inf
        return static_cast<std::uint16_t>(sign | 0x7c00u);
    if (absx < 0x38800000u) {          // below 2^-14: subnormal half (or zero)
        if (absx < 0x33000000u)        // below 2^-25: rounds to zero
            return sign;
        // value = m * 2^(e-150) with the implicit bit; half ulp is 2^-24.
        const std::uint32_t e = absx >> 23;
        const std::uint32_t m = (absx & 0x7fffffu) | 0x800000u;
        const std::uint32_t shift = 126u - e;          // 14..24: bits dropped = shift
        const std::uint32_t kept = m >> shift;
        const std::uint32_t rest = m & ((1u << shift) - 1u);
        const std::uint32_t half = 1u << (shift - 1u);
        const std::uint32_t rounded = kept + ((rest > half || (rest == half && (kept & 1u))) ? 1u : 0u);
        return static_cast<std::uint16_t>(sign | rounded);
    }
    // normal: rebias, drop 13 mantissa bits with round-to-nearest-even (a carry
    // into the exponent is the correct result).
    const std::uint32_t rebased = absx - (112u << 23);
    const std::uint32_t rest = rebased & 0x1fffu;
    std::uint32_t h = rebased >> 13;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u)))
        ++h;
    return static_cast<std::uint16_t>(sign | h);
}

/// bfloat16 -> binary32: the upper half of the F32 bit pattern.
inline float bf16ToF32(std::uint16_t b)
{
    return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

/// binary32 -> bfloat16, round to nearest even; NaN stays a (quiet) NaN.
inline std::uint16_t f32ToBf16(float f)
{
    const std::uint32_t x = std::bit_cast<std::uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u)
        return static_cast<std::uint16_t>((x >> 16) | 0x40u);
    const std::uint32_t rounding = 0x7fffu + ((x >> 16) & 1u);
    return static_cast<std::uint16_t>((x + rounding) >> 16);
}

} // namespace qiusuo::cpu
