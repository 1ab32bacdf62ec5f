// AVX2 rows-in-lanes prefill kernels for Q4_K, Q5_K and Q6_K (prefill_avx2.h).
// Compiled with -mavx2 -mfma -mf16c; only called from the AVX2 set, and it
// uses no AVX-512 instruction (AVX2-only CPUs such as AMD's Zen 2/3 run it).
//
// Math (kernels.h), per row r, token t and super-block i of 256 values:
//   Q4_K, Q5_K: y += dx * (d * sum_s sc_s * D_s - dmin * sum_s mn_s * (bsum_2s + bsum_2s+1))
//   Q6_K:       y += dx * d * (sum_s sc_s * D_s - 32 * sum_s sc_s * bsum_s)
// where D_s is the integer dot product of sub-block s's unsigned values
// (Q4_K 0..15, Q5_K 0..31, Q6_K 0..63; 8 sub-blocks of 32, or 16 of 16 for
// Q6_K) with the token's int8 activations (|x| <= 127), and bsum_j the
// activations' sums of 16 that the quantizer gives. Every integer sum is
// exact, as in the portable kernel; only the F32 scaling order differs.
//
// Layout: each group of 16 weight rows is laid out once per tile (PackedK,
// 5.6 KiB per super-block; 8x8 dword transposes of the rows' bytes) with one
// row per 32-bit lane: "step" j is one ymm per 8-row half holding values
// 4j..4j+3 of each of its rows. A token's four matching activation bytes are
// broadcast to every lane, and _mm256_maddubs_epi16 (unsigned weights x
// signed activations) gives each lane two int16 sums of pairs. Several steps
// are added in int16 before one _mm256_madd_epi16 by the sub-block scale
// (held in both 16-bit halves of the lane) widens to int32 and adds the
// halves; the group of steps is the most that cannot overflow int16:
//   Q4_K: a pair is at most 2 * 15 * 127 = 3810, 8 steps (a whole sub-block)
//         30480 < 32767: 2 ops (maddubs + add) per 32 products, against 3
//         (maddubs, madd, add) in the row-at-a-time kernel;
//   Q5_K: 2 * 31 * 127 = 7874, 4 steps 31496;
//   Q6_K: 2 * 63 * 127 = 16002, 2 steps 32004.
// The mins (Q4_K, Q5_K) and Q6_K's -32 offset come from one madd per pair of
// activation sums against packed per-lane factors (corr): Q6_K's sums of 16
// as the quantizer gives them (8 pairs), Q4_K/Q5_K's sums of 32 (4 pairs,
// minSums, formed once per tile).
//
// Register tile: both 8-row halves by 3 tokens: 2 weight ymm per step, 6
// int16 step sums, 6 int32 super-block sums, a broadcast and a product fill
// the 16 ymm registers (4 tokens spill and measured no faster; 2 tokens, or
// one half by 6 tokens, slower). The F32 sums of each token stay in a small
// per-tile buffer (Sums16) so that short last groups store only their live
// rows. Measured on this Xeon, one thread, 1536 or 8960 columns: ~200 GFLOP/s
// on Q4_K tiles of 93 tokens, ~160 on tiles of 16 (the packing is paid per
// tile), against ~70-80 for the row-at-a-time kernel.
#include "inference/cpu/blocks.h"
#include "inference/cpu/prefill_avx2.h"

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <vector>

