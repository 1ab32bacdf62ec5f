// AVX2 + FMA + F16C kernels (this file is compiled with -mavx2 -mfma -mf16c
// and only called after a run-time check). The math is kernels.h's; the
// integer products use _mm256_maddubs_epi16 (unsigned x signed bytes -> pairs
// of int16), then _mm256_madd_epi16 by the sub-block scale (-> int32).
//
// Everything here has internal linkage and no inline function from a shared
// header is called, so no AVX2 code can leak into the portable paths through
// the linker's choice of one copy of an inline function.
//
// Tiles run one weight row against up to four tokens at a time: the row's
// blocks are unpacked once in registers and used for each token.
#include "inference/cpu/blocks.h"
#include "inference/cpu/kernels.h"
#include "inference/cpu/matmul.h"
#include "inference/cpu/prefill_avx2.h"

#include <immintrin.h>

#include <cstring>

namespace qiusuo::cpu {
namespace {

inline float halfToFloat(std::uint16_t h)
{
    return _cvtsh_ss(h);
}

inline float hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline float hmax(__m256 v)
{
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// Asks for the weight bytes `kPrefetchAhead` past `p`: decode streams each
/// weight once, and the hardware prefetcher alone leaves the core waiting on
/// memory for part of every row.
constexpr int kPrefetchAhead = 4096;

template <int bytes>
inline void prefetchWeights(const void* p)
{
    const char* c = static_cast<const char*>(p) + kPrefetchAhead;
#pragma GCC unroll 8
    for (int off = 0; off < bytes; off += 64)
        _mm_prefetch(c + off, _MM_HINT_T0);
}

// ---------------------------------------------------------------- activations

void quantizeActs(const float* x, std::int64_t n, int block, std::int8_t* q, float* d,
                  std::int16_t* sums)
{
    const __m256 signMask = _mm256_set1_ps(-0.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (std::int64_t b = 0; b < n / block; ++b) {
        const float* xb = x + b * block;
        __m256 mx = _mm256_setzero_ps();
        for (int i = 0; i < block; i += 8)
            mx = _mm256_max_ps(mx, _mm256_andnot_ps(signMask, _mm256_loadu_ps(xb + i)));
        const float amax = hmax(mx);
        // Same scalar arithmetic as the portable quantizer, so both give
        // identical bytes (cvtps rounds to nearest even, like nearbyint).
        d[b] = amax / 127.0f;
        const __m256 inv = _mm256_set1_ps(amax > 0.0f ? 127.0f / amax : 0.0f);
        for (int i = 0; i < block; i += 32) {
            const __m256i i0 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(xb + i), inv));
            const __m256i i1 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(xb + i + 8), inv));
            const __m256i i2 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(xb + i + 16), inv));
            const __m256i i3 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(xb + i + 24), inv));
            const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + b * block + i),
                                _mm256_permutevar8x32_epi32(p, order));
        }
    }
    const __m256i ones8 = _mm256_set1_epi8(1);
    const __m256i ones16 = _mm256_set1_epi16(1);
    for (std::int64_t j = 0; j < n / 32; ++j) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 32 * j));
        __m256i s = _mm256_madd_epi16(_mm256_maddubs_epi16(ones8, v), ones16);   // sums of 4
        s = _mm256_hadd_epi32(s, s);
        s = _mm256_hadd_epi32(s, s);                                             // sums of 16
        sums[2 * j] = static_cast<std::int16_t>(_mm256_extract_epi32(s, 0));
        sums[2 * j + 1] = static_cast<std::int16_t>(_mm256_extract_epi32(s, 4));
    }
}

// ---------------------------------------------------------------- float weights

float dotF32(const float* a, const float* b, std::int64_t n)
{
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    std::int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
        acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), acc2);
        acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), acc3);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    float tail = 0.0f;
    for (; i < n; ++i)
        tail += a[i] * b[i];
    return hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3))) + tail;
}

enum class FloatKind { F32, F16, BF16 };

template <FloatKind kind>
inline __m256 load8(const std::uint8_t* row, std::int64_t i)
{
    if constexpr (kind == FloatKind::F32) {
        return _mm256_loadu_ps(reinterpret_cast<const float*>(row) + i);
    } else if constexpr (kind == FloatKind::F16) {
        return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 2 * i)));
    } else {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 2 * i));
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
    }
}

