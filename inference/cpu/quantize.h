#pragma once
/// @brief F32 rows to GGUF storage types: the quantizers behind
/// `qiusuo-cli quantize` (and the tests' round trips).
///
/// Q8_0, Q4_0 and Q5_0 use one scale per 32 values, chosen from the block's
/// largest magnitude. The K-quants (Q4_K, Q5_K: 8 sub-blocks of 32 with a
/// scale and a min; Q6_K: 16 sub-blocks of 16 with a scale) search, per
/// sub-block, the scale (and min) that minimise a weighted squared error, then
/// quantize those to 6 or 8 bits and re-fit the values to them, the approach
/// of llama.cpp's reference quantizers. The output is byte-compatible with
/// llama.cpp's formats.

#include "inference/gguf/ggmltype.h"

#include <cstdint>

namespace qiusuo::cpu {

/// Whether quantizeRow can produce `type`: F32, F16, BF16, Q8_0, Q4_0, Q5_0,
/// Q4_K, Q5_K, Q6_K.
bool canQuantize(gguf::GgmlType type);

/// Writes `n` values (a multiple of the type's block size) as blocks of
/// `type` to `dst` (n / blockSize * typeSize bytes). Throws qiusuo::Error for
/// a type it cannot produce or a bad count.
void quantizeRow(gguf::GgmlType type, const float* src, void* dst, std::int64_t n);

} // namespace qiusuo::cpu
