// AVX2 rows-in-lanes prefill for Q4_0 and Q5_0 (prefill4_avx2.h).
// Compiled with -mavx2 -mfma -mf16c; only called from the AVX2 set.
//
// Math (kernels.h): y[t][r] = sum over 32-blocks b of dw[r][b] * dx[t][b] *
// (sum_j q[r][b][j] * x[t][b][j] - off * sum_j x[t][b][j]), q the stored
// unsigned values (Q4_0: 0..15, off 8; Q5_0: 0..31, off 16), x the
// activation bytes (|x| <= 127); sum_j x is the quantizer's two 16-sums.
//
// The stored values are small and unsigned, so they go straight into
// _mm256_maddubs_epi16's unsigned operand, the activation bytes into its
// signed one, and the int16 pair sums (at most 2 * 15 * 127 = 3810, resp.
// 2 * 31 * 127 = 7874) can be added up in int16 for 8 (resp. 4) steps of 4
// columns before one vpmaddwd by ones widens them to int32: exact, no
// saturation. Per 32 multiply-adds of a group that is one maddubs and one
// 16-bit add (prefill32_avx2.cpp's int16 path, needed for Q8_0's 8-bit
// weights, takes two vpmaddwd and two vpaddd).
//
// Layout: lane r (0..7) of every weight vector belongs to row r of a group of
// 8 rows; for block b, q[j] lane r holds the stored values of columns
// 4j..4j+3 of row r (an 8x8 transpose of 32-bit words of the unpacked
// blocks), d the 8 rows' dw. A token's 4 bytes of columns 4j..4j+3 are
// broadcast to every lane. A register tile is 2 groups (16 rows) by 4
// tokens. As in prefill32_avx2.cpp the tile runs in chunks of 16 blocks:
// the chunk's activations are copied token by token (constant offsets for
// the register tile) with the offset terms -off * sum_j x as int32, each
// pair of groups is laid out once (9 KiB) and run against every token, and
// the F32 sums carry over from chunk to chunk. Each (row, token) sums its
// blocks in order in one F32 lane, whatever the tiling.
//
// Everything here has internal linkage and calls no inline function from a
// shared header (blocks.h structs only; prefill32tile_avx2.h, the tile layout
// shared with the other 32-block file, is included by AVX2 files only and is
// internal to each).
#include "inference/cpu/prefill4_avx2.h"

#include "inference/cpu/blocks.h"
#include "inference/cpu/prefill32tile_avx2.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace qiusuo::cpu {
namespace {

/// One 32-block of a group of 8 rows.
struct PackedNib {
    __m256i q[8];
    __m256 d;
};

/// The 32 stored 4-bit values of a block, in element order.
inline __m256i nibbles32(const std::uint8_t* qs)
{
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m256i both = _mm256_set_m128i(_mm_srli_epi16(bytes, 4), bytes);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
}

/// Byte j (0..31) = 0xFF where bit j of the 32-bit word is set.
inline __m256i bitsToBytes(std::uint32_t bits)
{
    const __m256i shuf = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                          2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(bits)), shuf);
    const __m256i bit = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ULL));
    return _mm256_cmpeq_epi8(_mm256_and_si256(v, bit), bit);
}

struct NibQ4_0 {
    using Block = BlockQ4_0;
    static constexpr int kOffset = 8;
    static constexpr int kSteps = 8;   // int16 steps before widening: 8 * 3810 fits
    static __m256i run(const Block& b) { return nibbles32(b.qs); }
};

struct NibQ5_0 {
    using Block = BlockQ5_0;
    static constexpr int kOffset = 16;
    static constexpr int kSteps = 4;   // 4 * 7874 fits, 8 would not
    static __m256i run(const Block& b)
    {
        std::uint32_t qh = 0;
        std::memcpy(&qh, b.qh, 4);
        return _mm256_or_si256(nibbles32(b.qs), _mm256_and_si256(bitsToBytes(qh), _mm256_set1_epi8(0x10)));
    }
};

constexpr std::int64_t kXToken = 32 * kChunkBlocks;   // a chunk's bytes per token
constexpr std::int64_t kSToken = kChunkBlocks;        // its block scalars per token

