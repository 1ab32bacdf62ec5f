// AVX-512 (F, BW, VL, DQ) + VNNI prefill kernels for Q8_0, Q4_0, Q5_0,
// Q4_K, Q5_K and Q6_K, all in one "rows in lanes" layout (below, at Q4_K);
// this file is compiled with those flags and only called after a run-time
// check. Decode (one token), every other weight type, the activation
// quantizer and the precise path use the AVX2 set (the AVX-512 set is a
// superset of it): decode streams each weight once and is bound by memory
// bandwidth, which the AVX2 kernels already reach.
//
// Everything here has internal linkage and calls no inline function from a
// shared header, so no AVX-512 code can leak into the other kernel sets.
#include "inference/cpu/blocks.h"
#include "inference/cpu/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

// GCC 12's AVX-512 headers build some results from _mm256_undefined_pd() and
// then warn, wherever they are inlined, that it is (or "may be") used
// uninitialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace qiusuo::cpu {
namespace {

// ---------------------------------------------------------------- Q4_K
//
// Here the lanes are rows, not elements: lane r of every vector belongs to
// weight row r of a group of 16, and one vpdpbusd adds four elements of each
// of the 16 rows times the same four activation bytes (broadcast). A 32-wide
// sub-block is then 8 vpdpbusd per token, and its 6-bit scale (a different
// one per row) is applied once to the 16 lane sums, exactly in int32:
//   dot  = sum_s sc_s * (sum over sub-block s of q*x)   (|dot| < 2^25)
//   mins = sum_s mn_s * (bsum_2s + bsum_2s+1)           (one vpdpwssd per s)
//   y   += dx * (d * dot - dmin * mins)
// The nibbles (0..15) go into vpdpbusd's unsigned operand as they are. The
// weights are laid out this way once per call for each group of 16 rows
// (gathers, ~5 KiB per super-block, L2-resident) and then serve every token
// of the tile, eight tokens to a register tile.

/// One super-block of 16 rows, lane r = row r (dead lanes of a short last
/// group are zero).
struct PackedK4 {
    __m512i q[64];      ///< q[k]: the 4-bit values of elements 4k..4k+3, one byte each
    __m512i sc[8];      ///< the 6-bit scale of sub-block s
    __m512i mn[8];      ///< the 6-bit min of sub-block s, in both 16-bit halves
    __m512 d;           ///< d
    __m512 negDmin;     ///< -dmin
};

/// Moves bit n (0..7) of every byte to bit 4 (other bits: don't care; a
/// shift of at most 4 keeps bit 4 of each byte from its own byte).
inline __m512i bitToFour(__m512i v, int n)
{
    return n <= 4 ? _mm512_slli_epi32(v, static_cast<unsigned>(4 - n)) : _mm512_srli_epi32(v, static_cast<unsigned>(n - 4));
}

/// Reads one dword at the same offset of up to 16 rows `rowBytes` apart into
/// one vector, lane r from row r; lanes from nr on read nothing and are zero.
struct RowGather {
    RowGather(std::size_t rowBytes, int nr)
        : live(static_cast<__mmask16>((1u << nr) - 1u)),
          idx(_mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                 _mm512_set1_epi32(static_cast<int>(rowBytes))))
    {
    }
    __m512i operator()(const std::uint8_t* p) const
    {
        return _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), live, idx, p, 1);
    }

    __mmask16 live;
    __m512i idx;
};

