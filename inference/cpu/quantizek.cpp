// K-quant quantizers. Per sub-block, search the step that best represents
// the values, then store the sub-block steps themselves quantized (6 bits
// against one F16 super-scale for Q4_K/Q5_K, 8 bits for Q6_K) and re-fit
// every value to the step it will really be decoded with.
#include "inference/cpu/quantizek.h"

#include "inference/cpu/fp16.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qiusuo::cpu {
namespace {

int roundClamp(float v, int lo, int hi)
{
    return std::clamp(static_cast<int>(std::lround(v)), lo, hi);
}

/// Fits x[i] ~ scale * L[i] - minOut with L in [0, nmax], minOut >= 0,
/// minimising sum w[i] * error^2. Tries the steps (nmax + rmin + rdelta*k) /
/// (max - min) for k = 0..nstep; for each rounding pattern L, the best
/// (scale, offset) is the weighted least-squares line through (L, x).
float fitScaleMin(int n, int nmax, const float* x, const float* w, std::uint8_t* L, float& minOut,
                  float rmin, float rdelta, int nstep)
{
    float lo = *std::min_element(x, x + n);
    const float hi = *std::max_element(x, x + n);
    lo = std::min(lo, 0.0f);
    if (hi <= lo) {
        std::fill(L, L + n, 0);
        minOut = -lo;
        return 0.0f;
    }
    float sumW = 0, sumX = 0;
    for (int i = 0; i < n; ++i) {
        sumW += w[i];
        sumX += w[i] * x[i];
    }
    auto error = [&](const std::uint8_t* l, float s, float m) {
        float e = 0;
        for (int i = 0; i < n; ++i) {
            const float diff = s * static_cast<float>(l[i]) + m - x[i];
            e += w[i] * diff * diff;
        }
        return e;
    };
    float scale = (hi - lo) / static_cast<float>(nmax);
    float offset = lo;
    for (int i = 0; i < n; ++i)
        L[i] = static_cast<std::uint8_t>(roundClamp((x[i] - lo) / scale, 0, nmax));
    float best = error(L, scale, offset);
    std::uint8_t trial[32];
    for (int k = 0; k <= nstep; ++k) {
        const float iscale = (static_cast<float>(nmax) + rmin + rdelta * static_cast<float>(k)) / (hi - lo);
        float sumL = 0, sumL2 = 0, sumXL = 0;
        for (int i = 0; i < n; ++i) {
            const int l = roundClamp(iscale * (x[i] - lo), 0, nmax);
            trial[i] = static_cast<std::uint8_t>(l);
            sumL += w[i] * static_cast<float>(l);
            sumL2 += w[i] * static_cast<float>(l * l);
            sumXL += w[i] * static_cast<float>(l) * x[i];
        }
        const float det = sumW * sumL2 - sumL * sumL;
        if (det <= 0)
            continue;
        float s = (sumW * sumXL - sumX * sumL) / det;
        float m = (sumL2 * sumX - sumL * sumXL) / det;
        if (m > 0) {   // the offset may only lower values: refit through zero
            m = 0;
            s = sumXL / sumL2;
        }
        const float e = error(trial, s, m);
        if (e < best) {
            best = e;
            scale = s;
            offset = m;
            std::copy(trial, trial + n, L);
        }
    }
    minOut = -offset;
    return scale;
}

/// Quantizes the 8 sub-block scales and mins of a Q4_K/Q5_K block to 6 bits,
/// stores d, dmin and the packed `scales` bytes (layout: unpackScalesK4), and
/// refits L to the decoded steps.
template <typename Block>
void storeScalesAndRefit(const float* x, const float* scales, const float* mins, int nmax, Block& b,
                         std::uint8_t* L)
{
    const float maxScale = *std::max_element(scales, scales + 8);
    const float maxMin = *std::max_element(mins, mins + 8);
    const float invScale = maxScale > 0 ? 63.0f / maxScale : 0.0f;
    const float invMin = maxMin > 0 ? 63.0f / maxMin : 0.0f;
    int sc[8], mn[8];
    for (int j = 0; j < 8; ++j) {
        sc[j] = std::min(63, static_cast<int>(std::lround(invScale * scales[j])));
        mn[j] = std::min(63, static_cast<int>(std::lround(invMin * mins[j])));
    }
    b.d = f32ToF16(maxScale / 63.0f);
    b.dmin = f32ToF16(maxMin / 63.0f);
    for (int j = 0; j < 4; ++j) {
        b.scales[j] = static_cast<std::uint8_t>((sc[j] & 63) | ((sc[j + 4] >> 4) << 6));
        b.scales[j + 4] = static_cast<std::uint8_t>((mn[j] & 63) | ((mn[j + 4] >> 4) << 6));
        b.scales[j + 8] = static_cast<std::uint8_t>((sc[j + 4] & 0xF) | ((mn[j + 4] & 0xF) << 4));
    }
    const float d = f16ToF32(b.d), dmin = f16ToF32(b.dmin);
    for (int j = 0; j < 8; ++j) {
        const float step = d * static_cast<float>(sc[j]);
        const float off = dmin * static_cast<float>(mn[j]);
        for (int i = 0; i < 32; ++i)
            L[32 * j + i] = step > 0 ? static_cast<std::uint8_t>(roundClamp((x[32 * j + i] + off) / step, 0, nmax)) : 0;
    }
}

/// Weights of the K-quant fits: large values matter more, but never nothing.
void fitWeights(const float* x, float* w)
{
    float sum2 = 0;
    for (int i = 0; i < 256; ++i)
        sum2 += x[i] * x[i];
    const float rms = std::sqrt(sum2 / 256.0f);
    for (int i = 0; i < 256; ++i)
        w[i] = rms + std::fabs(x[i]);
}

template <typename Block, int nmax>
void quantizeK4Like(const float* x, Block& b, std::uint8_t* L, float rmin, float rdelta, int nstep)
{
    float w[256], scales[8], mins[8];
    fitWeights(x, w);
    for (int j = 0; j < 8; ++j)
        scales[j] = fitScaleMin(32, nmax, x + 32 * j, w + 32 * j, L + 32 * j, mins[j], rmin, rdelta, nstep);
    storeScalesAndRefit(x, scales, mins, nmax, b, L);
}

/// Fits x[i] ~ scale * l[i], l in [-nmax, nmax - 1], weights x^2; tries the
/// steps (nmax + 0.1k) / max|x| for k = -9..9 and keeps the one whose
/// least-squares scale leaves the smallest error.
float fitScaleSymmetric(int n, int nmax, const float* x, int* l)
{
    float mx = 0;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > std::fabs(mx))
            mx = x[i];
    if (std::fabs(mx) < 1e-15f) {
        std::fill(l, l + n, 0);
        return 0.0f;
    }
    float bestScale = 0, bestGain = -1;   // gain = (sum w x l)^2 / sum w l^2: error = sum w x^2 - gain
    int trial[32];
    for (int k = -9; k <= 9; ++k) {
        const float iscale = -(static_cast<float>(nmax) + 0.1f * static_cast<float>(k)) / mx;
        float sumLX = 0, sumL2 = 0;
        for (int i = 0; i < n; ++i) {
            trial[i] = roundClamp(iscale * x[i], -nmax, nmax - 1);
            const float wi = x[i] * x[i];
            sumLX += wi * x[i] * static_cast<float>(trial[i]);
            sumL2 += wi * static_cast<float>(trial[i] * trial[i]);
        }
        if (sumL2 > 0 && sumLX * sumLX / sumL2 > bestGain) {
            bestGain = sumLX * sumLX / sumL2;
            bestScale = sumLX / sumL2;
            std::copy(trial, trial + n, l);
        }
    }
    return bestScale;
}

} // namespace

