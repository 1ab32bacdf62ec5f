#pragma once
/// @brief The K-quant quantizers (internal; called through quantizeRow).

#include "inference/cpu/blocks.h"

#include <cstdint>

namespace qiusuo::cpu {

void quantizeQ4_K(const float* x, BlockQ4_K* b, std::int64_t nb);
void quantizeQ5_K(const float* x, BlockQ5_K* b, std::int64_t nb);
void quantizeQ6_K(const float* x, BlockQ6_K* b, std::int64_t nb);

} // namespace qiusuo::cpu
