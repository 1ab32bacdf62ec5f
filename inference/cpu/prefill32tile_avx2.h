#pragma once
/// @brief The tile layout that prefill32_avx2.cpp (Q8_0) and prefill4_avx2.cpp
/// (Q4_0, Q5_0) share: register tiles of two groups of 8 rows, chunks of 16
/// blocks, F32 sums per group and token carried across chunks.
///
/// Included only by those two files, which are compiled with the same AVX2
/// flags; everything here is in an unnamed namespace, so no copy of these
/// functions can reach another translation unit.
#include "inference/cpu/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace qiusuo::cpu {
namespace {

constexpr std::int64_t kChunkBlocks = 16;   // blocks of a chunk (512 columns)
constexpr int kRowGroups = 2;               // groups of 8 rows in a register tile
constexpr int kTokens = 4;                  // tokens in a register tile

/// Eight rows' F32 sums for one token (a vector in a std::vector).
struct Acc8 {
    __m256 v;
};

/// Pairs of groups (16 rows) covering the tile's rows.
inline std::int64_t rowPairs(const TileArgs& t)
{
    return (t.nRows + 8 * kRowGroups - 1) / (8 * kRowGroups);
}

/// Groups in pair `pair`: 2, or 1 when the tile's last rows fit one group.
inline int groupsIn(const TileArgs& t, std::int64_t pair)
{
    const std::int64_t r = 8 * kRowGroups * pair;
    return static_cast<int>(std::min<std::int64_t>(kRowGroups, (t.nRows - r + 7) / 8));
}

/// The 8 rows of group g of pair `pair`; a short last group repeats its last
/// row in the dead lanes (their sums are never stored).
inline void groupRows(const TileArgs& t, std::int64_t pair, int g, const std::uint8_t* rows[8])
{
    const std::int64_t r = 8 * kRowGroups * pair + 8 * g;
    for (int i = 0; i < 8; ++i)
        rows[i] = t.w + static_cast<std::size_t>(std::min(r + i, t.nRows - 1)) * t.rowBytes;
}

/// Writes the sums (acc: [pair][token][group]) of the live rows to y.
inline void storeSums(const TileArgs& t, const Acc8* acc)
{
    const std::int64_t nTok = t.nTok;
    for (std::int64_t pair = 0; pair < rowPairs(t); ++pair) {
        const std::int64_t r = 8 * kRowGroups * pair;
        const int ng = groupsIn(t, pair);
        const std::int64_t live = std::min<std::int64_t>(8 * ng, t.nRows - r);
        const Acc8* pairAcc = acc + pair * kRowGroups * nTok;
        for (std::int64_t k = 0; k < nTok; ++k)
            std::memcpy(t.y + k * t.yStride + r, reinterpret_cast<const float*>(pairAcc + k * ng),
                        static_cast<std::size_t>(live) * sizeof(float));
    }
}

} // namespace
} // namespace qiusuo::cpu
