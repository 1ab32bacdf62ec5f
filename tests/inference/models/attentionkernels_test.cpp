// The SIMD attention loops against the portable ones (and those against a
// double-precision sum), on F32 and F16 caches, with head sizes that leave tails.
#include "inference/cpu/fp16.h"
#include "inference/models/attentionkernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace qiusuo::test {
namespace {

using models::AttentionKernels;

struct Data {
    std::vector<float> q, kf, vf, w;
    std::vector<std::uint16_t> kh, vh;
};

/// Rows of `stride` values of which the first `dim` are the head's: the
/// padding holds values too, so a kernel that reads it gets a wrong sum.
Data makeData(std::int32_t nPos, std::int32_t dim, std::int32_t stride)
{
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> u(-2.0f, 2.0f);
    Data d;
    d.q.resize(static_cast<std::size_t>(dim));
    for (float& x : d.q)
        x = u(rng);
    for (std::int32_t i = 0; i < nPos * stride; ++i) {
        const std::uint16_t kh = cpu::f32ToF16(u(rng));
        const std::uint16_t vh = cpu::f32ToF16(u(rng));
        // The F32 cache holds the same (F16-representable) values, so both agree.
        d.kh.push_back(kh);
        d.vh.push_back(vh);
        d.kf.push_back(cpu::f16ToF32(kh));
        d.vf.push_back(cpu::f16ToF32(vh));
    }
    for (std::int32_t p = 0; p < nPos; ++p)
        d.w.push_back(std::abs(u(rng)) / static_cast<float>(nPos));
    return d;
}

void checkKernels(const AttentionKernels& k)
{
    struct Shape {
        std::int32_t dim, stride;
    };
    // Head sizes with SIMD tails; 576-wide MLA latent rows read 512 or 576 at a time.
    for (const Shape shape : {Shape{64, 64}, Shape{128, 128}, Shape{36, 36}, Shape{5, 5}, Shape{512, 576},
                              Shape{576, 576}, Shape{64, 576}, Shape{40, 77}}) {
        const std::int32_t dim = shape.dim, stride = shape.stride;
        const std::int32_t nPos = 37;
        const Data d = makeData(nPos, dim, stride);
        const float scale = 0.125f;
        std::vector<float> s32(nPos), s16(nPos), o32(static_cast<std::size_t>(dim)), o16(o32.size());
        k.scoresF32(d.q.data(), d.kf.data(), nPos, dim, stride, scale, s32.data());
        k.scoresF16(d.q.data(), d.kh.data(), nPos, dim, stride, scale, s16.data());
        for (std::int32_t p = 0; p < nPos; ++p) {
            double want = 0;
            for (std::int32_t i = 0; i < dim; ++i)
                want += static_cast<double>(d.q[i]) * d.kf[static_cast<std::size_t>(p * stride + i)];
            want *= scale;
            EXPECT_NEAR(s32[p], want, 1e-4) << k.name << " dim " << dim << " stride " << stride << " position " << p;
            EXPECT_NEAR(s16[p], want, 1e-4) << k.name << " dim " << dim << " stride " << stride << " position " << p;
        }
        k.mixF32(d.w.data(), d.vf.data(), nPos, dim, stride, o32.data());
        k.mixF16(d.w.data(), d.vh.data(), nPos, dim, stride, o16.data());
        for (std::int32_t i = 0; i < dim; ++i) {
            double want = 0;
            for (std::int32_t p = 0; p < nPos; ++p)
                want += static_cast<double>(d.w[p]) * d.vf[static_cast<std::size_t>(p * stride + i)];
            EXPECT_NEAR(o32[i], want, 1e-5) << k.name << " dim " << dim << " stride " << stride << " element " << i;
            EXPECT_NEAR(o16[i], want, 1e-5) << k.name << " dim " << dim << " stride " << stride << " element " << i;
        }
    }
}

TEST(AttentionKernels, PortableMatchesADoubleSum)
{
    checkKernels(models::portableAttentionKernels());
}

TEST(AttentionKernels, Avx2MatchesADoubleSum)
{
    const AttentionKernels* k = models::avx2AttentionKernels();
    if (!k)
        GTEST_SKIP() << "this CPU lacks AVX2/FMA/F16C";
    checkKernels(*k);
}

} // namespace
} // namespace qiusuo::test