namespace qiusuo::cpu {
namespace {

enum class Kind { Q4K, Q5K, Q6K };

/// A token's F32 sums of a group's 16 rows.
struct alignas(32) Sums16 {
    float v[16];
};

/// One super-block of 16 rows; [h] is the 8-row half h, lane l = row 8h + l.
/// Dead lanes of a short group are zero.
struct PackedK {
    __m256i q[64][2];     ///< step j: values 4j..4j+3 of each row, one byte each
    __m256i sc[16][2];    ///< sub-block s's scale in both 16-bit halves (Q4_K/Q5_K: s < 8)
    __m256i corr[8][2];   ///< factors of activation-sum pair p in the two 16-bit halves (Q4_K/Q5_K: p < 4)
    __m256 d[2];          ///< d
    __m256 negDmin[2];    ///< -dmin (Q4_K, Q5_K)
};

/// Moves bit n (0..7) of every byte to bit 4 (other bits: don't care; a
/// shift of at most 4 keeps bit 4 of each byte from its own byte).
inline __m256i bitToFour(__m256i v, int n)
{
    return n <= 4 ? _mm256_slli_epi32(v, 4 - n) : _mm256_srli_epi32(v, n - 4);
}

/// x in both 16-bit halves of each 32-bit lane (x's low 16 bits).
inline __m256i dup16(__m256i x)
{
    return _mm256_or_si256(_mm256_and_si256(x, _mm256_set1_epi32(0xFFFF)), _mm256_slli_epi32(x, 16));
}

/// out[j] = dword j of the 16 bytes at `offset` of each of 8 rows (dead rows
/// zero): rows r and r+4 share a ymm, then 4x4 transposes in each half.
inline void rowsToLanes4(const std::uint8_t* b0, std::size_t rowBytes, int nr, std::size_t offset, __m256i out[4])
{
    auto load = [&](int row) {
        return row < nr ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(b0 + static_cast<std::size_t>(row) * rowBytes + offset))
                        : _mm_setzero_si128();
    };
    __m256i v[4];
    for (int r = 0; r < 4; ++r)
        v[r] = _mm256_set_m128i(load(r + 4), load(r));
    const __m256i t0 = _mm256_unpacklo_epi32(v[0], v[1]), t1 = _mm256_unpackhi_epi32(v[0], v[1]);
    const __m256i t2 = _mm256_unpacklo_epi32(v[2], v[3]), t3 = _mm256_unpackhi_epi32(v[2], v[3]);
    out[0] = _mm256_unpacklo_epi64(t0, t2);
    out[1] = _mm256_unpackhi_epi64(t0, t2);
    out[2] = _mm256_unpacklo_epi64(t1, t3);
    out[3] = _mm256_unpackhi_epi64(t1, t3);
}

/// out[j] = dword j of the 32 bytes at `offset` of each of 8 rows (dead rows
/// zero): two of the 16-byte transposes above, which take 2 shuffles per
/// output against 3 for an 8x8 transpose of whole ymm rows (shuffles are
/// what packing waits on; the 128-bit inserts run on other ports).
inline void rowsToLanes(const std::uint8_t* b0, std::size_t rowBytes, int nr, std::size_t offset, __m256i out[8])
{
    rowsToLanes4(b0, rowBytes, nr, offset, out);
    rowsToLanes4(b0, rowBytes, nr, offset + 16, out + 4);
}

/// Eight F16 values, one from each row at `offset` (dead rows zero), as F32.
inline __m256 halves8(const std::uint8_t* b0, std::size_t rowBytes, int nr, std::size_t offset)
{
    alignas(16) std::uint16_t h[8];
    for (int r = 0; r < 8; ++r) {
        h[r] = 0;
        if (r < nr)
            std::memcpy(&h[r], b0 + static_cast<std::size_t>(r) * rowBytes + offset, 2);
    }
    return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(h)));
}