template <FloatKind kind, int NT>
void floatRow(const TileArgs& t, std::int64_t r, std::int64_t tok)
{
    const std::uint8_t* row = t.w + static_cast<std::size_t>(r) * t.rowBytes;
    __m256 acc[NT];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        acc[k] = _mm256_setzero_ps();
    const float* x = t.x + tok * t.xStride;
    for (std::int64_t i = 0; i < t.cols; i += 8) {   // cols is a multiple of 32 or handled below
        const __m256 w = load8<kind>(row, i);
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[k] = _mm256_fmadd_ps(w, _mm256_loadu_ps(x + k * t.xStride + i), acc[k]);
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        t.y[(tok + k) * t.yStride + r] = hsum(acc[k]);
}

/// Runs rowFn<NT> over every row and every group of up to four tokens.
template <template <int> class Row>
void forTiles(const TileArgs& t)
{
    for (std::int64_t r = 0; r < t.nRows; ++r) {
        std::int64_t k = 0;
        for (; k + 4 <= t.nTok; k += 4)
            Row<4>::run(t, r, k);
        switch (t.nTok - k) {
        case 3: Row<3>::run(t, r, k); break;
        case 2: Row<2>::run(t, r, k); break;
        case 1: Row<1>::run(t, r, k); break;
        default: break;
        }
    }
}

template <FloatKind kind>
struct FloatRows {
    template <int NT>
    struct Row {
        static void run(const TileArgs& t, std::int64_t r, std::int64_t k) { floatRow<kind, NT>(t, r, k); }
    };
};

template <FloatKind kind>
void floatTile(const TileArgs& t)
{
    if (t.cols % 8 != 0) {   // odd widths are rare (never in the supported models)
        portableKernels().fastTile(kind == FloatKind::F32   ? gguf::GgmlType::F32
                                   : kind == FloatKind::F16 ? gguf::GgmlType::F16
                                                            : gguf::GgmlType::BF16)(t);
        return;
    }
    forTiles<FloatRows<kind>::template Row>(t);
}

// ---------------------------------------------------------------- 32-blocks

/// Signed 8-bit weights of one 32-block, in element order.
inline __m256i weightsQ8_0(const BlockQ8_0& b)
{
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs));
}

inline __m256i nibbles32(const std::uint8_t* qs)
{
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m256i both = _mm256_set_m128i(_mm_srli_epi16(bytes, 4), bytes);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
}

inline __m256i weightsQ4_0(const BlockQ4_0& b)
{
    return _mm256_sub_epi8(nibbles32(b.qs), _mm256_set1_epi8(8));
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

inline __m256i weightsQ5_0(const BlockQ5_0& b)
{
    std::uint32_t qh = 0;
    std::memcpy(&qh, b.qh, 4);
    const __m256i hi = _mm256_and_si256(bitsToBytes(qh), _mm256_set1_epi8(0x10));
    return _mm256_sub_epi8(_mm256_or_si256(nibbles32(b.qs), hi), _mm256_set1_epi8(16));
}

/// The signed weights of a block type, for the row32 template.
struct UnpackQ8_0 {
    using Block = BlockQ8_0;
    static constexpr gguf::GgmlType type = gguf::GgmlType::Q8_0;
    static __m256i run(const Block& b) { return weightsQ8_0(b); }
};
struct UnpackQ4_0 {
    using Block = BlockQ4_0;
    static constexpr gguf::GgmlType type = gguf::GgmlType::Q4_0;
    static __m256i run(const Block& b) { return weightsQ4_0(b); }
};
struct UnpackQ5_0 {
    using Block = BlockQ5_0;
    static constexpr gguf::GgmlType type = gguf::GgmlType::Q5_0;
    static __m256i run(const Block& b) { return weightsQ5_0(b); }
};

template <typename Unpack, int NT>
void row32(const TileArgs& t, std::int64_t r, std::int64_t tok)
{
    using Block = typename Unpack::Block;
    const auto* blocks = reinterpret_cast<const Block*>(t.w + static_cast<std::size_t>(r) * t.rowBytes);
    const std::int64_t nb = t.cols / 32;
    // Token k's values and scales are at q + k*qs and d + k*ds: one base and
    // one stride keep the addressing in registers.
    const std::int8_t* q = t.a.q + tok * t.a.qStride;
    const float* d = t.a.d + tok * t.a.dStride;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    const __m256i ones16 = _mm256_set1_epi16(1);
    auto step = [&](__m256 acc, __m256i w, __m256i aw, __m256 dw, const std::int8_t* x, const float* dx) {
        const __m256i p = _mm256_madd_epi16(
            _mm256_maddubs_epi16(aw, _mm256_sign_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x)), w)),
            ones16);
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_mul_ps(dw, _mm256_broadcast_ss(dx)), acc);
    };
    for (std::int64_t i = 0; i < nb; ++i, q += 32, ++d) {
        prefetchWeights<64>(&blocks[i]);
        const __m256i w = Unpack::run(blocks[i]);
        const __m256i aw = _mm256_sign_epi8(w, w);   // |w| <= 127: maddubs cannot saturate
        const __m256 dw = _mm256_set1_ps(halfToFloat(blocks[i].d));
        acc0 = step(acc0, w, aw, dw, q, d);
        if constexpr (NT > 1)
            acc1 = step(acc1, w, aw, dw, q + qs, d + ds);
        if constexpr (NT > 2)
            acc2 = step(acc2, w, aw, dw, q + 2 * qs, d + 2 * ds);
        if constexpr (NT > 3)
            acc3 = step(acc3, w, aw, dw, q + 3 * qs, d + 3 * ds);
    }
    float* y = t.y + tok * t.yStride + r;
    y[0] = hsum(acc0);
    if constexpr (NT > 1)
        y[t.yStride] = hsum(acc1);
    if constexpr (NT > 2)
        y[2 * t.yStride] = hsum(acc2);
    if constexpr (NT > 3)
        y[3 * t.yStride] = hsum(acc3);
}