/// Lays out nb super-blocks of nr (1..16) rows starting at row0; Block is
/// BlockQ4_K or BlockQ5_K (whose qh adds a fifth bit: 16 + 15 fits a byte,
/// and |dot| < 63 * 32 * 31 * 127 * 8 still fits int32).
template <typename Block>
void packK4(const std::uint8_t* row0, std::size_t rowBytes, int nr, std::int64_t nb, PackedK4* out)
{
    constexpr bool five = std::is_same_v<Block, BlockQ5_K>;
    const RowGather rows(rowBytes, nr);
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i byte = _mm512_set1_epi32(0xFF);
    for (std::int64_t i = 0; i < nb; ++i) {
        const std::uint8_t* b = row0 + static_cast<std::size_t>(i) * sizeof(Block);
        PackedK4& p = out[i];
        // qs dword j (g = j/8, m = j%8): low nibbles are elements 64g + 4m..,
        // high nibbles elements 64g + 32 + 4m.. (blocks.h); for Q5_K their
        // fifth bits are bits 2g and 2g+1 of qh dword m.
        for (int j = 0; j < 32; ++j) {
            const __m512i raw = rows(b + offsetof(Block, qs) + 4 * static_cast<std::size_t>(j));
            const int g = j / 8, m = j % 8;
            __m512i lo = _mm512_and_si512(raw, low4);
            __m512i hi = _mm512_and_si512(_mm512_srli_epi32(raw, 4), low4);
            if constexpr (five) {
                const __m512i qh = rows(b + offsetof(BlockQ5_K, qh) + 4 * static_cast<std::size_t>(m));
                const __m512i bit = _mm512_set1_epi8(0x10);
                lo = _mm512_or_si512(lo, _mm512_and_si512(bitToFour(qh, 2 * g), bit));
                hi = _mm512_or_si512(hi, _mm512_and_si512(bitToFour(qh, 2 * g + 1), bit));
            }
            p.q[16 * g + m] = lo;
            p.q[16 * g + 8 + m] = hi;
        }
        const __m512i dd = rows(b + offsetof(Block, d));   // d | dmin << 16
        p.d = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(dd));
        p.negDmin = _mm512_sub_ps(_mm512_setzero_ps(), _mm512_cvtph_ps(_mm512_cvtepi32_epi16(_mm512_srli_epi32(dd, 16))));
        // The scales as in the AVX2 set's scalesK4, on each lane's 12 bytes.
        const __m512i u0 = rows(b + offsetof(Block, scales));
        const __m512i u1 = rows(b + offsetof(Block, scales) + 4);
        const __m512i u2 = rows(b + offsetof(Block, scales) + 8);
        const __m512i six = _mm512_set1_epi32(0x3F3F3F3F), nib = _mm512_set1_epi32(0x0F0F0F0F);
        const __m512i top = _mm512_set1_epi32(0x30303030);
        const __m512i scLo = _mm512_and_si512(u0, six);
        const __m512i mnLo = _mm512_and_si512(u1, six);
        const __m512i scHi = _mm512_or_si512(_mm512_and_si512(u2, nib), _mm512_and_si512(_mm512_srli_epi32(u0, 2), top));
        const __m512i mnHi = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(u2, 4), nib),
                                             _mm512_and_si512(_mm512_srli_epi32(u1, 2), top));
        for (int s = 0; s < 4; ++s) {
            const unsigned shift = 8u * static_cast<unsigned>(s);
            p.sc[s] = _mm512_and_si512(_mm512_srli_epi32(scLo, shift), byte);
            p.sc[4 + s] = _mm512_and_si512(_mm512_srli_epi32(scHi, shift), byte);
            const __m512i m0 = _mm512_and_si512(_mm512_srli_epi32(mnLo, shift), byte);
            const __m512i m1 = _mm512_and_si512(_mm512_srli_epi32(mnHi, shift), byte);
            p.mn[s] = _mm512_or_si512(m0, _mm512_slli_epi32(m0, 16));
            p.mn[4 + s] = _mm512_or_si512(m1, _mm512_slli_epi32(m1, 16));
        }
    }
}