/// Lays out half h (nr live rows from b0, each at its super-block) of a Q4_K
/// or Q5_K super-block.
template <typename Block>
void packK4(const std::uint8_t* b0, std::size_t rowBytes, int nr, PackedK& p, int h)
{
    constexpr bool five = std::is_same_v<Block, BlockQ5_K>;
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i byte = _mm256_set1_epi32(0xFF);
    __m256i qh[8];
    if constexpr (five)
        rowsToLanes(b0, rowBytes, nr, offsetof(BlockQ5_K, qh), qh);
    // qs dword 8g + m: low nibbles are elements 64g + 4m.. (sub-block 2g,
    // step 16g + m), high nibbles elements 64g + 32 + 4m.. (step 16g + 8 + m);
    // Q5_K's fifth bits are bits 2g and 2g+1 of qh dword m.
    for (int g = 0; g < 4; ++g) {
        __m256i raw[8];
        rowsToLanes(b0, rowBytes, nr, offsetof(Block, qs) + 32 * static_cast<std::size_t>(g), raw);
        for (int m = 0; m < 8; ++m) {
            __m256i lo = _mm256_and_si256(raw[m], low4);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi32(raw[m], 4), low4);
            if constexpr (five) {
                const __m256i bit = _mm256_set1_epi8(0x10);
                lo = _mm256_or_si256(lo, _mm256_and_si256(bitToFour(qh[m], 2 * g), bit));
                hi = _mm256_or_si256(hi, _mm256_and_si256(bitToFour(qh[m], 2 * g + 1), bit));
            }
            p.q[16 * g + m][h] = lo;
            p.q[16 * g + 8 + m][h] = hi;
        }
    }
    // The 6-bit scales and mins as in the AVX2 set's scalesK4, per lane (the
    // 16 bytes read are the 12 scale bytes and 4 of what follows).
    __m256i u[4];
    rowsToLanes4(b0, rowBytes, nr, offsetof(Block, scales), u);
    const __m256i six = _mm256_set1_epi32(0x3F3F3F3F), nib = _mm256_set1_epi32(0x0F0F0F0F);
    const __m256i top = _mm256_set1_epi32(0x30303030);
    const __m256i scLo = _mm256_and_si256(u[0], six);
    const __m256i mnLo = _mm256_and_si256(u[1], six);
    const __m256i scHi = _mm256_or_si256(_mm256_and_si256(u[2], nib), _mm256_and_si256(_mm256_srli_epi32(u[0], 2), top));
    const __m256i mnHi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(u[2], 4), nib),
                                         _mm256_and_si256(_mm256_srli_epi32(u[1], 2), top));
    for (int k = 0; k < 4; ++k) {
        const int shift = 8 * k;
        p.sc[k][h] = dup16(_mm256_and_si256(_mm256_srli_epi32(scLo, shift), byte));
        p.sc[4 + k][h] = dup16(_mm256_and_si256(_mm256_srli_epi32(scHi, shift), byte));
    }
    // Pairs of mins (0, 2), (1, 3), (4, 6), (5, 7) in the two 16-bit halves
    // (mnLo holds mins 0-3, mnHi 4-7), against the activations' sums of 32
    // laid out in the same order (minSums).
    const __m256i evenBytes = _mm256_set1_epi32(0x00FF00FF);
    p.corr[0][h] = _mm256_and_si256(mnLo, evenBytes);
    p.corr[1][h] = _mm256_and_si256(_mm256_srli_epi32(mnLo, 8), evenBytes);
    p.corr[2][h] = _mm256_and_si256(mnHi, evenBytes);
    p.corr[3][h] = _mm256_and_si256(_mm256_srli_epi32(mnHi, 8), evenBytes);
    p.d[h] = halves8(b0, rowBytes, nr, offsetof(Block, d));
    p.negDmin[h] = _mm256_sub_ps(_mm256_setzero_ps(), halves8(b0, rowBytes, nr, offsetof(Block, dmin)));
}

