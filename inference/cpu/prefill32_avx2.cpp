// AVX2 rows-in-lanes prefill kernels for Q8_0 (this file) and, through
// prefill4_avx2.cpp, Q4_0 and Q5_0 (prefill_avx2.h's prefillTile32_avx2).
// Compiled with -mavx2 -mfma -mf16c; only called from the AVX2 set.
//
// Math (kernels.h): y[t][r] = sum over 32-blocks b of dw[r][b] * dx[t][b] *
// sum_j w[r][b][j] * x[t][b][j], the inner sum exact in int32, with w the
// signed 8-bit weights (qs) and x the activation bytes (|x| <= 127).
//
// AVX2 has no vpdpbusd, and _mm256_maddubs_epi16 saturates its int16 pair
// sums (2 * 128 * 127 fits once, but two of them cannot be added in int16),
// so every maddubs needs a widening vpmaddwd anyway. Here the weights are
// widened to int16 once, while laying them out, and the products are plain
// vpmaddwd (int16 x int16, pairs summed into int32, exact):
//   lane r of madd(W, X) = w[r][k0] * x[k0] + w[r][k1] * x[k1].
// Per 32 multiply-adds that is two vpmaddwd and two vpaddd, no sign fix-up.
//
// Layout: lane r (0..7) of every weight vector belongs to row r of a group of
// 8 rows. For block b and j = 0..7 the group holds
//   a[j] lane r = (w[r][4j], w[r][4j+2]),  b[j] lane r = (w[r][4j+1], w[r][4j+3])
// as int16 pairs (an 8x8 transpose of 32-bit words, then the even and odd
// bytes of each word sign-extended), and d = the 8 rows' dw. The tokens'
// bytes are widened the same way (per block: the 8 even pairs, then the 8
// odd ones), so vpbroadcastd of a token's pair j matches a[j] (resp. b[j])
// in every lane. One block of
// a group against one token: 16 vpmaddwd + 16 vpaddd into an int32 vector of
// 8 row sums, then
//   acc += cvt(sum) * (d * dx)          (one cvt, one mul, one fmadd)
// A register tile is 2 groups (16 rows) by 4 tokens: 8 int32 sums, 4
// broadcasts and a weight vector in registers, the 8 F32 sums touched once a
// block (spilled; measured 8% faster than 2 x 3 with everything in
// registers, and as fast as 2 x 5); each weight vector loaded serves 4
// tokens, each broadcast 2 groups.
//
// The tile runs in chunks of 16 blocks (512 columns): the chunk's
// activations are widened once (token by token, 1 KiB each, so that a
// register tile finds its tokens at constant offsets), then each pair of
// groups is laid out (17 KiB, L1) and run against every token, the F32 sums
// of every row and token carried from chunk to chunk in a buffer. So the
// laying out and the widening cost one pass each per tile, and what the
// register tiles re-read stays in L1 and L2 however long the rows are.
//
// Each (row, token) sums its blocks in order in one F32 lane, whatever the
// tile's shape, so results do not depend on how tokens or rows are tiled.
// Everything here has internal linkage and calls no inline function from a
// shared header (blocks.h structs only; prefill32tile_avx2.h, the tile layout
// shared with the other 32-block file, is included by AVX2 files only and is
// internal to each).
#include "inference/cpu/blocks.h"
#include "inference/cpu/prefill4_avx2.h"
#include "inference/cpu/prefill_avx2.h"
#include "inference/cpu/prefill32tile_avx2.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace qiusuo::cpu {
namespace {

/// One 32-block of a group of 8 rows (see the layout above).
struct Packed8 {
    __m256i a[8];
    __m256i b[8];
    __m256 d;
};

// ---------------------------------------------------------------- packing

/// Sign-extended int16 pairs of a vector of bytes: dword j of `even` holds
/// bytes 4j and 4j+2, of `odd` bytes 4j+1 and 4j+3.
inline __m256i evenBytes(__m256i v)
{
    return _mm256_srai_epi16(_mm256_slli_epi16(v, 8), 8);
}

inline __m256i oddBytes(__m256i v)
{
    return _mm256_srai_epi16(v, 8);
}

/// Lays out blocks first..first+nb-1 of 8 rows (row i at rows[i]); block
/// first + i goes to out[i * step].
void pack8(const std::uint8_t* const rows[8], std::int64_t first, std::int64_t nb, std::int64_t step, Packed8* out)
{
    for (std::int64_t i = 0; i < nb; ++i) {
        const BlockQ8_0* blk[8];
        __m256i v[8];
        for (int r = 0; r < 8; ++r) {
            blk[r] = reinterpret_cast<const BlockQ8_0*>(rows[r]) + first + i;
            // The same rows' next chunk, read after the tile's other rows:
            // too many short runs for the hardware prefetcher.
            _mm_prefetch(reinterpret_cast<const char*>(blk[r] + kChunkBlocks), _MM_HINT_T1);
            v[r] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk[r]->qs));
        }
        // 8x8 transpose of dwords: o[j] lane r = dword j of v[r].
        __m256i t[8], u[8];
        for (int p = 0; p < 4; ++p) {
            t[2 * p] = _mm256_unpacklo_epi32(v[2 * p], v[2 * p + 1]);
            t[2 * p + 1] = _mm256_unpackhi_epi32(v[2 * p], v[2 * p + 1]);
        }
        for (int h = 0; h < 2; ++h) {   // rows 0-3, rows 4-7
            const __m256i* s = t + 4 * h;
            u[4 * h + 0] = _mm256_unpacklo_epi64(s[0], s[2]);   // dwords 0, 4
            u[4 * h + 1] = _mm256_unpackhi_epi64(s[0], s[2]);   // 1, 5
            u[4 * h + 2] = _mm256_unpacklo_epi64(s[1], s[3]);   // 2, 6
            u[4 * h + 3] = _mm256_unpackhi_epi64(s[1], s[3]);   // 3, 7
        }
        Packed8& p = out[i * step];
        for (int j = 0; j < 4; ++j) {
            const __m256i lo = _mm256_permute2x128_si256(u[j], u[4 + j], 0x20);   // dword j
            const __m256i hi = _mm256_permute2x128_si256(u[j], u[4 + j], 0x31);   // dword j + 4
            p.a[j] = evenBytes(lo);
            p.b[j] = oddBytes(lo);
            p.a[j + 4] = evenBytes(hi);
            p.b[j + 4] = oddBytes(hi);
        }
        // Inserted from the blocks: a vector load of eight 16-bit values
        // stored to a buffer would wait for the stores (no forwarding).
        const __m128i dh = _mm_setr_epi16(
            static_cast<short>(blk[0]->d), static_cast<short>(blk[1]->d), static_cast<short>(blk[2]->d),
            static_cast<short>(blk[3]->d), static_cast<short>(blk[4]->d), static_cast<short>(blk[5]->d),
            static_cast<short>(blk[6]->d), static_cast<short>(blk[7]->d));
        p.d = _mm256_cvtph_ps(dh);
    }
}