template <typename Unpack>
struct Rows32 {
    template <int NT>
    struct Row {
        static void run(const TileArgs& t, std::int64_t r, std::int64_t k) { row32<Unpack, NT>(t, r, k); }
    };
};

template <typename Unpack>
void tile32(const TileArgs& t)
{
    if (prefillTile32_avx2(Unpack::type, t))
        return;
    forTiles<Rows32<Unpack>::template Row>(t);
}

// ---------------------------------------------------------------- K-quants

/// Q4_K/Q5_K 6-bit scales and mins as bytes sc[0..7], mn[0..7] (the layout of
/// blocks.h's unpackScalesK4, done on 32-bit words).
inline void scalesK4(const std::uint8_t* s, std::uint32_t sc[2], std::uint32_t mn[2])
{
    std::uint32_t u[3];
    std::memcpy(u, s, 12);
    sc[0] = u[0] & 0x3F3F3F3Fu;
    mn[0] = u[1] & 0x3F3F3F3Fu;
    sc[1] = (u[2] & 0x0F0F0F0Fu) | ((u[0] >> 2) & 0x30303030u);
    mn[1] = ((u[2] >> 4) & 0x0F0F0F0Fu) | ((u[1] >> 2) & 0x30303030u);
}

/// For Q4_K/Q5_K: each 16-bit lane of the result holds scale `j` (and `j+1`
/// in the upper 128-bit half when `pair`).
inline __m256i broadcastScale(__m256i scales16, int j)
{
    const char lo = static_cast<char>(2 * j), hi = static_cast<char>(2 * j + 1);
    return _mm256_shuffle_epi8(scales16, _mm256_setr_epi8(lo, hi, lo, hi, lo, hi, lo, hi, lo, hi, lo, hi,
                                                          lo, hi, lo, hi, lo, hi, lo, hi, lo, hi, lo, hi,
                                                          lo, hi, lo, hi, lo, hi, lo, hi));
}

