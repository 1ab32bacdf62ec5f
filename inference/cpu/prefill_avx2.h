#pragma once
/// @brief AVX2 prefill kernels that put several weight rows in a vector's
/// lanes (internal to the AVX2 kernel set).
///
/// The AVX2 set's tiles ask these first; they take a tile when it has enough
/// tokens to pay for laying the rows out once, and leave decode (one token)
/// and short tiles to the row-at-a-time kernels of kernels_avx2.cpp.
#include "inference/cpu/kernels.h"

namespace qiusuo::cpu {

/// Q4_K, Q5_K and Q6_K: true when the tile was computed, false when it is
/// left to the caller (type not covered, or too few tokens).
bool prefillTileK_avx2(gguf::GgmlType type, const TileArgs& t);

/// Q8_0, Q4_0 and Q5_0, the same contract.
bool prefillTile32_avx2(gguf::GgmlType type, const TileArgs& t);

} // namespace qiusuo::cpu