/// Four bytes at p in every int32 lane.
inline __m512i broadcast4(const void* p)
{
    std::int32_t v = 0;
    std::memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

/// dot[k] += sum over the super-block's sub-blocks s of sc[s] * (the 16
/// rows' sub-block s times token k's bytes): Q4_K has 8 sub-blocks of 32,
/// Q6_K 16 of 16. `w` holds the packed super-block, four elements of each
/// row per vector; `x` is token 0's bytes of the super-block, token k's at
/// x + k * xStride.
template <int NT, int kSubBlocks, int kSubLength>
inline void addScaledSubBlocks(const __m512i* w, const __m512i* sc, const std::int8_t* x, std::int64_t xStride,
                               __m512i* dot)
{
    constexpr int kVectors = kSubLength / 4;
    for (int s = 0; s < kSubBlocks; ++s) {
        __m512i part[NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            part[k] = _mm512_setzero_si512();
        #pragma GCC unroll 8
        for (int j = 0; j < kVectors; ++j) {
            const __m512i wj = w[kVectors * s + j];
            #pragma GCC unroll 8
            for (int k = 0; k < NT; ++k)
                part[k] = _mm512_dpbusd_epi32(part[k], wj, broadcast4(x + k * xStride + kSubLength * s + 4 * j));
        }
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            dot[k] = _mm512_add_epi32(dot[k], _mm512_mullo_epi32(part[k], sc[s]));
    }
}

/// The packed group of rows (live lanes) against NT tokens from tok; y points
/// at the group's first row in token 0's output.
template <int NT>
void rowsK4(const PackedK4* p, std::int64_t nb, const TileArgs& t, std::int64_t tok, float* y, __mmask16 live)
{
    const std::int8_t* q = t.a.q + tok * t.a.qStride;
    const float* dx = t.a.d + tok * t.a.dStride;
    const std::int16_t* bs = t.a.sums + tok * t.a.sumStride;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride, ss = t.a.sumStride;
    __m512 acc[NT];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        acc[k] = _mm512_setzero_ps();
    for (std::int64_t i = 0; i < nb; ++i) {
        const PackedK4& b = p[i];
        __m512i dot[NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            dot[k] = _mm512_setzero_si512();
        addScaledSubBlocks<NT, 8, 32>(b.q, b.sc, q + 256 * i, qs, dot);
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            __m512i mins = _mm512_setzero_si512();
            #pragma GCC unroll 8
            for (int s = 0; s < 8; ++s)
                mins = _mm512_dpwssd_epi32(mins, b.mn[s], broadcast4(bs + k * ss + 16 * i + 2 * s));
            const __m512 f = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot[k]), b.d,
                                             _mm512_mul_ps(_mm512_cvtepi32_ps(mins), b.negDmin));
            acc[k] = _mm512_fmadd_ps(f, _mm512_set1_ps(dx[k * ds + i]), acc[k]);
        }
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        _mm512_mask_storeu_ps(y + (tok + k) * t.yStride, live, acc[k]);
}

// ---------------------------------------------------------------- Q6_K
//
// The same lanes-are-rows layout. Q6_K's 6-bit values (0..63) go into
// vpdpbusd unsigned; its 16 sub-blocks of 16 have signed 8-bit scales, and
// the -32 offset comes out through the activation sums:
//   y += dx * d * (sum_s sc_s * (sum over sub-block s of q*x) - 32 * sum_s sc_s * bsum_s)

/// One Q6_K super-block of 16 rows, lane r = row r.
struct PackedQ6K {
    __m512i q[64];      ///< q[k]: the 6-bit values of elements 4k..4k+3, one byte each
    __m512i sc[16];     ///< the signed scale of sub-block s
    __m512i scPair[8];  ///< scales 2p and 2p+1 as the two 16-bit halves
    __m512 d;           ///< d
};

void packQ6K(const std::uint8_t* row0, std::size_t rowBytes, int nr, std::int64_t nb, PackedQ6K* out)
{
    const RowGather rows(rowBytes, nr);
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i two = _mm512_set1_epi8(0x30);
    for (std::int64_t i = 0; i < nb; ++i) {
        const std::uint8_t* b = row0 + static_cast<std::size_t>(i) * sizeof(BlockQ6_K);
        PackedQ6K& p = out[i];
        // blocks.h: in half h, element 128h + 32c + l takes a nibble of
        // ql[64h + 32(c&1) + l] (high for c >= 2) and bits 2c..2c+1 of qh[32h + l].
        for (int h = 0; h < 2; ++h) {
            for (int m = 0; m < 8; ++m) {
                const std::size_t l = 4 * static_cast<std::size_t>(m);
                const __m512i a = rows(b + offsetof(BlockQ6_K, ql) + 64 * static_cast<std::size_t>(h) + l);
                const __m512i c = rows(b + offsetof(BlockQ6_K, ql) + 64 * static_cast<std::size_t>(h) + 32 + l);
                const __m512i hi = rows(b + offsetof(BlockQ6_K, qh) + 32 * static_cast<std::size_t>(h) + l);
                __m512i* q = p.q + 32 * h + m;
                q[0] = _mm512_or_si512(_mm512_and_si512(a, low4), _mm512_and_si512(_mm512_slli_epi32(hi, 4), two));
                q[8] = _mm512_or_si512(_mm512_and_si512(c, low4), _mm512_and_si512(_mm512_slli_epi32(hi, 2), two));
                q[16] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(a, 4), low4), _mm512_and_si512(hi, two));
                q[24] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(c, 4), low4),
                                        _mm512_and_si512(_mm512_srli_epi32(hi, 2), two));
            }
        }
        for (int j = 0; j < 4; ++j) {
            const __m512i v = rows(b + offsetof(BlockQ6_K, scales) + 4 * static_cast<std::size_t>(j));
            for (int k = 0; k < 4; ++k)   // byte k, sign-extended
                p.sc[4 * j + k] = _mm512_srai_epi32(_mm512_slli_epi32(v, 24 - 8 * static_cast<unsigned>(k)), 24);
        }
        for (int pr = 0; pr < 8; ++pr)
            p.scPair[pr] = _mm512_or_si512(_mm512_and_si512(p.sc[2 * pr], _mm512_set1_epi32(0xFFFF)),
                                           _mm512_slli_epi32(p.sc[2 * pr + 1], 16));
        // d is the block's last two bytes: read the dword ending there.
        p.d = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(_mm512_srli_epi32(rows(b + offsetof(BlockQ6_K, d) - 2), 16)));
    }
}

