// The GPU MLA kernels (mla.cu) against the CPU and double precision: the
// latent's RMSNorm and the YaRN RoPE of k_pe and q_pe against models::rmsNorm
// and models::Rope (1e-6 relative: the same math, sqrt and sums in another
// order); the query absorption and the value products against double
// products (1e-5 of the sum of |terms|); the attention over the latent cache
// against a double softmax for 1 to 700 positions, one token and several
// (with passes smaller than the batch), 1e-5 (1 + |value|): the scores and
// the weighted sums accumulate in F32.
#include "testmatrix.h"

#include "inference/error.h"
#include "inference/models/rmsnorm.h"
#include "inference/models/rope.h"
#include "inference/models/yarn.h"

#include <cmath>
#include <string>

namespace qiusuo::test {
namespace {

cuda::MlaShape smallShape(std::int32_t context)
{
    // tiny-deepseek2-lite's: 4 heads, nope 64, rope 32, rank 128, values 64.
    return {4, 64, 32, 128, 64, context, 0.1f};
}

using MlaKernelTest = CudaTest;

TEST_F(MlaKernelTest, PrepareNormalisesRotatesAndStoresAsTheCpu)
{
    const cuda::MlaShape s = smallShape(16);
    const int n = 3, pos0 = 5, width = s.width(), keyDim = s.nopeDims + s.ropeDims;
    const std::vector<float> latent = randomValues(static_cast<std::size_t>(n * width), 61);
    const std::vector<float> q = randomValues(static_cast<std::size_t>(n * s.heads * keyDim), 62);
    const std::vector<float> norm = randomValues(static_cast<std::size_t>(s.rank), 63);
    models::YarnParams y;
    y.ropeDims = s.ropeDims;
    y.freqBase = 10000.0;
    y.factor = 4.0;
    y.originalContext = 128;
    const std::vector<float> factors = models::yarnFreqFactors(y);
    std::vector<double> freq;
    for (int i = 0; i < s.ropeDims / 2; ++i)
        freq.push_back(std::pow(10000.0, -2.0 * i / s.ropeDims) / factors[static_cast<std::size_t>(i)]);
    const std::vector<std::int32_t> pos = {pos0};

    const cuda::DeviceBuffer dLatent = toDevice(latent), dNorm = toDevice(norm), dFreq = toDevice(freq),
                             dPos = toDevice(pos);
    cuda::DeviceBuffer dq = toDevice(q);
    cuda::DeviceBuffer cache = toDevice(std::vector<float>(static_cast<std::size_t>(s.context * width), 0.0f));
    cuda::mlaPrepare(dq.as<float>(), dLatent.as<float>(), n, s, dNorm.as<float>(), 1e-6f, dFreq.as<double>(),
                     dPos.as<std::int32_t>(), cache.as<float>(), nullptr);
    const std::vector<float> gotCache = toHost<float>(cache, static_cast<std::size_t>(s.context * width));
    const std::vector<float> gotQ = toHost<float>(dq, q.size());

    const models::Rope rope(s.ropeDims, s.ropeDims, 10000.0, models::RopeLayout::Normal, 1.0, factors);
    std::vector<float> wantQ = q;
    for (int t = 0; t < n; ++t) {
        std::vector<float> row(latent.begin() + t * width, latent.begin() + (t + 1) * width);
        models::rmsNorm(row.data(), norm.data(), row.data(), s.rank, 1, 1e-6f);
        rope.apply(row.data() + s.rank, 1, pos0 + t);
        for (int h = 0; h < s.heads; ++h)
            rope.apply(wantQ.data() + (t * s.heads + h) * keyDim + s.nopeDims, 1, pos0 + t);
        for (int i = 0; i < width; ++i) {
            const float want = row[static_cast<std::size_t>(i)];
            ASSERT_NEAR(gotCache[static_cast<std::size_t>((pos0 + t) * width + i)], want, 1e-6 * (1.0 + std::fabs(want)))
                << "token " << t << " element " << i;
        }
    }
    for (std::size_t i = 0; i < q.size(); ++i)
        ASSERT_NEAR(gotQ[i], wantQ[i], 1e-6 * (1.0 + std::fabs(wantQ[i]))) << "query element " << i;
    // Nothing but positions 5..7 was written.
    for (int p = 0; p < s.context; ++p) {
        if (p >= pos0 && p < pos0 + n)
            continue;
        for (int i = 0; i < width; ++i)
            ASSERT_EQ(gotCache[static_cast<std::size_t>(p * width + i)], 0.0f) << "position " << p;
    }
}

TEST_F(MlaKernelTest, AbsorptionAndValuesMatchDoubleProducts)
{
    const cuda::MlaShape s = smallShape(16);
    const int n = 2, width = s.width(), keyDim = s.nopeDims + s.ropeDims;
    const std::vector<float> q = randomValues(static_cast<std::size_t>(n * s.heads * keyDim), 71);
    const std::vector<float> k = randomValues(static_cast<std::size_t>(s.heads * s.nopeDims * s.rank), 72);
    const std::vector<float> oLat = randomValues(static_cast<std::size_t>(n * s.heads * s.rank), 73);
    const std::vector<float> v = randomValues(static_cast<std::size_t>(s.heads * s.valueDim * s.rank), 74);
    const cuda::DeviceBuffer dq = toDevice(q), dk = toDevice(k), dO = toDevice(oLat), dv = toDevice(v);
    cuda::DeviceBuffer qAbs(static_cast<std::size_t>(n * s.heads * width) * 4, "test");
    cuda::DeviceBuffer out(static_cast<std::size_t>(n * s.heads * s.valueDim) * 4, "test");
    cuda::mlaAbsorbQuery(dq.as<float>(), dk.as<float>(), n, s, qAbs.as<float>(), nullptr);
    cuda::mlaValue(dO.as<float>(), dv.as<float>(), n, s, out.as<float>(), nullptr);
    const std::vector<float> gotQ = toHost<float>(qAbs, static_cast<std::size_t>(n * s.heads * width));
    const std::vector<float> gotOut = toHost<float>(out, static_cast<std::size_t>(n * s.heads * s.valueDim));

    for (int t = 0; t < n; ++t)
        for (int h = 0; h < s.heads; ++h) {
            const float* qh = q.data() + (t * s.heads + h) * keyDim;
            const float* got = gotQ.data() + (t * s.heads + h) * width;
            for (int r = 0; r < s.rank; ++r) {
                double want = 0, mag = 0;
                for (int d = 0; d < s.nopeDims; ++d) {
                    const double term = static_cast<double>(qh[d]) * k[static_cast<std::size_t>((h * s.nopeDims + d) * s.rank + r)];
                    want += term;
                    mag += std::fabs(term);
                }
                ASSERT_NEAR(got[r], want, 1e-5 * mag + 1e-6) << "token " << t << " head " << h << " latent " << r;
            }
            for (int i = 0; i < s.ropeDims; ++i)
                ASSERT_EQ(got[s.rank + i], qh[s.nopeDims + i]) << "q_pe is carried over unchanged";
            for (int i = 0; i < s.valueDim; ++i) {
                double want = 0, mag = 0;
                for (int r = 0; r < s.rank; ++r) {
                    const double term = static_cast<double>(v[static_cast<std::size_t>((h * s.valueDim + i) * s.rank + r)]) *
                                        oLat[static_cast<std::size_t>((t * s.heads + h) * s.rank + r)];
                    want += term;
                    mag += std::fabs(term);
                }
                ASSERT_NEAR(gotOut[static_cast<std::size_t>((t * s.heads + h) * s.valueDim + i)], want, 1e-5 * mag + 1e-6)
                    << "token " << t << " head " << h << " value " << i;
            }
        }
}

struct AttentionCase {
    const char* name;
    int heads, rope, rank;
    int n;            ///< query tokens
    int positions;    ///< the last token sees this many
    int passTokens;   ///< tokens per pass (scratch)
};

const AttentionCase kAttentionCases[] = {
    {"OnePosition", 4, 32, 128, 1, 1, 1},      {"TwoPositions", 4, 32, 128, 1, 2, 1},
    {"OneSplit", 4, 32, 128, 1, 64, 1},        {"SplitPlusOne", 4, 32, 128, 1, 65, 1},
    {"Decode700", 4, 32, 128, 1, 700, 1},      {"Decode700V3Latent", 2, 64, 512, 1, 700, 1},
    {"Prefill700InPasses", 3, 32, 128, 7, 700, 3}, {"PrefillFromStart", 2, 32, 128, 9, 9, 9},
};

class MlaAttentionTest : public CudaTest, public testing::WithParamInterface<AttentionCase> {};

TEST_P(MlaAttentionTest, MatchesADoubleSoftmax)
{
    const AttentionCase& c = GetParam();
    const cuda::MlaShape s{c.heads, 16, c.rope, c.rank, 16, 768, 0.1f};
    const int width = s.width();
    const int pos0 = c.positions - c.n;  // token t sits at pos0 + t
    const std::vector<float> cache = randomValues(static_cast<std::size_t>(s.context * width), 81);
    const std::vector<float> qAbs = randomValues(static_cast<std::size_t>(c.n * s.heads * width), 82);
    const std::vector<std::int32_t> pos = {pos0};
    const cuda::DeviceBuffer dCache = toDevice(cache), dq = toDevice(qAbs), dPos = toDevice(pos);
    cuda::DeviceBuffer scratch(cuda::mlaAttentionScratchFloats(s, c.passTokens) * 4, "test");
    cuda::DeviceBuffer out(static_cast<std::size_t>(c.n * s.heads * s.rank) * 4, "test");
    cuda::mlaAttention(dq.as<float>(), dCache.as<float>(), dPos.as<std::int32_t>(), c.n, s, c.passTokens,
                       scratch.as<float>(), out.as<float>(), nullptr);
    const std::vector<float> got = toHost<float>(out, static_cast<std::size_t>(c.n * s.heads * s.rank));

    for (int t = 0; t < c.n; ++t)
        for (int h = 0; h < s.heads; ++h) {
            const float* qh = qAbs.data() + (t * s.heads + h) * width;
            const int visible = pos0 + t + 1;
            std::vector<double> p(static_cast<std::size_t>(visible));
            double m = -INFINITY;
            for (int j = 0; j < visible; ++j) {
                double dot = 0;
                for (int i = 0; i < width; ++i)
                    dot += static_cast<double>(qh[i]) * cache[static_cast<std::size_t>(j * width + i)];
                p[static_cast<std::size_t>(j)] = dot * s.scale;
                m = std::max(m, p[static_cast<std::size_t>(j)]);
            }
            double sum = 0;
            for (double& x : p)
                sum += x = std::exp(x - m);
            for (int r = 0; r < s.rank; ++r) {
                double want = 0;
                for (int j = 0; j < visible; ++j)
                    want += p[static_cast<std::size_t>(j)] / sum * cache[static_cast<std::size_t>(j * width + r)];
                ASSERT_NEAR(got[static_cast<std::size_t>((t * s.heads + h) * s.rank + r)], want, 1e-5 * (1.0 + std::fabs(want)))
                    << "token " << t << " head " << h << " latent " << r;
            }
        }
}

std::string attentionCaseName(const testing::TestParamInfo<AttentionCase>& param)
{
    return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(Positions, MlaAttentionTest, testing::ValuesIn(kAttentionCases), attentionCaseName);

TEST(MlaShapeLimits, ShapesTheKernelsCannotTakeAreErrors)
{
    const cuda::MlaShape odd{4, 64, 31, 128, 64, 16, 1.0f};  // RoPE needs pairs
    EXPECT_THROW(cuda::mlaAbsorbQuery(nullptr, nullptr, 1, odd, nullptr, nullptr), Error);
    const cuda::MlaShape huge{4, 64, 64, 16384, 64, 16, 1.0f};  // the query would not fit in shared memory
    EXPECT_THROW(cuda::mlaAttention(nullptr, nullptr, nullptr, 1, huge, 1, nullptr, nullptr, nullptr), Error);
}

} // namespace
} // namespace qiusuo::test
