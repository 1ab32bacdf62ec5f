#pragma once
/// @brief AVX2 rows-in-lanes prefill for the nibble types Q4_0 and Q5_0
/// (internal to the AVX2 set; prefill32_avx2.cpp hands them their tiles).
#include "inference/cpu/kernels.h"

namespace qiusuo::cpu {

/// Q4_0 or Q5_0 tiles of two or more tokens: true when the tile was
/// computed, false when it is left to the caller (other types, one token).
bool prefillTileNibbles_avx2(gguf::GgmlType type, const TileArgs& t);

} // namespace qiusuo::cpu