template <int NT>
void rowsQ6K(const PackedQ6K* p, std::int64_t nb, const TileArgs& t, std::int64_t tok, float* y, __mmask16 live)
{
    const std::int8_t* q = t.a.q + tok * t.a.qStride;
    const float* dx = t.a.d + tok * t.a.dStride;
    const std::int16_t* bs = t.a.sums + tok * t.a.sumStride;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride, ss = t.a.sumStride;
    __m512 acc[NT];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        acc[k] = _mm512_setzero_ps();
    for (std::int64_t i = 0; i < nb; ++i) {
        const PackedQ6K& b = p[i];
        __m512i dot[NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            __m512i off = _mm512_setzero_si512();
            #pragma GCC unroll 8
            for (int pr = 0; pr < 8; ++pr)
                off = _mm512_dpwssd_epi32(off, b.scPair[pr], broadcast4(bs + k * ss + 16 * i + 2 * pr));
            dot[k] = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(off, 5));
        }
        addScaledSubBlocks<NT, 16, 16>(b.q, b.sc, q + 256 * i, qs, dot);
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[k] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(dot[k]), b.d), _mm512_set1_ps(dx[k * ds + i]), acc[k]);
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        _mm512_mask_storeu_ps(y + (tok + k) * t.yStride, live, acc[k]);
}

/// Decode (one token) stays on the AVX2 kernel, which streams each row once
/// without laying it out. Every tile of two or more tokens comes here, so a
/// token's result does not depend on how a prompt is cut into chunks.
constexpr std::int64_t kMinTokensK = 2;

