#include "inference/models/attentionkernels.h"

#include "inference/cpu/fp16.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define QIUSUO_ATTENTION_X86 1
#endif

namespace qiusuo::models {

namespace {

/// Every F16 value as F32: reading the F16 cache costs one load an element.
const float* f16Table()
{
    static const std::vector<float> table = [] {
        std::vector<float> t(65536);
        for (std::uint32_t i = 0; i < 65536; ++i)
            t[i] = cpu::f16ToF32(static_cast<std::uint16_t>(i));
        return t;
    }();
    return table.data();
}

void scoresF32Portable(const float* q, const float* keys, std::int32_t nPos, std::int32_t dim,
                       std::int64_t stride, float scale, float* scores)
{
    for (std::int32_t p = 0; p < nPos; ++p) {
        const float* k = keys + static_cast<std::int64_t>(p) * stride;
        float dot = 0.0f;
        for (std::int32_t i = 0; i < dim; ++i)
            dot += q[i] * k[i];
        scores[p] = dot * scale;
    }
}

void scoresF16Portable(const float* q, const std::uint16_t* keys, std::int32_t nPos, std::int32_t dim,
                       std::int64_t stride, float scale, float* scores)
{
    const float* table = f16Table();
    for (std::int32_t p = 0; p < nPos; ++p) {
        const std::uint16_t* k = keys + static_cast<std::int64_t>(p) * stride;
        float dot = 0.0f;
        for (std::int32_t i = 0; i < dim; ++i)
            dot += q[i] * table[k[i]];
        scores[p] = dot * scale;
    }
}

void mixF32Portable(const float* w, const float* values, std::int32_t nPos, std::int32_t dim, std::int64_t stride,
                    float* out)
{
    std::memset(out, 0, sizeof(float) * static_cast<std::size_t>(dim));
    for (std::int32_t p = 0; p < nPos; ++p) {
        const float* v = values + static_cast<std::int64_t>(p) * stride;
        for (std::int32_t i = 0; i < dim; ++i)
            out[i] += w[p] * v[i];
    }
}

void mixF16Portable(const float* w, const std::uint16_t* values, std::int32_t nPos, std::int32_t dim,
                    std::int64_t stride, float* out)
{
    const float* table = f16Table();
    std::memset(out, 0, sizeof(float) * static_cast<std::size_t>(dim));
    for (std::int32_t p = 0; p < nPos; ++p) {
        const std::uint16_t* v = values + static_cast<std::int64_t>(p) * stride;
        for (std::int32_t i = 0; i < dim; ++i)
            out[i] += w[p] * table[v[i]];
    }
}

#ifdef QIUSUO_ATTENTION_X86
#define QIUSUO_AVX2 __attribute__((target("avx2,fma,f16c")))

QIUSUO_AVX2 inline float hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

QIUSUO_AVX2 inline __m256 load8(const float* p) { return _mm256_loadu_ps(p); }
QIUSUO_AVX2 inline __m256 load8(const std::uint16_t* p)
{
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline float load1(const float* p) { return *p; }
inline float load1(const std::uint16_t* p) { return cpu::f16ToF32(*p); }

// Four accumulators: MLA's 576-wide rows would otherwise wait on one
// dependent chain of 72 FMAs.
template <typename T>
QIUSUO_AVX2 void scoresAvx2(const float* q, const T* keys, std::int32_t nPos, std::int32_t dim,
                            std::int64_t stride, float scale, float* scores)
{
    const std::int32_t vecEnd = dim - dim % 8;
    const std::int32_t quadEnd = dim - dim % 32;
    for (std::int32_t p = 0; p < nPos; ++p) {
        const T* k = keys + static_cast<std::int64_t>(p) * stride;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        __m256 a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        std::int32_t i = 0;
        for (; i < quadEnd; i += 32) {
            a0 = _mm256_fmadd_ps(load8(q + i), load8(k + i), a0);
            a1 = _mm256_fmadd_ps(load8(q + i + 8), load8(k + i + 8), a1);
            a2 = _mm256_fmadd_ps(load8(q + i + 16), load8(k + i + 16), a2);
            a3 = _mm256_fmadd_ps(load8(q + i + 24), load8(k + i + 24), a3);
        }
        for (; i < vecEnd; i += 8)
            a0 = _mm256_fmadd_ps(load8(q + i), load8(k + i), a0);
        float dot = hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
        for (i = vecEnd; i < dim; ++i)
            dot += q[i] * load1(k + i);
        scores[p] = dot * scale;
    }
}

// Four positions per pass over `out`: one load and one store of it serve four
// FMAs (with wide heads `out` does not fit in registers).
template <typename T>
QIUSUO_AVX2 void mixAvx2(const float* w, const T* values, std::int32_t nPos, std::int32_t dim, std::int64_t stride,
                         float* out)
{
    const std::int32_t vecEnd = dim - dim % 8;
    std::memset(out, 0, sizeof(float) * static_cast<std::size_t>(dim));
    std::int32_t p = 0;
    for (; p + 4 <= nPos; p += 4) {
        const T* v0 = values + static_cast<std::int64_t>(p) * stride;
        const T* v1 = v0 + stride;
        const T* v2 = v1 + stride;
        const T* v3 = v2 + stride;
        const __m256 w0 = _mm256_set1_ps(w[p]), w1 = _mm256_set1_ps(w[p + 1]);
        const __m256 w2 = _mm256_set1_ps(w[p + 2]), w3 = _mm256_set1_ps(w[p + 3]);
        for (std::int32_t i = 0; i < vecEnd; i += 8) {
            __m256 o = _mm256_fmadd_ps(w0, load8(v0 + i), _mm256_loadu_ps(out + i));
            o = _mm256_fmadd_ps(w1, load8(v1 + i), o);
            o = _mm256_fmadd_ps(w2, load8(v2 + i), o);
            _mm256_storeu_ps(out + i, _mm256_fmadd_ps(w3, load8(v3 + i), o));
        }
        for (std::int32_t i = vecEnd; i < dim; ++i)
            out[i] += w[p] * load1(v0 + i) + w[p + 1] * load1(v1 + i) + w[p + 2] * load1(v2 + i) +
                      w[p + 3] * load1(v3 + i);
    }
    for (; p < nPos; ++p) {
        const T* v = values + static_cast<std::int64_t>(p) * stride;
        const __m256 wp = _mm256_set1_ps(w[p]);
        for (std::int32_t i = 0; i < vecEnd; i += 8)
            _mm256_storeu_ps(out + i, _mm256_fmadd_ps(wp, load8(v + i), _mm256_loadu_ps(out + i)));
        for (std::int32_t i = vecEnd; i < dim; ++i)
            out[i] += w[p] * load1(v + i);
    }
}

bool cpuHasAvx2()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}
#endif

} // namespace

const AttentionKernels& portableAttentionKernels()
{
    static const AttentionKernels k{"portable", scoresF32Portable, scoresF16Portable, mixF32Portable,
                                    mixF16Portable};
    return k;
}

const AttentionKernels* avx2AttentionKernels()
{
#ifdef QIUSUO_ATTENTION_X86
    static const AttentionKernels k{"avx2", scoresAvx2<float>, scoresAvx2<std::uint16_t>, mixAvx2<float>,
                                    mixAvx2<std::uint16_t>};
    static const bool supported = cpuHasAvx2();
    return supported ? &k : nullptr;
#else
    return nullptr;
#endif
}

const AttentionKernels& activeAttentionKernels()
{
    static const AttentionKernels& chosen = [] () -> const AttentionKernels& {
        const char* isa = std::getenv("QIUSUO_CPU_ISA");
        const bool forcePortable = isa && std::strcmp(isa, "portable") == 0;
        const AttentionKernels* simd = avx2AttentionKernels();
        return simd && !forcePortable ? *simd : portableAttentionKernels();
    }();
    return chosen;
}

} // namespace qiusuo::models