/// The same for Q6_K.
void packQ6K(const std::uint8_t* b0, std::size_t rowBytes, int nr, PackedK& p, int h)
{
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i two = _mm256_set1_epi8(0x30);
    // blocks.h: in half hb, element 128hb + 32c + l takes a nibble of
    // ql[64hb + 32(c&1) + l] (high for c >= 2) and bits 2c..2c+1 of qh[32hb + l].
    for (int hb = 0; hb < 2; ++hb) {
        __m256i a[8], c[8], hi[8];
        rowsToLanes(b0, rowBytes, nr, offsetof(BlockQ6_K, ql) + 64 * static_cast<std::size_t>(hb), a);
        rowsToLanes(b0, rowBytes, nr, offsetof(BlockQ6_K, ql) + 64 * static_cast<std::size_t>(hb) + 32, c);
        rowsToLanes(b0, rowBytes, nr, offsetof(BlockQ6_K, qh) + 32 * static_cast<std::size_t>(hb), hi);
        for (int m = 0; m < 8; ++m) {
            const int j = 32 * hb + m;
            p.q[j][h] = _mm256_or_si256(_mm256_and_si256(a[m], low4), _mm256_and_si256(_mm256_slli_epi32(hi[m], 4), two));
            p.q[j + 8][h] = _mm256_or_si256(_mm256_and_si256(c[m], low4), _mm256_and_si256(_mm256_slli_epi32(hi[m], 2), two));
            p.q[j + 16][h] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(a[m], 4), low4), _mm256_and_si256(hi[m], two));
            p.q[j + 24][h] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(c[m], 4), low4),
                                             _mm256_and_si256(_mm256_srli_epi32(hi[m], 2), two));
        }
    }
    __m256i v[4];
    rowsToLanes4(b0, rowBytes, nr, offsetof(BlockQ6_K, scales), v);
    __m256i scale[16];
    for (int j = 0; j < 4; ++j)
        for (int k = 0; k < 4; ++k)   // byte k, sign-extended
            scale[4 * j + k] = _mm256_srai_epi32(_mm256_slli_epi32(v[j], 24 - 8 * k), 24);
    for (int k = 0; k < 16; ++k)
        p.sc[k][h] = dup16(scale[k]);
    for (int pr = 0; pr < 8; ++pr)
        p.corr[pr][h] = _mm256_or_si256(_mm256_and_si256(scale[2 * pr], _mm256_set1_epi32(0xFFFF)),
                                        _mm256_slli_epi32(scale[2 * pr + 1], 16));
    p.d[h] = halves8(b0, rowBytes, nr, offsetof(BlockQ6_K, d));
    p.negDmin[h] = _mm256_setzero_ps();
}

template <Kind kind>
void packHalf(const std::uint8_t* b0, std::size_t rowBytes, int nr, PackedK& p, int h)
{
    if constexpr (kind == Kind::Q4K)
        packK4<BlockQ4_K>(b0, rowBytes, nr, p, h);
    else if constexpr (kind == Kind::Q5K)
        packK4<BlockQ5_K>(b0, rowBytes, nr, p, h);
    else
        packQ6K(b0, rowBytes, nr, p, h);
}

template <Kind kind>
constexpr std::size_t kBlockBytes = kind == Kind::Q4K ? sizeof(BlockQ4_K)
                                    : kind == Kind::Q5K ? sizeof(BlockQ5_K)
                                                        : sizeof(BlockQ6_K);

