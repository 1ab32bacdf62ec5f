// AVX2 rows-in-lanes prefill kernels for Q8_0, Q4_0 and Q5_0 (prefill_avx2.h).
// Compiled with -mavx2 -mfma -mf16c; only called from the AVX2 set.
#include "inference/cpu/prefill_avx2.h"

namespace qiusuo::cpu {

bool prefillTile32_avx2(gguf::GgmlType, const TileArgs&)
{
    return false;   // not yet: the row-at-a-time kernels take every tile
}

} // namespace qiusuo::cpu