/// Blocks first..first+nb-1 of 8 rows (row i at rows[i]); block first + i
/// goes to out[i * step].
template <typename Unpack>
void packNib(const std::uint8_t* const rows[8], std::int64_t first, std::int64_t nb, std::int64_t step,
             PackedNib* out)
{
    using Block = typename Unpack::Block;
    for (std::int64_t i = 0; i < nb; ++i) {
        const Block* blk[8];
        __m256i v[8];
        for (int r = 0; r < 8; ++r) {
            blk[r] = reinterpret_cast<const Block*>(rows[r]) + first + i;
            _mm_prefetch(reinterpret_cast<const char*>(blk[r] + kChunkBlocks), _MM_HINT_T1);
            v[r] = Unpack::run(*blk[r]);
        }
        // 8x8 transpose of dwords: q[j] lane r = dword j of v[r].
        __m256i t[8], u[8];
        for (int p = 0; p < 4; ++p) {
            t[2 * p] = _mm256_unpacklo_epi32(v[2 * p], v[2 * p + 1]);
            t[2 * p + 1] = _mm256_unpackhi_epi32(v[2 * p], v[2 * p + 1]);
        }
        for (int h = 0; h < 2; ++h) {
            const __m256i* s = t + 4 * h;
            u[4 * h + 0] = _mm256_unpacklo_epi64(s[0], s[2]);
            u[4 * h + 1] = _mm256_unpackhi_epi64(s[0], s[2]);
            u[4 * h + 2] = _mm256_unpacklo_epi64(s[1], s[3]);
            u[4 * h + 3] = _mm256_unpackhi_epi64(s[1], s[3]);
        }
        PackedNib& p = out[i * step];
        for (int j = 0; j < 4; ++j) {
            p.q[j] = _mm256_permute2x128_si256(u[j], u[4 + j], 0x20);
            p.q[j + 4] = _mm256_permute2x128_si256(u[j], u[4 + j], 0x31);
        }
        const __m128i dh = _mm_setr_epi16(
            static_cast<short>(blk[0]->d), static_cast<short>(blk[1]->d), static_cast<short>(blk[2]->d),
            static_cast<short>(blk[3]->d), static_cast<short>(blk[4]->d), static_cast<short>(blk[5]->d),
            static_cast<short>(blk[6]->d), static_cast<short>(blk[7]->d));
        p.d = _mm256_cvtph_ps(dh);
    }
}

inline __m256i broadcast4(const std::int8_t* p)
{
    std::int32_t v = 0;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/// NG groups against NT tokens over nb blocks of a chunk, adding into
/// acc[k * NG + g]. Token k's bytes of block i are at x + kXToken * k + 32 * i,
/// its offset term at off[kSToken * k + i], its scale at dx[kSToken * k + i].
template <int NG, int NT, int kSteps>
void rowsNib(const PackedNib* p, const std::int8_t* x, const std::int32_t* off, const float* dx, std::int64_t nb,
             Acc8* accOut)
{
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[NG][NT];
    #pragma GCC unroll 4
    for (int g = 0; g < NG; ++g)
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[g][k] = accOut[k * NG + g].v;
    for (std::int64_t i = 0; i < nb; ++i, p += NG, x += 32, ++off, ++dx) {
        __m256i sum[NG][NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            const __m256i o = _mm256_set1_epi32(off[kSToken * k]);
            #pragma GCC unroll 4
            for (int g = 0; g < NG; ++g)
                sum[g][k] = o;
        }
        #pragma GCC unroll 1
        for (int h = 0; h < 8; h += kSteps) {
            __m256i s16[NG][NT];
            #pragma GCC unroll 4
            for (int g = 0; g < NG; ++g)
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k)
                    s16[g][k] = _mm256_setzero_si256();
            // Not unrolled: unrolled, GCC schedules all products first and spills.
            #pragma GCC unroll 1
            for (int j = h; j < h + kSteps; ++j) {
                __m256i xb[NT];
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k)
                    xb[k] = broadcast4(x + kXToken * k + 4 * j);
                #pragma GCC unroll 4
                for (int g = 0; g < NG; ++g) {
                    const __m256i w = p[g].q[j];
                    #pragma GCC unroll 8
                    for (int k = 0; k < NT; ++k)
                        s16[g][k] = _mm256_add_epi16(s16[g][k], _mm256_maddubs_epi16(w, xb[k]));
                }
            }
            #pragma GCC unroll 4
            for (int g = 0; g < NG; ++g)
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k)
                    sum[g][k] = _mm256_add_epi32(sum[g][k], _mm256_madd_epi16(s16[g][k], ones));
        }
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            const __m256 s = _mm256_broadcast_ss(dx + kSToken * k);
            #pragma GCC unroll 4
            for (int g = 0; g < NG; ++g)
                acc[g][k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[g][k]), _mm256_mul_ps(p[g].d, s), acc[g][k]);
        }
    }
    #pragma GCC unroll 4
    for (int g = 0; g < NG; ++g)
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            accOut[k * NG + g].v = acc[g][k];
}