/// Four bytes at p in every 32-bit lane.
inline __m256i broadcast4(const void* p)
{
    std::int32_t v = 0;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/// An empty asm the value passes through: keeps GCC from reassociating the
/// int16 sums into a tree of all products first, which needs more registers
/// than AVX2 has and spills them to the stack.
inline void keepOrder(__m256i& v)
{
    asm("" : "+x"(v));
}

template <Kind kind>
struct Shape {
    static constexpr int kSubBlocks = kind == Kind::Q6K ? 16 : 8;
    static constexpr int kSteps = 64 / kSubBlocks;                      ///< steps per sub-block
    static constexpr int kGroup = kind == Kind::Q4K ? 8 : kind == Kind::Q5K ? 4 : 2;   ///< steps per int16 sum
    static constexpr int kPairs = kind == Kind::Q6K ? 8 : 4;   ///< pairs of activation sums in corr
};

/// The activation sums that PackedK::corr multiplies, as int16 pairs: pair p
/// of token k's super-block i is at p + k * tokStride + i * blockStride + 2p.
struct PairSums {
    const std::int16_t* p = nullptr;
    std::int64_t tokStride = 0;
    std::int64_t blockStride = 0;
};

/// Q4_K, Q5_K: each token's sums of 32, S_s = bsum_2s + bsum_2s+1 (at most
/// 32 * 127, an int16), in the order of packK4's min pairs: S0 S2 S1 S3 S4 S6 S5 S7.
PairSums minSums(const TileArgs& t, std::vector<std::int16_t>& buf)
{
    const std::int64_t nb = t.cols / 256;
    buf.resize(static_cast<std::size_t>(t.nTok * nb * 8));
    static constexpr int kOrder[8] = {0, 2, 1, 3, 4, 6, 5, 7};
    for (std::int64_t k = 0; k < t.nTok; ++k) {
        for (std::int64_t i = 0; i < nb; ++i) {
            const std::int16_t* bs = t.a.sums + k * t.a.sumStride + 16 * i;
            std::int16_t* out = buf.data() + (k * nb + i) * 8;
            for (int j = 0; j < 8; ++j)
                out[j] = static_cast<std::int16_t>(bs[2 * kOrder[j]] + bs[2 * kOrder[j] + 1]);
        }
    }
    return PairSums{buf.data(), nb * 8, 8};
}

/// The nb packed super-blocks of a group against NT tokens from tok, halves
/// [0, H): adds into sums[tok + k] (the group's 16 rows for token tok + k).
template <Kind kind, int H, int NT>
void rowsK(const PackedK* p, std::int64_t nb, const TileArgs& t, std::int64_t tok, const PairSums& ps, Sums16* sums)
{
    using S = Shape<kind>;
    const std::int8_t* x = t.a.q + tok * t.a.qStride;
    const float* dx = t.a.d + tok * t.a.dStride;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride;
    __m256 acc[NT][H];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        #pragma GCC unroll 2
        for (int h = 0; h < H; ++h)
            acc[k][h] = _mm256_load_ps(sums[tok + k].v + 8 * h);
    for (std::int64_t i = 0; i < nb; ++i) {
        const PackedK& b = p[i];
        const std::int8_t* xi = x + 256 * i;
        __m256i dot[NT][H];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            #pragma GCC unroll 2
            for (int h = 0; h < H; ++h)
                dot[k][h] = _mm256_setzero_si256();
        for (int s = 0; s < S::kSubBlocks; ++s) {
            #pragma GCC unroll 4
            for (int g = 0; g < S::kSteps; g += S::kGroup) {
                __m256i sum[NT][H];
                #pragma GCC unroll 8
                for (int j = 0; j < S::kGroup; ++j) {
                    const int step = S::kSteps * s + g + j;
                    __m256i w[H];
                    #pragma GCC unroll 2
                    for (int h = 0; h < H; ++h)
                        w[h] = _mm256_load_si256(&b.q[step][h]);
                    #pragma GCC unroll 8
                    for (int k = 0; k < NT; ++k) {
                        const __m256i xb = broadcast4(xi + k * qs + 4 * step);
                        #pragma GCC unroll 2
                        for (int h = 0; h < H; ++h) {
                            const __m256i prod = _mm256_maddubs_epi16(w[h], xb);
                            sum[k][h] = j == 0 ? prod : _mm256_add_epi16(sum[k][h], prod);
                            keepOrder(sum[k][h]);
                        }
                    }
                }
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k)
                    #pragma GCC unroll 2
                    for (int h = 0; h < H; ++h)
                        dot[k][h] = _mm256_add_epi32(dot[k][h], _mm256_madd_epi16(sum[k][h], b.sc[s][h]));
            }
        }
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            const std::int16_t* bk = ps.p + (tok + k) * ps.tokStride + i * ps.blockStride;
            const __m256 dxk = _mm256_set1_ps(dx[k * ds + i]);
            #pragma GCC unroll 2
            for (int h = 0; h < H; ++h) {
                __m256i corr = _mm256_madd_epi16(b.corr[0][h], broadcast4(bk));
                #pragma GCC unroll 8
                for (int pr = 1; pr < S::kPairs; ++pr)
                    corr = _mm256_add_epi32(corr, _mm256_madd_epi16(b.corr[pr][h], broadcast4(bk + 2 * pr)));
                __m256 f;
                if constexpr (kind == Kind::Q6K) {
                    f = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_sub_epi32(dot[k][h], _mm256_slli_epi32(corr, 5))), b.d[h]);
                } else {
                    f = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot[k][h]), b.d[h],
                                        _mm256_mul_ps(_mm256_cvtepi32_ps(corr), b.negDmin[h]));
                }
                acc[k][h] = _mm256_fmadd_ps(f, dxk, acc[k][h]);
            }
        }
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        #pragma GCC unroll 2
        for (int h = 0; h < H; ++h)
            _mm256_store_ps(sums[tok + k].v + 8 * h, acc[k][h]);
}

