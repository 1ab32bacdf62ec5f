// AVX2 rows-in-lanes prefill kernels for Q4_K, Q5_K and Q6_K (prefill_avx2.h).
// Compiled with -mavx2 -mfma -mf16c; only called from the AVX2 set.
#include "inference/cpu/prefill_avx2.h"

namespace qiusuo::cpu {

bool prefillTileK_avx2(gguf::GgmlType, const TileArgs&)
{
    return false;   // not yet: the row-at-a-time kernels take every tile
}

} // namespace qiusuo::cpu
