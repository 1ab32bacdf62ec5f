// The GPU mixture-of-experts kernels (moe.cu) against the CPU: the router
// against models::routeToken on random logits (softmax; sigmoid with a
// selection bias; group-limited, V2's and V3's shapes), and the expert
// products against double-precision products of the same quantized weights.
// Tolerances: expert ids equal wherever the CPU's choice is not a near-tie
// (a selection or group margin below 1e-5, where F32 rounding may decide);
// weights 1e-5 relative (exp and the sum in another rounding); products
// accumulate in F32 in another order than the double reference: 1e-5 of the
// sum of |terms|, as cudakernels_test's matvec.
#include "testmatrix.h"

#include "inference/error.h"
#include "inference/models/moerouter.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace qiusuo::test {
namespace {

using gguf::GgmlType;

struct RouterCase {
    const char* name;
    int experts, used, groups, groupsUsed;
    bool sigmoid, bias, normalize;
    float scale;
};

const RouterCase kRouterCases[] = {
    {"V2Lite", 8, 2, 1, 1, false, false, false, 1.0f},       // tiny-deepseek2-lite
    {"V3Tiny", 16, 4, 1, 1, true, true, true, 2.5f},         // tiny-deepseek3
    {"V2Groups", 160, 6, 8, 3, false, false, false, 16.0f},  // DeepSeek-V2's group-limited routing
    {"V3Groups", 256, 8, 8, 4, true, true, true, 2.5f},      // DeepSeek-V3/R1
};

/// Logits (and biases) on a shuffled grid: distinct values, as a real router's are.
std::vector<float> shuffledGrid(int n, std::uint32_t seed, float step, float offset)
{
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<float> v(order.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<float>(order[i]) * step + offset;
    return v;
}

/// The smallest gap the CPU's choice hinges on: between the last kept and
/// the first dropped group score, and the k-th and (k+1)-th selection score.
float choiceMargin(const RouterCase& c, const float* logits, const std::vector<float>& bias)
{
    const auto n = static_cast<std::size_t>(c.experts);
    std::vector<float> score(n);
    if (c.sigmoid) {
        for (std::size_t e = 0; e < n; ++e)
            score[e] = 1.0f / (1.0f + std::exp(-logits[e]));
    } else {
        const float m = *std::max_element(logits, logits + n);
        float sum = 0;
        for (std::size_t e = 0; e < n; ++e)
            sum += score[e] = std::exp(logits[e] - m);
        for (float& s : score)
            s /= sum;
    }
    for (std::size_t e = 0; e < n && !bias.empty(); ++e)
        score[e] += bias[e];
    float margin = INFINITY;
    if (c.groups > 1 && c.groupsUsed < c.groups) {
        const std::size_t per = n / static_cast<std::size_t>(c.groups);
        std::vector<float> groupScore;
        for (std::size_t g = 0; g < static_cast<std::size_t>(c.groups); ++g) {
            std::vector<float> m(score.begin() + static_cast<std::ptrdiff_t>(g * per),
                                 score.begin() + static_cast<std::ptrdiff_t>((g + 1) * per));
            std::sort(m.begin(), m.end(), std::greater<>());
            groupScore.push_back(m[0] + m[1]);
        }
        std::vector<float> sorted = groupScore;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        margin = sorted[static_cast<std::size_t>(c.groupsUsed) - 1] - sorted[static_cast<std::size_t>(c.groupsUsed)];
        const float cut = sorted[static_cast<std::size_t>(c.groupsUsed) - 1];
        for (std::size_t g = 0; g < groupScore.size(); ++g)
            if (groupScore[g] < cut)
                std::fill(score.begin() + static_cast<std::ptrdiff_t>(g * per),
                          score.begin() + static_cast<std::ptrdiff_t>((g + 1) * per), -INFINITY);
    }
    std::sort(score.begin(), score.end(), std::greater<>());
    return std::min(margin, score[static_cast<std::size_t>(c.used) - 1] - score[static_cast<std::size_t>(c.used)]);
}

class RouterTest : public CudaTest, public testing::WithParamInterface<RouterCase> {};

TEST_P(RouterTest, ChoosesAndWeighsAsTheCpu)
{
    const RouterCase& c = GetParam();
    const int tokens = 100;
    std::vector<float> logits;
    for (int t = 0; t < tokens; ++t) {
        const std::vector<float> row = shuffledGrid(c.experts, 100u + static_cast<std::uint32_t>(t),
                                                    8.0f / static_cast<float>(c.experts), -4.0f);
        logits.insert(logits.end(), row.begin(), row.end());
    }
    const std::vector<float> bias = c.bias ? shuffledGrid(c.experts, 7, 0.3f / static_cast<float>(c.experts), -0.1f)
                                           : std::vector<float>{};
    const cuda::DeviceBuffer dLogits = toDevice(logits);
    const cuda::DeviceBuffer dBias = c.bias ? toDevice(bias) : cuda::DeviceBuffer{};
    const auto slots = static_cast<std::size_t>(tokens * c.used);
    cuda::DeviceBuffer ids(slots * 4, "test"), weights(slots * 4, "test");
    const cuda::MoeRouting routing{c.experts, c.used, c.groups, c.groupsUsed, c.sigmoid, c.normalize, c.scale};
    cuda::moeRoute(dLogits.as<float>(), c.bias ? dBias.as<float>() : nullptr, tokens, routing,
                   ids.as<std::int32_t>(), weights.as<float>(), nullptr);
    const std::vector<std::int32_t> gotIds = toHost<std::int32_t>(ids, slots);
    const std::vector<float> gotWeights = toHost<float>(weights, slots);

    models::RouterConfig cpu;
    cpu.expertCount = c.experts;
    cpu.used = c.used;
    cpu.groups = c.groups;
    cpu.groupsUsed = c.groupsUsed;
    cpu.gating = c.sigmoid ? models::ExpertGating::Sigmoid : models::ExpertGating::Softmax;
    cpu.normalize = c.normalize;
    cpu.scale = c.scale;
    int checked = 0;
    for (int t = 0; t < tokens; ++t) {
        const float* row = logits.data() + static_cast<std::size_t>(t) * static_cast<std::size_t>(c.experts);
        if (choiceMargin(c, row, bias) < 1e-5f)
            continue;
        ++checked;
        std::vector<std::int32_t> wantIds(static_cast<std::size_t>(c.used));
        std::vector<float> wantWeights(wantIds.size());
        models::routeToken(cpu, row, bias, wantIds.data(), wantWeights.data());
        // The same experts with the same weights; their order (best first)
        // is compared by id, since two chosen experts may nearly tie.
        std::vector<std::pair<std::int32_t, float>> want, got;
        for (int i = 0; i < c.used; ++i) {
            const auto s = static_cast<std::size_t>(t * c.used + i);
            want.emplace_back(wantIds[static_cast<std::size_t>(i)], wantWeights[static_cast<std::size_t>(i)]);
            got.emplace_back(gotIds[s], gotWeights[s]);
        }
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        for (std::size_t i = 0; i < want.size(); ++i) {
            ASSERT_EQ(got[i].first, want[i].first) << "token " << t;
            EXPECT_NEAR(got[i].second, want[i].second, 1e-5 * (1.0 + std::fabs(want[i].second)))
                << "token " << t << " expert " << want[i].first;
        }
    }
    EXPECT_GE(checked, 90) << "too many near-ties in the test data";
}

std::string routerCaseName(const testing::TestParamInfo<RouterCase>& param)
{
    return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(Shapes, RouterTest, testing::ValuesIn(kRouterCases), routerCaseName);

TEST(MoeRouterLimits, ShapesItCannotTakeAreErrorsBeforeAnyGpuWork)
{
    const cuda::MoeRouting tooMany{2048, 8, 1, 1, false, false, 1.0f};
    EXPECT_THROW(cuda::moeRoute(nullptr, nullptr, 1, tooMany, nullptr, nullptr, nullptr), Error);
    const cuda::MoeRouting unevenGroups{10, 2, 3, 1, false, false, 1.0f};
    EXPECT_THROW(cuda::moeRoute(nullptr, nullptr, 1, unevenGroups, nullptr, nullptr, nullptr), Error);
}

const GgmlType kTypes[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q5_0,
                           GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

class ExpertProductTest : public CudaTest, public testing::WithParamInterface<GgmlType> {};

/// Expected value of a product with its tolerance (1e-5 of Σ|terms|).
struct Expected {
    double value = 0;
    double magnitude = 0;
};

TEST_P(ExpertProductTest, MatchesTheProductsOfTheChosenExperts)
{
    const GgmlType type = GetParam();
    const int experts = 6, embd = 256, ff = 512, n = 3, k = 2;
    // Stacks of 6 experts: gate and up [6][ff][embd], down [6][embd][ff].
    const QuantMatrix gate = quantMatrix(type, experts * ff, embd, 41);
    const QuantMatrix up = quantMatrix(type, experts * ff, embd, 42);
    const QuantMatrix down = quantMatrix(type, experts * embd, ff, 43);
    auto stack = [&](const QuantMatrix& m, std::int64_t rows) {
        cuda::ExpertWeights w;
        w.first = m.weight();
        w.first.rows = rows;
        w.stride = m.rowBytes * static_cast<std::size_t>(rows);
        w.count = experts;
        return w;
    };
    const cuda::ExpertWeights gateW = stack(gate, ff), upW = stack(up, ff), downW = stack(down, embd);

    // Token 2 takes token 0's experts in the other order; expert 4 serves three slots.
    const std::vector<std::int32_t> ids = {1, 4, 0, 4, 4, 1};
    const std::vector<float> weights = {0.7f, 0.3f, 1.5f, -0.25f, 0.6f, 0.4f};
    const std::vector<float> x = randomValues(static_cast<std::size_t>(n * embd), 44);
    const std::vector<float> y0 = randomValues(static_cast<std::size_t>(n * embd), 45);
    const cuda::DeviceBuffer dIds = toDevice(ids), dWeights = toDevice(weights), dx = toDevice(x);

    // The reference for activations xs (what the products see) and the
    // hidden rows hs the down products see.
    auto hidden = [&](const std::vector<float>& xs) {
        std::vector<Expected> h(static_cast<std::size_t>(n * k * ff));
        for (int s = 0; s < n * k; ++s) {
            const int t = s / k, e = ids[static_cast<std::size_t>(s)];
            for (int r = 0; r < ff; ++r) {
                double g = 0, u = 0, mag = 0;
                for (int c = 0; c < embd; ++c) {
                    const double xv = xs[static_cast<std::size_t>(t * embd + c)];
                    g += gate.at(e * ff + r, c) * xv;
                    u += up.at(e * ff + r, c) * xv;
                    mag += std::fabs(gate.at(e * ff + r, c) * xv) + std::fabs(up.at(e * ff + r, c) * xv);
                }
                const double silu = g / (1.0 + std::exp(-g));
                h[static_cast<std::size_t>(s * ff + r)] = {silu * u, mag * (1.0 + std::fabs(u) + std::fabs(silu))};
            }
        }
        return h;
    };
    auto output = [&](const std::vector<float>& hs) {
        std::vector<Expected> y(static_cast<std::size_t>(n * embd));
        for (int t = 0; t < n; ++t)
            for (int r = 0; r < embd; ++r) {
                Expected& out = y[static_cast<std::size_t>(t * embd + r)];
                out.value = y0[static_cast<std::size_t>(t * embd + r)];
                for (int i = 0; i < k; ++i) {
                    const int s = t * k + i, e = ids[static_cast<std::size_t>(s)];
                    const double w = weights[static_cast<std::size_t>(s)];
                    for (int c = 0; c < ff; ++c) {
                        const double term = w * down.at(e * embd + r, c) * hs[static_cast<std::size_t>(s * ff + c)];
                        out.value += term;
                        out.magnitude += std::fabs(term);
                    }
                }
            }
        return y;
    };
    auto expectNear = [](const std::vector<float>& got, const std::vector<Expected>& want, const char* what) {
        for (std::size_t i = 0; i < got.size(); ++i)
            ASSERT_NEAR(got[i], want[i].value, 1e-5 * want[i].magnitude + 1e-6) << what << " element " << i;
    };

    // F32 activations.
    cuda::DeviceBuffer h(static_cast<std::size_t>(n * k * ff) * 4, "test");
    cuda::moeSwiglu(gateW, upW, dIds.as<std::int32_t>(), n, k, dx.as<float>(), nullptr, h.as<float>(), nullptr);
    const std::vector<float> gotH = toHost<float>(h, static_cast<std::size_t>(n * k * ff));
    expectNear(gotH, hidden(x), "hidden");
    cuda::DeviceBuffer y = toDevice(y0);
    cuda::moeDown(downW, dIds.as<std::int32_t>(), dWeights.as<float>(), n, k, h.as<float>(), nullptr, y.as<float>(),
                  nullptr);
    expectNear(toHost<float>(y, y0.size()), output(gotH), "output");

    if (!cuda::matvecTakesQ8(type))
        return;
    // 8-bit activations (the decode path): x and the hidden rows quantized
    // here as the GPU would, the references taking the quantized values.
    std::vector<std::int8_t> xq;
    std::vector<float> xd, xExact;
    quantize8(x, xq, xd, xExact);
    const cuda::DeviceBuffer dxq = toDevice(xq), dxd = toDevice(xd);
    const cuda::QuantizedActivations x8{dxq.as<std::int8_t>(), dxd.as<float>()};
    cuda::moeSwiglu(gateW, upW, dIds.as<std::int32_t>(), n, k, dx.as<float>(), &x8, h.as<float>(), nullptr);
    const std::vector<float> gotH8 = toHost<float>(h, static_cast<std::size_t>(n * k * ff));
    expectNear(gotH8, hidden(xExact), "hidden (8-bit)");
    std::vector<std::int8_t> hq;
    std::vector<float> hd, hExact;
    quantize8(gotH8, hq, hd, hExact);
    const cuda::DeviceBuffer dhq = toDevice(hq), dhd = toDevice(hd);
    const cuda::QuantizedActivations h8{dhq.as<std::int8_t>(), dhd.as<float>()};
    y = toDevice(y0);
    cuda::moeDown(downW, dIds.as<std::int32_t>(), dWeights.as<float>(), n, k, h.as<float>(), &h8, y.as<float>(),
                  nullptr);
    expectNear(toHost<float>(y, y0.size()), output(hExact), "output (8-bit)");
}

TEST_P(ExpertProductTest, BatchedRowProductsMatchTheCpu)
{
    const QuantMatrix m = quantMatrix(GetParam(), 19, 512, 51);
    const int n = 4;
    const std::vector<float> x = randomValues(static_cast<std::size_t>(n * m.cols), 52);
    const cuda::DeviceBuffer dx = toDevice(x);
    cuda::DeviceBuffer y(static_cast<std::size_t>(n * m.rows) * 4, "test");
    cuda::matvecRows(m.weight(), dx.as<float>(), n, y.as<float>(), nullptr);
    const std::vector<float> got = toHost<float>(y, static_cast<std::size_t>(n * m.rows));
    for (int t = 0; t < n; ++t)
        for (std::int64_t r = 0; r < m.rows; ++r) {
            double want = 0, mag = 0;
            for (std::int64_t c = 0; c < m.cols; ++c) {
                const double term = static_cast<double>(m.at(r, c)) * x[static_cast<std::size_t>(t * m.cols + c)];
                want += term;
                mag += std::fabs(term);
            }
            ASSERT_NEAR(got[static_cast<std::size_t>(t * m.rows + r)], want, 1e-5 * mag + 1e-6)
                << "token " << t << " row " << r;
        }
}

std::string typeCaseName(const testing::TestParamInfo<GgmlType>& param)
{
    return std::string(gguf::ggmlTypeName(param.param));
}

INSTANTIATE_TEST_SUITE_P(AllTypes, ExpertProductTest, testing::ValuesIn(kTypes), typeCaseName);

} // namespace
} // namespace qiusuo::test