/// This thread's packing buffer, at least `bytes` long and 64-byte aligned.
/// One for every type: a product packs one type at a time, and a buffer per
/// type would each stay as large as the widest row seen (~175 KiB a thread
/// for ffn_down's 8960 columns), which the memory target counts.
void* packBuffer(std::size_t bytes)
{
    struct Buffer {
        void* data = nullptr;
        std::size_t size = 0;
        ~Buffer() { std::free(data); }
    };
    thread_local Buffer b;
    if (b.size < bytes) {
        std::free(b.data);
        b.size = (bytes + 63) / 64 * 64;
        b.data = std::aligned_alloc(64, b.size);
        if (!b.data) {
            b.size = 0;
            throw std::bad_alloc();
        }
    }
    return b.data;
}

/// Packs each group of 16 rows once and runs it against every token.
template <typename Packed, void (*pack)(const std::uint8_t*, std::size_t, int, std::int64_t, Packed*),
          template <int> class Rows, gguf::GgmlType type, int blockElems = 256>
void tileRows16(const TileArgs& t)
{
    if (t.nTok < kMinTokensK) {
        avx2Kernels().fastTile(type)(t);
        return;
    }
    const std::int64_t nb = t.cols / blockElems;
    static_assert(std::is_trivially_copyable_v<Packed> && alignof(Packed) <= 64);
    auto* packed = static_cast<Packed*>(packBuffer(static_cast<std::size_t>(nb) * sizeof(Packed)));
    const Packed* p = packed;
    for (std::int64_t r = 0; r < t.nRows; r += 16) {
        const int nr = static_cast<int>(std::min<std::int64_t>(16, t.nRows - r));
        const __mmask16 live = static_cast<__mmask16>((1u << nr) - 1u);
        pack(t.w + static_cast<std::size_t>(r) * t.rowBytes, t.rowBytes, nr, nb, packed);
        float* y = t.y + r;
        std::int64_t k = 0;
        for (; k + 8 <= t.nTok; k += 8)
            Rows<8>::run(p, nb, t, k, y, live);
        switch (t.nTok - k) {
        case 7: Rows<7>::run(p, nb, t, k, y, live); break;
        case 6: Rows<6>::run(p, nb, t, k, y, live); break;
        case 5: Rows<5>::run(p, nb, t, k, y, live); break;
        case 4: Rows<4>::run(p, nb, t, k, y, live); break;
        case 3: Rows<3>::run(p, nb, t, k, y, live); break;
        case 2: Rows<2>::run(p, nb, t, k, y, live); break;
        case 1: Rows<1>::run(p, nb, t, k, y, live); break;
        default: break;
        }
    }
}

template <int NT>
struct RowsK4 {
    static void run(const PackedK4* p, std::int64_t nb, const TileArgs& t, std::int64_t k, float* y, __mmask16 live)
    {
        rowsK4<NT>(p, nb, t, k, y, live);
    }
};

template <int NT>
struct RowsQ6K {
    static void run(const PackedQ6K* p, std::int64_t nb, const TileArgs& t, std::int64_t k, float* y, __mmask16 live)
    {
        rowsQ6K<NT>(p, nb, t, k, y, live);
    }
};

// ---------------------------------------------------------------- Q8_0, Q4_0
//
// Q8_0 and Q4_0 prefill in the same lanes-are-rows layout (not tile32):
// the signed weights go into vpdpbusd's unsigned operand shifted, u = w + 128
// (an xor of the sign bit, done once while packing), and the shift comes out
// through the activations' sums, which the quantizer already gives per 16:
//   sum w*x = sum u*x - 128 * (bsum_2b + bsum_2b+1)   (one vpdpwssd, exact)
// Each block's F16 scale is a different one per row (lane), applied per
// block and token: y += (dw * dx) * dot.

/// One 32-block of 16 rows, lane r = row r.
struct PackedQ8_0 {
    __m512i q[8];   ///< q[k]: w + 128 of elements 4k..4k+3, one byte each
    __m512 d;       ///< dw
};

