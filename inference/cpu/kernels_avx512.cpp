// AVX-512 (F, BW, VL, DQ) + VNNI prefill kernels for the 32-block weight
// types (Q8_0, Q4_0, Q5_0); this file is compiled with those flags and only
// called after a run-time check. Decode (one token), every other weight type,
// the activation quantizer and the precise path use the AVX2 set (the
// AVX-512 set is a superset of it).
//
// Math (kernels.h): y[t][r] = sum over blocks b of dw[r][b] * dx[t][b] *
// sum_j w[r][b][j] * x[t][b][j], the inner sum over 32 signed bytes exact in
// int32. VNNI's vpdpbusd multiplies unsigned by signed bytes and adds groups
// of four into int32 lanes, so the activations go in shifted to unsigned,
// u = x + 128 (x is in [-127, 127]), and the shift is taken back out:
//   sum w*x = sum w*u - 128 * sum w.
// The 128 * sum w term depends on the weight row only: it is computed once
// per block (another vpdpbusd, against bytes of 128) and used as the starting
// value of every token's sum.
//
// Layout in registers: one zmm holds two consecutive 32-blocks (64 bytes),
// int32 lanes 0-7 summing block b and lanes 8-15 block b+1; the F32 scales
// are laid out the same way (dw*dx of block b in lanes 0-7, of b+1 in 8-15).
// A register tile is three weight rows by four tokens (12 accumulators, 9
// registers of per-row values; three rows measured ~10% faster than two):
// each row's unpacked blocks serve four tokens and each token's shifted
// activations serve three rows, which keeps prefill bound by vpdpbusd rather
// than by loads and unpacking. An odd last block runs the same math in a ymm.
//
// Everything here has internal linkage and calls no inline function from a
// shared header, so no AVX-512 code can leak into the other kernel sets.
#include "inference/cpu/blocks.h"
#include "inference/cpu/kernels.h"

#include <immintrin.h>

#include <cstring>

// GCC 12's AVX-512 headers build some results from _mm256_undefined_pd() and
// then warn, wherever they are inlined, that it is (or "may be") used
// uninitialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace qiusuo::cpu {
namespace {

inline float halfToFloat(std::uint16_t h)
{
    return _cvtsh_ss(h);
}

/// As in the AVX2 set: ask for the weight bytes this far ahead while
/// streaming rows (decode reads every weight once).
constexpr int kPrefetchAhead = 4096;

inline void prefetchBlocks(const void* p, int bytes)
{
    const char* c = static_cast<const char*>(p) + kPrefetchAhead;
    for (int off = 0; off < bytes; off += 64)
        _mm_prefetch(c + off, _MM_HINT_T0);
}

// ---------------------------------------------------------------- unpacking

inline __m256i nibbles32(const std::uint8_t* qs)
{
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m256i both = _mm256_set_m128i(_mm_srli_epi16(bytes, 4), bytes);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
}

/// The 32 signed weights of one block, in element order.
struct UnpackQ8_0 {
    using Block = BlockQ8_0;
    static __m256i run(const Block& b) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs)); }
};

struct UnpackQ4_0 {
    using Block = BlockQ4_0;
    static __m256i run(const Block& b) { return _mm256_sub_epi8(nibbles32(b.qs), _mm256_set1_epi8(8)); }
};

struct UnpackQ5_0 {
    using Block = BlockQ5_0;
    static __m256i run(const Block& b)
    {
        std::uint32_t qh = 0;
        std::memcpy(&qh, b.qh, 4);
        // Bit j of qh is the fifth bit of element j: a mask register does it.
        const __m256i hi = _mm256_maskz_mov_epi8(static_cast<__mmask32>(qh), _mm256_set1_epi8(0x10));
        return _mm256_sub_epi8(_mm256_or_si256(nibbles32(b.qs), hi), _mm256_set1_epi8(16));
    }
};

/// Two consecutive blocks' signed weights in one zmm.
template <typename Unpack>
inline __m512i unpackPair(const typename Unpack::Block* b)
{
    return _mm512_inserti64x4(_mm512_castsi256_si512(Unpack::run(b[0])), Unpack::run(b[1]), 1);
}

/// F32 lanes 0-7 = a, lanes 8-15 = b.
inline __m512 pairOf(float a, float b)
{
    return _mm512_insertf32x8(_mm512_set1_ps(a), _mm256_set1_ps(b), 1);
}

// ---------------------------------------------------------------- tiles