// ---------------------------------------------------------------- tiles

/// A chunk's widened activations: token k's at x + kXToken * k (32 int16
/// per block), its block scales at dx + kDToken * k.
constexpr std::int64_t kXToken = 32 * kChunkBlocks;
constexpr std::int64_t kDToken = kChunkBlocks;

/// Four bytes at p in every lane.
inline __m256i broadcast4(const std::int16_t* p)
{
    std::int32_t v = 0;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/// NG groups of 8 rows against NT tokens over nb blocks, adding into
/// acc[k * NG + g] (row group g, token k). Block i of group g is at
/// p[i * NG + g]; token k's widened block i at x + kXToken * k + 32 * i and
/// its scale at dx[kDToken * k + i] (the chunk layout), so every address in
/// a block is one base plus a constant.
template <int NG, int NT>
void rowsTile(const Packed8* p, const std::int16_t* x, const float* dx, std::int64_t nb, Acc8* accOut)
{
    __m256 acc[NG][NT];
    #pragma GCC unroll 4
    for (int g = 0; g < NG; ++g)
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[g][k] = accOut[k * NG + g].v;
    for (std::int64_t i = 0; i < nb; ++i, p += NG, x += 32, ++dx) {
        __m256i sum[NG][NT];
        #pragma GCC unroll 4
        for (int g = 0; g < NG; ++g)
            #pragma GCC unroll 8
            for (int k = 0; k < NT; ++k)
                sum[g][k] = _mm256_setzero_si256();
        // Not unrolled: unrolled, GCC schedules all products first and spills.
        #pragma GCC unroll 1
        for (int j = 0; j < 8; ++j) {
            __m256i xb[NT];
            #pragma GCC unroll 8
            for (int k = 0; k < NT; ++k)
                xb[k] = broadcast4(x + kXToken * k + 2 * j);
            #pragma GCC unroll 4
            for (int g = 0; g < NG; ++g)
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k)
                    sum[g][k] = _mm256_add_epi32(sum[g][k], _mm256_madd_epi16(p[g].a[j], xb[k]));
            #pragma GCC unroll 8
            for (int k = 0; k < NT; ++k)
                xb[k] = broadcast4(x + kXToken * k + 16 + 2 * j);
            #pragma GCC unroll 4
            for (int g = 0; g < NG; ++g)
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k)
                    sum[g][k] = _mm256_add_epi32(sum[g][k], _mm256_madd_epi16(p[g].b[j], xb[k]));
        }
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            const __m256 s = _mm256_broadcast_ss(dx + kDToken * k);
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

/// rowsTile<NG, n> for n (1..NT) tokens.
template <int NG, int NT>
void someTokens(std::int64_t n, const Packed8* p, const std::int16_t* x, const float* dx, std::int64_t nb, Acc8* acc)
{
    if (n == NT)
        rowsTile<NG, NT>(p, x, dx, nb, acc);
    else if constexpr (NT > 1)
        someTokens<NG, NT - 1>(n, p, x, dx, nb, acc);
}

/// Every token of the chunk against NG packed groups over nb blocks.
template <int NG>
void allTokens(const Packed8* p, const std::int16_t* x, const float* dx, std::int64_t nTok, std::int64_t nb,
               Acc8* acc)
{
    std::int64_t k = 0;
    for (; k + kTokens <= nTok; k += kTokens)
        rowsTile<NG, kTokens>(p, x + kXToken * k, dx + kDToken * k, nb, acc + k * NG);
    if (k < nTok)
        someTokens<NG, kTokens - 1>(nTok - k, p, x + kXToken * k, dx + kDToken * k, nb, acc + k * NG);
}

/// Decode (one token) stays on the row kernels, which stream each row once.
/// Every tile of two or more tokens comes here, so a token's result does not
/// depend on how a prompt is cut into chunks.
constexpr std::int64_t kMinTokens = 2;


bool tileRowsQ8_0(const TileArgs& t)
{
    if (t.nTok < kMinTokens)
        return false;
    const std::int64_t nb = t.cols / 32, nTok = t.nTok;
    thread_local std::vector<Packed8> packed;
    thread_local std::vector<std::int16_t> wideX;
    thread_local std::vector<float> wideD;
    thread_local std::vector<Acc8> acc;
    const auto grow = [](auto& v, std::int64_t n) {
        if (v.size() < static_cast<std::size_t>(n))
            v.resize(static_cast<std::size_t>(n));
    };
    const std::int64_t nPairs = rowPairs(t);
    grow(packed, kRowGroups * kChunkBlocks);
    grow(wideX, nTok * kXToken);
    grow(wideD, nTok * kDToken);
    const std::int8_t* q = t.a.q;
    const float* d = t.a.d;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride;
    grow(acc, nPairs * kRowGroups * nTok);
    std::fill(acc.begin(), acc.begin() + nPairs * kRowGroups * nTok, Acc8{_mm256_setzero_ps()});

    for (std::int64_t c = 0; c < nb; c += kChunkBlocks) {
        const std::int64_t n = std::min(kChunkBlocks, nb - c);
        // The chunk's activations, widened token by token (reads and writes
        // in order; a block-major layout read 64 rows at once and stalled).
        for (std::int64_t k = 0; k < nTok; ++k) {
            const std::int8_t* src = q + k * qs + 32 * c;
            std::int16_t* dst = wideX.data() + kXToken * k;
            // Four tokens ahead: the quantizer's threads left the bytes in
            // other cores' caches, and each token's run is too short for the
            // hardware prefetcher.
            for (std::int64_t off = 0; off < 32 * n; off += 64)
                _mm_prefetch(reinterpret_cast<const char*>(src + 4 * qs + off), _MM_HINT_T0);
            for (std::int64_t i = 0; i < n; ++i) {
                const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 32 * i));
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 32 * i), evenBytes(v));
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 32 * i + 16), oddBytes(v));
            }
            float* dxk = wideD.data() + kDToken * k;
            const float* dk = d + k * ds + c;
            if (n == kChunkBlocks) {   // (std::memcpy became a slow rep movs)
                _mm256_storeu_ps(dxk, _mm256_loadu_ps(dk));
                _mm256_storeu_ps(dxk + 8, _mm256_loadu_ps(dk + 8));
            } else {
                for (std::int64_t i = 0; i < n; ++i)
                    dxk[i] = dk[i];
            }
        }
        for (std::int64_t pair = 0; pair < nPairs; ++pair) {
            const int ng = groupsIn(t, pair);
            for (int g = 0; g < ng; ++g) {
                const std::uint8_t* rows[8];
                groupRows(t, pair, g, rows);
                pack8(rows, c, n, ng, packed.data() + g);
            }
            Acc8* pairAcc = acc.data() + pair * kRowGroups * nTok;
            if (ng == 2)
                allTokens<2>(packed.data(), wideX.data(), wideD.data(), nTok, n, pairAcc);
            else
                allTokens<1>(packed.data(), wideX.data(), wideD.data(), nTok, n, pairAcc);
        }
    }
    storeSums(t, acc.data());
    return true;
}

} // namespace

bool prefillTile32_avx2(gguf::GgmlType type, const TileArgs& t)
{
    switch (type) {
    case gguf::GgmlType::Q8_0: return tileRowsQ8_0(t);
    case gguf::GgmlType::Q4_0:
    case gguf::GgmlType::Q5_0: return prefillTileNibbles_avx2(type, t);
    default: return false;
    }
}

} // namespace qiusuo::cpu