template <bool five, int NT>
void rowK4(const TileArgs& t, std::int64_t r, std::int64_t tok)
{
    const std::uint8_t* row = t.w + static_cast<std::size_t>(r) * t.rowBytes;
    const std::int64_t nb = t.cols / 256;
    const std::int8_t* q[NT];
    const float* d[NT];
    const std::int16_t* s[NT];
    __m256 acc[NT];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k) {
        q[k] = t.a.q + (tok + k) * t.a.qStride;
        d[k] = t.a.d + (tok + k) * t.a.dStride;
        s[k] = t.a.sums + (tok + k) * t.a.sumStride;
        acc[k] = _mm256_setzero_ps();
    }
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    for (std::int64_t i = 0; i < nb; ++i) {
        prefetchWeights<five ? 192 : 128>(row + i * (five ? sizeof(BlockQ5_K) : sizeof(BlockQ4_K)));
        const std::uint8_t* scalesBytes = nullptr;
        const std::uint8_t* qs = nullptr;
        const std::uint8_t* qhBytes = nullptr;
        std::uint16_t dh = 0, dminh = 0;
        if constexpr (five) {
            const auto& b = reinterpret_cast<const BlockQ5_K*>(row)[i];
            scalesBytes = b.scales; qs = b.qs; qhBytes = b.qh; dh = b.d; dminh = b.dmin;
        } else {
            const auto& b = reinterpret_cast<const BlockQ4_K*>(row)[i];
            scalesBytes = b.scales; qs = b.qs; dh = b.d; dminh = b.dmin;
        }
        std::uint32_t sc[2], mn[2];
        scalesK4(scalesBytes, sc, mn);
        // Scales as 16-bit lanes, repeated in both halves for the shuffles.
        const __m256i sc16 = _mm256_broadcastsi128_si256(
            _mm_cvtepu8_epi16(_mm_set_epi32(0, 0, static_cast<int>(sc[1]), static_cast<int>(sc[0]))));
        // Mins per 16 elements (each sub-block's min twice), against the 16-sums.
        const __m128i mn8 = _mm_cvtepu8_epi16(_mm_set_epi32(0, 0, static_cast<int>(mn[1]), static_cast<int>(mn[0])));
        const __m256i mins16 = _mm256_set_m128i(_mm_unpackhi_epi16(mn8, mn8), _mm_unpacklo_epi16(mn8, mn8));
        // The mins first, straight into the float sums: fewer live registers.
        const __m256 mv = _mm256_set1_ps(-halfToFloat(dminh));
        __m256i dot[NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            dot[k] = _mm256_setzero_si256();
            const __m256i minDot = _mm256_madd_epi16(
                mins16, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s[k] + 16 * i)));
            acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(minDot), _mm256_mul_ps(mv, _mm256_broadcast_ss(d[k] + i)), acc[k]);
        }
        const __m256i qh = five ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qhBytes))
                                : _mm256_setzero_si256();
        #pragma GCC unroll 8
        for (int g = 0; g < 4; ++g) {
            const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs + 32 * g));
            __m256i lo = _mm256_and_si256(bytes, low4);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low4);
            if constexpr (five) {
                const __m256i m0 = _mm256_set1_epi8(static_cast<char>(1 << (2 * g)));
                const __m256i m1 = _mm256_set1_epi8(static_cast<char>(2 << (2 * g)));
                const __m256i b16 = _mm256_set1_epi8(0x10);
                lo = _mm256_or_si256(lo, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(qh, m0), m0), b16));
                hi = _mm256_or_si256(hi, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(qh, m1), m1), b16));
            }
            const __m256i s0 = broadcastScale(sc16, 2 * g);
            const __m256i s1 = broadcastScale(sc16, 2 * g + 1);
            #pragma GCC unroll 8
            for (int k = 0; k < NT; ++k) {
                const std::int8_t* x = q[k] + 256 * i + 64 * g;
                const __m256i p0 = _mm256_madd_epi16(
                    _mm256_maddubs_epi16(lo, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x))), s0);
                const __m256i p1 = _mm256_madd_epi16(
                    _mm256_maddubs_epi16(hi, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 32))), s1);
                dot[k] = _mm256_add_epi32(dot[k], _mm256_add_epi32(p0, p1));
            }
        }
        const __m256 dv = _mm256_set1_ps(halfToFloat(dh));
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot[k]), _mm256_mul_ps(dv, _mm256_broadcast_ss(d[k] + i)), acc[k]);
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        t.y[(tok + k) * t.yStride + r] = hsum(acc[k]);
}

template <bool five>
struct RowsK4 {
    template <int NT>
    struct Row {
        static void run(const TileArgs& t, std::int64_t r, std::int64_t k) { rowK4<five, NT>(t, r, k); }
    };
};

template <bool five>
void tileK4(const TileArgs& t)
{
    if (prefillTileK_avx2(five ? gguf::GgmlType::Q5_K : gguf::GgmlType::Q4_K, t))
        return;
    forTiles<RowsK4<five>::template Row>(t);
}

/// Q6_K: 16-bit lanes 0-7 get scale j, lanes 8-15 scale j+1, from the 16
/// scales widened to int16 (`scales16` holds eight of them in each half).
inline __m256i scalePair(__m256i scales16, int j)
{
    const char a0 = static_cast<char>(2 * j), a1 = static_cast<char>(2 * j + 1);
    const char b0 = static_cast<char>(2 * j + 2), b1 = static_cast<char>(2 * j + 3);
    return _mm256_shuffle_epi8(scales16, _mm256_setr_epi8(a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1,
                                                          a0, a1, a0, a1, b0, b1, b0, b1, b0, b1, b0, b1,
                                                          b0, b1, b0, b1, b0, b1, b0, b1));
}