/// NR rows (from r) by NT tokens (from tok) over every block of the rows.
template <typename Unpack, int NR, int NT>
void tile32(const TileArgs& t, std::int64_t r, std::int64_t tok)
{
    using Block = typename Unpack::Block;
    const Block* rows[NR];
    #pragma GCC unroll 4
    for (int i = 0; i < NR; ++i)
        rows[i] = reinterpret_cast<const Block*>(t.w + static_cast<std::size_t>(r + i) * t.rowBytes);
    const std::int8_t* q = t.a.q + tok * t.a.qStride;
    const float* d = t.a.d + tok * t.a.dStride;
    const std::int64_t qs = t.a.qStride, ds = t.a.dStride;
    const std::int64_t nb = t.cols / 32;

    const __m512i bias8 = _mm512_set1_epi8(static_cast<char>(0x80));
    __m512 acc[NR][NT];
    #pragma GCC unroll 4
    for (int i = 0; i < NR; ++i)
        #pragma GCC unroll 4
        for (int k = 0; k < NT; ++k)
            acc[i][k] = _mm512_setzero_ps();

    std::int64_t b = 0;
    for (; b + 2 <= nb; b += 2) {
        __m512i w[NR], start[NR];
        __m512 dw[NR];
        #pragma GCC unroll 4
        for (int i = 0; i < NR; ++i) {
            prefetchBlocks(rows[i] + b, 2 * static_cast<int>(sizeof(Block)));
            w[i] = unpackPair<Unpack>(rows[i] + b);
            // -128 * (sums of four weights), the starting value of each token's sum.
            start[i] = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_dpbusd_epi32(_mm512_setzero_si512(), bias8, w[i]));
            dw[i] = pairOf(halfToFloat(rows[i][b].d), halfToFloat(rows[i][b + 1].d));
        }
        #pragma GCC unroll 4
        for (int k = 0; k < NT; ++k) {
            const __m512i u = _mm512_xor_si512(_mm512_loadu_si512(q + k * qs + 32 * b), bias8);   // x + 128
            const __m512 dx = pairOf(d[k * ds + b], d[k * ds + b + 1]);
            #pragma GCC unroll 4
            for (int i = 0; i < NR; ++i) {
                const __m512i sum = _mm512_dpbusd_epi32(start[i], u, w[i]);
                acc[i][k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(dw[i], dx), acc[i][k]);
            }
        }
    }
    // The last block when the row has an odd number: the same in a ymm, added
    // into the low half of the accumulators.
    if (b < nb) {
        const __m256i bias = _mm256_set1_epi8(static_cast<char>(0x80));
        #pragma GCC unroll 4
        for (int i = 0; i < NR; ++i) {
            const __m256i w = Unpack::run(rows[i][b]);
            const __m256i start =
                _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_dpbusd_epi32(_mm256_setzero_si256(), bias, w));
            const float dw = halfToFloat(rows[i][b].d);
            #pragma GCC unroll 4
            for (int k = 0; k < NT; ++k) {
                const __m256i u = _mm256_xor_si256(
                    _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + k * qs + 32 * b)), bias);
                const __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_dpbusd_epi32(start, u, w)),
                                               _mm256_set1_ps(dw * d[k * ds + b]));
                acc[i][k] = _mm512_add_ps(acc[i][k], _mm512_zextps256_ps512(f));
            }
        }
    }
    #pragma GCC unroll 4
    for (int i = 0; i < NR; ++i)
        #pragma GCC unroll 4
        for (int k = 0; k < NT; ++k)
            t.y[(tok + k) * t.yStride + r + i] = _mm512_reduce_add_ps(acc[i][k]);
}

/// Calls tile32<Unpack, NR, n> for n = the tokens left (1..4).
template <typename Unpack, int NR>
void tokens32(const TileArgs& t, std::int64_t r)
{
    std::int64_t k = 0;
    for (; k + 4 <= t.nTok; k += 4)
        tile32<Unpack, NR, 4>(t, r, k);
    switch (t.nTok - k) {
    case 3: tile32<Unpack, NR, 3>(t, r, k); break;
    case 2: tile32<Unpack, NR, 2>(t, r, k); break;
    case 1: tile32<Unpack, NR, 1>(t, r, k); break;
    default: break;
    }
}

template <typename Unpack>
void tile32All(const TileArgs& t)
{
    std::int64_t r = 0;
    for (; r + 3 <= t.nRows; r += 3)
        tokens32<Unpack, 3>(t, r);
    switch (t.nRows - r) {
    case 2: tokens32<Unpack, 2>(t, r); break;
    case 1: tokens32<Unpack, 1>(t, r); break;
    default: break;
    }
}

/// Decode (one token) streams each weight once and is bound by memory
/// bandwidth, which the AVX2 kernels already reach; measured side by side
/// (bench_kernels --compare-isas) the 512-bit ones were no faster there and
/// up to 20% slower on Q4_0, so single-token tiles stay on AVX2.
template <typename Unpack, gguf::GgmlType type>
void tile32OrDecode(const TileArgs& t)
{
    if (t.nTok == 1)
        avx2Kernels().fastTile(type)(t);
    else
        tile32All<Unpack>(t);
}

TileFn fastTile(gguf::GgmlType type)
{
    switch (type) {
    case gguf::GgmlType::Q8_0: return tile32OrDecode<UnpackQ8_0, gguf::GgmlType::Q8_0>;
    case gguf::GgmlType::Q4_0: return tile32OrDecode<UnpackQ4_0, gguf::GgmlType::Q4_0>;
    case gguf::GgmlType::Q5_0: return tile32OrDecode<UnpackQ5_0, gguf::GgmlType::Q5_0>;
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