void packQ8_0(const std::uint8_t* row0, std::size_t rowBytes, int nr, std::int64_t nb, PackedQ8_0* out)
{
    const RowGather rows(rowBytes, nr);
    const __m512i sign = _mm512_set1_epi8(static_cast<char>(0x80));
    for (std::int64_t i = 0; i < nb; ++i) {
        const std::uint8_t* b = row0 + static_cast<std::size_t>(i) * sizeof(BlockQ8_0);
        PackedQ8_0& p = out[i];
        for (int k = 0; k < 8; ++k)
            p.q[k] = _mm512_xor_si512(rows(b + offsetof(BlockQ8_0, qs) + 4 * static_cast<std::size_t>(k)), sign);
        // d is the block's first two bytes: the low half of the dword there.
        p.d = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(rows(b + offsetof(BlockQ8_0, d))));
    }
}

/// Q4_0's nibbles (0..15) go in as they are, their -8 coming out the same
/// way: sum (q-8)*x = sum q*x - 8 * (bsum_2b + bsum_2b+1). qs dword m holds
/// elements 4m..4m+3 in its low nibbles and 16+4m.. in its high ones.
void packQ4_0(const std::uint8_t* row0, std::size_t rowBytes, int nr, std::int64_t nb, PackedQ8_0* out)
{
    const RowGather rows(rowBytes, nr);
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    for (std::int64_t i = 0; i < nb; ++i) {
        const std::uint8_t* b = row0 + static_cast<std::size_t>(i) * sizeof(BlockQ4_0);
        PackedQ8_0& p = out[i];
        for (int m = 0; m < 4; ++m) {
            const __m512i raw = rows(b + offsetof(BlockQ4_0, qs) + 4 * static_cast<std::size_t>(m));
            p.q[m] = _mm512_and_si512(raw, low4);
            p.q[4 + m] = _mm512_and_si512(_mm512_srli_epi32(raw, 4), low4);
        }
        p.d = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(rows(b + offsetof(BlockQ4_0, d))));
    }
}

/// Q5_0 as Q4_0 with each element's fifth bit (bit e of qh for element e)
/// or-ed in as 0x10; the values 0..31 come out with the offset 16.
/// Spreading four bits of qh to bit 4 of four bytes: a nibble n times
/// 0x00204081 puts n's bit b at bit 8b + (the bits below are n's higher bits
/// shifted by 7b, which the mask drops), so (n * 0x00204081) & 0x01010101,
/// shifted left by 4, is the four bytes' 0x10 bits.
void packQ5_0(const std::uint8_t* row0, std::size_t rowBytes, int nr, std::int64_t nb, PackedQ8_0* out)
{
    const RowGather rows(rowBytes, nr);
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const __m512i spread = _mm512_set1_epi32(0x00204081);
    const __m512i byteBit = _mm512_set1_epi32(0x01010101);
    auto fifthBits = [&](__m512i qh, int first) {
        const __m512i n = _mm512_and_si512(_mm512_srli_epi32(qh, static_cast<unsigned>(first)), _mm512_set1_epi32(0xF));
        return _mm512_slli_epi32(_mm512_and_si512(_mm512_mullo_epi32(n, spread), byteBit), 4);
    };
    for (std::int64_t i = 0; i < nb; ++i) {
        const std::uint8_t* b = row0 + static_cast<std::size_t>(i) * sizeof(BlockQ5_0);
        PackedQ8_0& p = out[i];
        const __m512i qh = rows(b + offsetof(BlockQ5_0, qh));
        for (int m = 0; m < 4; ++m) {
            const __m512i raw = rows(b + offsetof(BlockQ5_0, qs) + 4 * static_cast<std::size_t>(m));
            p.q[m] = _mm512_or_si512(_mm512_and_si512(raw, low4), fifthBits(qh, 4 * m));
            p.q[4 + m] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(raw, 4), low4), fifthBits(qh, 16 + 4 * m));
        }
        p.d = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(rows(b + offsetof(BlockQ5_0, d))));
    }
}