template <int NT>
void rowQ6_K(const TileArgs& t, std::int64_t r, std::int64_t tok)
{
    const auto* blocks = reinterpret_cast<const BlockQ6_K*>(t.w + static_cast<std::size_t>(r) * t.rowBytes);
    const std::int64_t nb = t.cols / 256;
    const std::int8_t* q[NT];
    const float* d[NT];
    const std::int16_t* s[NT];
    __m256 acc[NT];
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k) {
        q[k] = t.a.q + (tok + k) * t.a.qStride;
        d[k] = t.a.d + (tok + k) * t.a.dStride;
        s[k] = t.a.sums + (tok + k) * t.a.sumStride;
        acc[k] = _mm256_setzero_ps();
    }
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i two = _mm256_set1_epi8(0x30);
    for (std::int64_t i = 0; i < nb; ++i) {
        prefetchWeights<192>(&blocks[i]);
        const BlockQ6_K& b = blocks[i];
        const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales));
        const __m256i scAll = _mm256_cvtepi8_epi16(sc8);   // 16 scales as int16
        __m256i dot[NT];
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k) {
            // The -32 offset: 32 * sum_s sc_s * (sum of x over sub-block s).
            const __m256i off = _mm256_madd_epi16(
                scAll, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s[k] + 16 * i)));
            dot[k] = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(off, 5));
        }
        #pragma GCC unroll 8
        for (int h = 0; h < 2; ++h) {
            const __m256i scHalf = _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(h == 0 ? sc8 : _mm_unpackhi_epi64(sc8, sc8)));
            const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.ql + 64 * h));
            const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.ql + 64 * h + 32));
            const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qh + 32 * h));
            __m256i w[4];
            w[0] = _mm256_or_si256(_mm256_and_si256(ql0, low4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), two));
            w[1] = _mm256_or_si256(_mm256_and_si256(ql1, low4), _mm256_and_si256(_mm256_slli_epi16(qh, 2), two));
            w[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low4), _mm256_and_si256(qh, two));
            w[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low4),
                                   _mm256_and_si256(_mm256_srli_epi16(qh, 2), two));
            #pragma GCC unroll 8
            for (int j = 0; j < 4; ++j) {
                const __m256i scv = scalePair(scHalf, 2 * j);
                #pragma GCC unroll 8
                for (int k = 0; k < NT; ++k) {
                    const std::int8_t* x = q[k] + 256 * i + 128 * h + 32 * j;
                    const __m256i p = _mm256_maddubs_epi16(w[j], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x)));
                    dot[k] = _mm256_add_epi32(dot[k], _mm256_madd_epi16(p, scv));
                }
            }
        }
        const __m256 dv = _mm256_set1_ps(halfToFloat(b.d));
        #pragma GCC unroll 8
        for (int k = 0; k < NT; ++k)
            acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot[k]), _mm256_mul_ps(dv, _mm256_broadcast_ss(d[k] + i)), acc[k]);
    }
    #pragma GCC unroll 8
    for (int k = 0; k < NT; ++k)
        t.y[(tok + k) * t.yStride + r] = hsum(acc[k]);
}

template <int NT>
struct RowsQ6_K {
    static void run(const TileArgs& t, std::int64_t r, std::int64_t k) { rowQ6_K<NT>(t, r, k); }
};

void tileQ6_K(const TileArgs& t)
{
    if (prefillTileK_avx2(gguf::GgmlType::Q6_K, t))
        return;
    forTiles<RowsQ6_K>(t);
}

TileFn fastTile(gguf::GgmlType type)
{
    switch (type) {
    case gguf::GgmlType::F32: return floatTile<FloatKind::F32>;
    case gguf::GgmlType::F16: return floatTile<FloatKind::F16>;
    case gguf::GgmlType::BF16: return floatTile<FloatKind::BF16>;
    case gguf::GgmlType::Q8_0: return tile32<UnpackQ8_0>;
    case gguf::GgmlType::Q4_0: return tile32<UnpackQ4_0>;
    case gguf::GgmlType::Q5_0: return tile32<UnpackQ5_0>;
    case gguf::GgmlType::Q4_K: return tileK4<false>;
    case gguf::GgmlType::Q5_K: return tileK4<true>;
    case gguf::GgmlType::Q6_K: return tileQ6_K;
    default: return nullptr;
    }
}

} // namespace

const KernelSet& avx2Kernels()
{
    static const KernelSet set{"avx2", quantizeActs, fastTile, dotF32, dequantizeRow};
    return set;
}

} // namespace qiusuo::cpu