template <int NG, int NT, int kSteps>
void someTokens(std::int64_t n, const PackedNib* p, const std::int8_t* x, const std::int32_t* off, const float* dx,
                std::int64_t nb, Acc8* acc)
{
    if (n == NT)
        rowsNib<NG, NT, kSteps>(p, x, off, dx, nb, acc);
    else if constexpr (NT > 1)
        someTokens<NG, NT - 1, kSteps>(n, p, x, off, dx, nb, acc);
}

template <int NG, int kSteps>
void allTokens(const PackedNib* p, const std::int8_t* x, const std::int32_t* off, const float* dx, std::int64_t nTok,
               std::int64_t nb, Acc8* acc)
{
    std::int64_t k = 0;
    for (; k + kTokens <= nTok; k += kTokens)
        rowsNib<NG, kTokens, kSteps>(p, x + kXToken * k, off + kSToken * k, dx + kSToken * k, nb, acc + k * NG);
    if (k < nTok)
        someTokens<NG, kTokens - 1, kSteps>(nTok - k, p, x + kXToken * k, off + kSToken * k, dx + kSToken * k, nb,
                                            acc + k * NG);
}

template <typename Unpack>
bool tileNibbles(const TileArgs& t)
{
    if (t.nTok < 2)   // decode stays on the row kernels (as for Q8_0)
        return false;
    const std::int64_t nb = t.cols / 32, nTok = t.nTok;
    thread_local std::vector<PackedNib> packed;
    thread_local std::vector<std::int8_t> chunkX;
    thread_local std::vector<std::int32_t> chunkOff;
    thread_local std::vector<float> chunkD;
    thread_local std::vector<Acc8> acc;
    const auto grow = [](auto& v, std::int64_t n) {
        if (v.size() < static_cast<std::size_t>(n))
            v.resize(static_cast<std::size_t>(n));
    };
    const std::int64_t nPairs = rowPairs(t);
    grow(packed, kRowGroups * kChunkBlocks);
    grow(chunkX, nTok * kXToken);
    grow(chunkOff, nTok * kSToken);
    grow(chunkD, nTok * kSToken);
    grow(acc, nPairs * kRowGroups * nTok);
    std::fill(acc.begin(), acc.begin() + nPairs * kRowGroups * nTok, Acc8{_mm256_setzero_ps()});
    const std::int8_t* q = t.a.q;
    const float* d = t.a.d;
    const std::int16_t* sums = t.a.sums;

    for (std::int64_t c = 0; c < nb; c += kChunkBlocks) {
        const std::int64_t n = std::min(kChunkBlocks, nb - c);
        for (std::int64_t k = 0; k < nTok; ++k) {
            const std::int8_t* src = q + k * t.a.qStride + 32 * c;
            for (std::int64_t off = 0; off < 32 * n; off += 64)
                _mm_prefetch(reinterpret_cast<const char*>(src + 4 * t.a.qStride + off), _MM_HINT_T0);
            std::memcpy(chunkX.data() + kXToken * k, src, static_cast<std::size_t>(32 * n));
            const std::int16_t* s = sums + k * t.a.sumStride + 2 * c;
            const float* dk = d + k * t.a.dStride + c;
            for (std::int64_t i = 0; i < n; ++i) {
                chunkOff[static_cast<std::size_t>(kSToken * k + i)] = -Unpack::kOffset * (s[2 * i] + s[2 * i + 1]);
                chunkD[static_cast<std::size_t>(kSToken * k + i)] = dk[i];
            }
        }
        for (std::int64_t pair = 0; pair < nPairs; ++pair) {
            const int ng = groupsIn(t, pair);
            for (int g = 0; g < ng; ++g) {
                const std::uint8_t* rows[8];
                groupRows(t, pair, g, rows);
                packNib<Unpack>(rows, c, n, ng, packed.data() + g);
            }
            Acc8* pairAcc = acc.data() + pair * kRowGroups * nTok;
            if (ng == 2)
                allTokens<2, Unpack::kSteps>(packed.data(), chunkX.data(), chunkOff.data(), chunkD.data(), nTok, n,
                                             pairAcc);
            else
                allTokens<1, Unpack::kSteps>(packed.data(), chunkX.data(), chunkOff.data(), chunkD.data(), nTok, n,
                                             pairAcc);
        }
    }
    storeSums(t, acc.data());
    return true;
}

} // namespace

bool prefillTileNibbles_avx2(gguf::GgmlType type, const TileArgs& t)
{
    switch (type) {
    case gguf::GgmlType::Q4_0: return tileNibbles<NibQ4_0>(t);
    case gguf::GgmlType::Q5_0: return tileNibbles<NibQ5_0>(t);
    default: return false;
    }
}

} // namespace qiusuo::cpu
