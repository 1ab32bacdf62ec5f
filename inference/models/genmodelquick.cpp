#include "inference/models/genmodelquick.h"

#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/error.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>

namespace qiusuo::models {

namespace {

using gguf::GgmlType;

/// `n` random bytes, eight from each draw, low byte first (the same bytes
/// on every host).
void randomBytes(sampling::Xoshiro256& rng, std::uint8_t* p, std::size_t n)
{
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const std::uint64_t r = rng.next();
        for (int b = 0; b < 8; ++b)
            p[i + b] = static_cast<std::uint8_t>(r >> (8 * b));
    }
    if (i < n) {
        std::uint64_t r = rng.next();
        for (; i < n; ++i, r >>= 8)
            p[i] = static_cast<std::uint8_t>(r);
    }
}

/// Standard deviation of a code uniform over `levels` consecutive integers.
double uniformSd(double levels) { return std::sqrt((levels * levels - 1) / 12); }

/// RMS of a sub-block scale uniform over [lo, lo + 2^bits).
double scaleRms(int lo, int bits)
{
    const double levels = std::ldexp(1.0, bits);
    const double mean = lo + (levels - 1) / 2;
    return std::sqrt(mean * mean + (levels * levels - 1) / 12);
}

/// The per-block jitter: 16 random bits to a factor in [0.75, 1.25), whose
/// RMS (sqrt(1 + 1/48)) the base scale divides out.
float jitter(std::uint64_t bits16)
{
    return static_cast<float>((0.75 + 0.5 * static_cast<double>(bits16 & 0xffff) / 65536.0) /
                              std::sqrt(1.0 + 1.0 / 48.0));
}

template <typename Block>
void store(std::uint8_t* dst, std::int64_t index, const Block& b)
{
    std::memcpy(dst + static_cast<std::size_t>(index) * sizeof(Block), &b, sizeof(Block));
}

void fillFloat(GgmlType type, sampling::Xoshiro256& rng, float sigma, std::uint8_t* dst, std::int64_t n)
{
    // Uniform with standard deviation sigma: half-width sigma*sqrt(3).
    const float scale = sigma * std::sqrt(3.0f) / 32768.0f;
    std::uint64_t r = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        if (i % 4 == 0)
            r = rng.next();
        const float v = (static_cast<float>((r >> (16 * (i % 4))) & 0xffff) - 32767.5f) * scale;
        if (type == GgmlType::F32) {
            std::memcpy(dst + 4 * i, &v, 4);
        } else {
            const std::uint16_t h = cpu::f32ToF16(v);
            std::memcpy(dst + 2 * i, &h, 2);
        }
    }
}

/// Q5_0, Q8_0: one f16 d per 32 codes, codes all random bytes.
template <typename Block>
void fill32(sampling::Xoshiro256& rng, float base, std::uint8_t* dst, std::int64_t blocks)
{
    for (std::int64_t i = 0; i < blocks; ++i) {
        Block b;
        b.d = cpu::f32ToF16(base * jitter(rng.next()));
        randomBytes(rng, reinterpret_cast<std::uint8_t*>(&b) + 2, sizeof(Block) - 2);
        store(dst, i, b);
    }
}

/// Q4_K and Q5_K: 8 sub-block scales of 16 + 4 random bits (their mins equal
/// to them), packed as unpackScalesK4 reads them; dmin = d * qmax / 2.
template <typename Block>
void fillK45(sampling::Xoshiro256& rng, float base, float halfRange, std::uint8_t* dst, std::int64_t blocks)
{
    for (std::int64_t i = 0; i < blocks; ++i) {
        const std::uint64_t r = rng.next();
        Block b;
        const float d = base * jitter(r);
        b.d = cpu::f32ToF16(d);
        b.dmin = cpu::f32ToF16(cpu::f16ToF32(b.d) * halfRange);
        int sc[8];
        for (int j = 0; j < 8; ++j)
            sc[j] = 16 + static_cast<int>((r >> (16 + 4 * j)) & 15);
        std::memset(b.scales, 0, sizeof b.scales);
        for (int j = 0; j < 4; ++j) {
            b.scales[j] = static_cast<std::uint8_t>(sc[j] | ((sc[j + 4] >> 4) << 6));
            b.scales[j + 4] = static_cast<std::uint8_t>(sc[j] | ((sc[j + 4] >> 4) << 6));
            b.scales[j + 8] = static_cast<std::uint8_t>((sc[j + 4] & 15) | ((sc[j + 4] & 15) << 4));
        }
        const std::size_t codes = sizeof(Block) - offsetof(Block, scales) - sizeof b.scales;
        randomBytes(rng, reinterpret_cast<std::uint8_t*>(&b) + sizeof(Block) - codes, codes);
        store(dst, i, b);
    }
}

/// Q6_K: 16 int8 sub-block scales of 8 + 3 random bits.
void fillQ6K(sampling::Xoshiro256& rng, float base, std::uint8_t* dst, std::int64_t blocks)
{
    for (std::int64_t i = 0; i < blocks; ++i) {
        const std::uint64_t r = rng.next();
        cpu::BlockQ6_K b;
        b.d = cpu::f32ToF16(base * jitter(r));
        for (int j = 0; j < 16; ++j)
            b.scales[j] = static_cast<std::int8_t>(8 + ((r >> (16 + 3 * j)) & 7));
        randomBytes(rng, b.ql, sizeof b.ql);
        randomBytes(rng, b.qh, sizeof b.qh);
        store(dst, i, b);
    }
}

} // namespace

bool canFillQuick(gguf::GgmlType type)
{
    switch (type) {
    case GgmlType::F32:
    case GgmlType::F16:
    case GgmlType::Q5_0:
    case GgmlType::Q8_0:
    case GgmlType::Q4_K:
    case GgmlType::Q5_K:
    case GgmlType::Q6_K: return true;
    default: return false;
    }
}

void fillQuickRow(gguf::GgmlType type, sampling::Xoshiro256& rng, float sigma, std::uint8_t* dst, std::int64_t n)
{
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    if (!canFillQuick(type) || !traits)
        throw Error("gen-model --quick cannot write tensors of type " +
                    std::string(traits ? traits->name : std::string_view("unknown")));
    if (n <= 0 || n % traits->blockSize != 0)
        throw Error("gen-model --quick: a row of " + std::to_string(n) + " values is not whole " +
                    std::string(traits->name) + " blocks");
    const std::int64_t blocks = n / traits->blockSize;
    const auto base = [sigma](double codeSd) { return static_cast<float>(sigma / codeSd); };
    switch (type) {
    case GgmlType::F32:
    case GgmlType::F16: fillFloat(type, rng, sigma, dst, n); return;
    case GgmlType::Q5_0: fill32<cpu::BlockQ5_0>(rng, base(uniformSd(32)), dst, blocks); return;
    case GgmlType::Q8_0: fill32<cpu::BlockQ8_0>(rng, base(uniformSd(256)), dst, blocks); return;
    case GgmlType::Q4_K:
        fillK45<cpu::BlockQ4_K>(rng, base(uniformSd(16) * scaleRms(16, 4)), 7.5f, dst, blocks);
        return;
    case GgmlType::Q5_K:
        fillK45<cpu::BlockQ5_K>(rng, base(uniformSd(32) * scaleRms(16, 4)), 15.5f, dst, blocks);
        return;
    case GgmlType::Q6_K: fillQ6K(rng, base(uniformSd(64) * scaleRms(8, 3)), dst, blocks); return;
    default: return;
    }
}

} // namespace qiusuo::models