void quantizeQ4_K(const float* x, BlockQ4_K* b, std::int64_t nb)
{
    std::uint8_t L[256];
    for (std::int64_t i = 0; i < nb; ++i, x += 256) {
        quantizeK4Like<BlockQ4_K, 15>(x, b[i], L, -1.0f, 0.1f, 20);
        for (int g = 0; g < 4; ++g)
            for (int l = 0; l < 32; ++l)
                b[i].qs[32 * g + l] = static_cast<std::uint8_t>(L[64 * g + l] | (L[64 * g + 32 + l] << 4));
    }
}

void quantizeQ5_K(const float* x, BlockQ5_K* b, std::int64_t nb)
{
    std::uint8_t L[256];
    for (std::int64_t i = 0; i < nb; ++i, x += 256) {
        quantizeK4Like<BlockQ5_K, 31>(x, b[i], L, -0.5f, 0.1f, 15);
        std::memset(b[i].qh, 0, sizeof b[i].qh);
        for (int g = 0; g < 4; ++g)
            for (int l = 0; l < 32; ++l) {
                const int lo = L[64 * g + l], hi = L[64 * g + 32 + l];
                b[i].qs[32 * g + l] = static_cast<std::uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
                b[i].qh[l] = static_cast<std::uint8_t>(b[i].qh[l] | ((lo >> 4) << (2 * g)) | ((hi >> 4) << (2 * g + 1)));
            }
    }
}

void quantizeQ6_K(const float* x, BlockQ6_K* b, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 256) {
        int l[256];
        float scales[16];
        float maxScale = 0;
        for (int s = 0; s < 16; ++s) {
            scales[s] = fitScaleSymmetric(16, 32, x + 16 * s, l + 16 * s);
            if (std::fabs(scales[s]) > std::fabs(maxScale))
                maxScale = scales[s];
        }
        // 8-bit sub-block scales against one F16 step; the sign of the largest
        // goes into d so it maps to -128.
        const float iscale = maxScale != 0 ? -128.0f / maxScale : 0.0f;
        b[i].d = f32ToF16(iscale != 0 ? 1.0f / iscale : 0.0f);
        const float d = f16ToF32(b[i].d);
        int q[256];
        for (int s = 0; s < 16; ++s) {
            b[i].scales[s] = static_cast<std::int8_t>(std::min(127, static_cast<int>(std::lround(iscale * scales[s]))));
            const float step = d * static_cast<float>(b[i].scales[s]);
            for (int k = 0; k < 16; ++k)
                q[16 * s + k] = (step != 0 ? roundClamp(x[16 * s + k] / step, -32, 31) : 0) + 32;
        }
        for (int h = 0; h < 2; ++h)
            for (int k = 0; k < 32; ++k) {
                const int* qq = q + 128 * h + k;
                const int q0 = qq[0], q1 = qq[32], q2 = qq[64], q3 = qq[96];
                b[i].ql[64 * h + k] = static_cast<std::uint8_t>((q0 & 0xF) | ((q2 & 0xF) << 4));
                b[i].ql[64 * h + 32 + k] = static_cast<std::uint8_t>((q1 & 0xF) | ((q3 & 0xF) << 4));
                b[i].qh[32 * h + k] =
                    static_cast<std::uint8_t>((q0 >> 4) | ((q1 >> 4) << 2) | ((q2 >> 4) << 4) | ((q3 >> 4) << 6));
            }
    }
}

} // namespace qiusuo::cpu