/// Every tile of two or more tokens comes here, so a token's result does
/// not depend on how a prompt is cut into chunks (each token's sums take the
/// same steps whatever tile it is in); decode stays on the row kernels.
constexpr std::int64_t kMinTokens = 2;

/// Tiles of 3 tokens; a remainder of 1 goes with the last 3 as two pairs.
template <Kind kind, int H>
void tokenTiles(const PackedK* p, std::int64_t nb, const TileArgs& t, const PairSums& ps, Sums16* sums)
{
    const std::int64_t n = t.nTok;
    const std::int64_t threes = n % 3 == 1 ? n / 3 - 1 : n / 3;
    std::int64_t k = 0;
    for (; k < 3 * threes; k += 3)
        rowsK<kind, H, 3>(p, nb, t, k, ps, sums);
    for (; k < n; k += 2)
        rowsK<kind, H, 2>(p, nb, t, k, ps, sums);
}

/// Each thread's buffers, one set for the three types (a tileK instance
/// per type would hold its own): the packed group (~5.6 KiB per
/// super-block, ~200 KiB for a row of 8960), the token sums and minSums.
struct Scratch {
    std::vector<PackedK> packed;
    std::vector<Sums16> sums;
    std::vector<std::int16_t> pairBuf;
};

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

template <Kind kind>
void tileK(const TileArgs& t)
{
    const std::int64_t nb = t.cols / 256;
    Scratch& sc = scratch();
    std::vector<PackedK>& packed = sc.packed;
    std::vector<Sums16>& sums = sc.sums;
    if (static_cast<std::int64_t>(packed.size()) < nb)
        packed.resize(static_cast<std::size_t>(nb));
    sums.resize(static_cast<std::size_t>(t.nTok));
    std::vector<std::int16_t>& pairBuf = sc.pairBuf;
    const PairSums ps = kind == Kind::Q6K ? PairSums{t.a.sums, t.a.sumStride, 16} : minSums(t, pairBuf);
    for (std::int64_t r = 0; r < t.nRows; r += 16) {
        const int nr = static_cast<int>(std::min<std::int64_t>(16, t.nRows - r));
        const std::uint8_t* row0 = t.w + static_cast<std::size_t>(r) * t.rowBytes;
        for (std::int64_t i = 0; i < nb; ++i) {
            const std::uint8_t* b0 = row0 + static_cast<std::size_t>(i) * kBlockBytes<kind>;
            packHalf<kind>(b0, t.rowBytes, std::min(nr, 8), packed[static_cast<std::size_t>(i)], 0);
            if (nr > 8)
                packHalf<kind>(b0 + 8 * t.rowBytes, t.rowBytes, nr - 8, packed[static_cast<std::size_t>(i)], 1);
        }
        std::fill(sums.begin(), sums.end(), Sums16{});
        // A group of at most 8 rows computes its first half only.
        if (nr > 8)
            tokenTiles<kind, 2>(packed.data(), nb, t, ps, sums.data());
        else
            tokenTiles<kind, 1>(packed.data(), nb, t, ps, sums.data());
        for (std::int64_t k = 0; k < t.nTok; ++k)
            std::copy_n(sums[static_cast<std::size_t>(k)].v, nr, t.y + k * t.yStride + r);
    }
}

} // namespace

bool prefillTileK_avx2(gguf::GgmlType type, const TileArgs& t)
{
    if (t.nTok < kMinTokens)
        return false;
    switch (type) {
    case gguf::GgmlType::Q4_K: tileK<Kind::Q4K>(t); return true;
    case gguf::GgmlType::Q5_K: tileK<Kind::Q5K>(t); return true;
    case gguf::GgmlType::Q6_K: tileK<Kind::Q6K>(t); return true;
    default: return false;
    }
}

} // namespace qiusuo::cpu