/// Offset: what the packed unsigned values exceed the weights by (128 for
/// Q8_0, 8 for Q4_0, 16 for Q5_0).
template <int Offset, int NT>
void rows32(const PackedQ8_0* p, std::int64_t nb, const TileArgs& t, std::int64_t tok, float* y, __mmask16 live)
{
    const std::int8_t* q = t.a.q + tok * t.a.qStride;
    const float* dx = t.a.d + tok * t.a.dStride;
    const std::int16_t* bs = t.a.sums + tok * t.a.sumStride;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride, ss = t.a.sumStride;
    const __m512i negOffset = _mm512_set1_epi16(-Offset);
    __m512 acc[NT];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        acc[k] = _mm512_setzero_ps();
    for (std::int64_t i = 0; i < nb; ++i) {
        const PackedQ8_0& b = p[i];
        __m512i dot[NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            dot[k] = _mm512_dpwssd_epi32(_mm512_setzero_si512(), negOffset, broadcast4(bs + k * ss + 2 * i));
        #pragma GCC unroll 8
        for (int j = 0; j < 8; ++j) {
            const __m512i w = b.q[j];
            #pragma GCC unroll 8
            for (int k = 0; k < NT; ++k)
                dot[k] = _mm512_dpbusd_epi32(dot[k], w, broadcast4(q + k * qs + 32 * i + 4 * j));
        }
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot[k]), _mm512_mul_ps(b.d, _mm512_set1_ps(dx[k * ds + i])),
                                     acc[k]);
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        _mm512_mask_storeu_ps(y + (tok + k) * t.yStride, live, acc[k]);
}

template <int NT>
struct RowsQ8_0 {
    static void run(const PackedQ8_0* p, std::int64_t nb, const TileArgs& t, std::int64_t k, float* y, __mmask16 live)
    {
        rows32<128, NT>(p, nb, t, k, y, live);
    }
};

template <int NT>
struct RowsQ4_0 {
    static void run(const PackedQ8_0* p, std::int64_t nb, const TileArgs& t, std::int64_t k, float* y, __mmask16 live)
    {
        rows32<8, NT>(p, nb, t, k, y, live);
    }
};

template <int NT>
struct RowsQ5_0 {
    static void run(const PackedQ8_0* p, std::int64_t nb, const TileArgs& t, std::int64_t k, float* y, __mmask16 live)
    {
        rows32<16, NT>(p, nb, t, k, y, live);
    }
};

TileFn fastTile(gguf::GgmlType type)
{
    switch (type) {
    case gguf::GgmlType::Q8_0: return tileRows16<PackedQ8_0, packQ8_0, RowsQ8_0, gguf::GgmlType::Q8_0, 32>;
    case gguf::GgmlType::Q4_0: return tileRows16<PackedQ8_0, packQ4_0, RowsQ4_0, gguf::GgmlType::Q4_0, 32>;
    case gguf::GgmlType::Q5_0: return tileRows16<PackedQ8_0, packQ5_0, RowsQ5_0, gguf::GgmlType::Q5_0, 32>;
    case gguf::GgmlType::Q4_K: return tileRows16<PackedK4, packK4<BlockQ4_K>, RowsK4, gguf::GgmlType::Q4_K>;
    case gguf::GgmlType::Q5_K: return tileRows16<PackedK4, packK4<BlockQ5_K>, RowsK4, gguf::GgmlType::Q5_K>;
    case gguf::GgmlType::Q6_K: return tileRows16<PackedQ6K, packQ6K, RowsQ6K, gguf::GgmlType::Q6_K>;
    default: return avx2Kernels().fastTile(type);
    }
}

} // namespace

const KernelSet& avx512Kernels()
{
    const KernelSet& avx2 = avx2Kernels();
    static const KernelSet set{"avx512", avx2.quantizeActs, fastTile, avx2.dotF32, avx2.dequantize};
    return set;
}

} // namespace qiusuo::cpu
