#pragma once
/// @brief gen-model's --quick fill: a row of a tensor written straight from
/// random bits in its storage format, with no float weights and no
/// quantizer's scale search (which takes minutes on a 7B shape).
///
/// Quant codes are uniform random; each block's f16 scale is chosen so the
/// dequantized weights have a standard deviation near `sigma` (the spread of
/// the float path) and stay finite: every d and dmin is a normal, finite
/// half. Per format (q the stored code, s a sub-block scale):
///   - F32/F16: uniform in [-sigma*sqrt(3), sigma*sqrt(3)), four values a draw.
///   - Q8_0: w = d*q, q uniform in [-128, 127] (sd 73.9).
///   - Q5_0: w = d*(q-16), q uniform in [0, 31] (sd 9.23).
///   - Q4_K/Q5_K: w = d*s*q - dmin*m with the min m equal to s and
///     dmin = (qmax/2)*d, so each sub-block is centred on zero; s in [16, 31].
///   - Q6_K: w = d*s*(q-32), q uniform in [0, 63] (sd 18.5), s in [8, 15].
/// Each block's d varies by up to 25% around its base, as real files' do.

#include "inference/gguf/ggmltype.h"
#include "inference/sampling/xoshiro256.h"

#include <cstdint>

namespace qiusuo::models {

/// Whether fillQuickRow can write `type`.
bool canFillQuick(gguf::GgmlType type);

/// Writes one row of `n` values (a multiple of the type's block size) of
/// `type` to `dst`, drawing every random bit from `rng`. Throws qiusuo::Error
/// for a type it cannot write.
void fillQuickRow(gguf::GgmlType type, sampling::Xoshiro256& rng, float sigma, std::uint8_t* dst, std::int64_t n);

} // namespace qiusuo::models
