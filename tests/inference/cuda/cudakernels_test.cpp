// Each CUDA kernel against the CPU engine's implementation of the same step,
// on random data. Tolerances: weight decoding is exact up to one rounding of
// a fused multiply-add (1e-6 relative); products accumulate in F32 in another
// order than the double reference (1e-5 of the sum of |terms|); F16 paths are
// compared with a reference that rounds the same inputs to F16.
#include "cudatest.h"

#include "inference/cpu/fp16.h"
#include "inference/cpu/matmul.h"
#include "inference/cpu/quantize.h"
#include "inference/cuda/gemm.h"
#include "inference/cuda/kernels.h"
#include "inference/error.h"
#include "inference/gguf/ggmltype.h"
#include "inference/models/rmsnorm.h"
#include "inference/models/rope.h"

#include <cmath>
#include <random>
#include <string>

namespace qiusuo::test {
namespace {

using gguf::GgmlType;

std::vector<float> randomFloats(std::size_t n, std::uint32_t seed, float scale = 1.0f)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    return v;
}

/// A quantized matrix on the host and the GPU, with its exact F32 values.
struct TestMatrix {
    GgmlType type;
    std::int64_t rows, cols;
    std::size_t rowBytes;
    std::vector<std::uint8_t> bytes;
    std::vector<float> values;  ///< the CPU's dequantization
    cuda::DeviceBuffer device;

    cuda::DeviceWeight weight() const { return {type, device.get(), rows, cols, rowBytes}; }
};

TestMatrix makeMatrix(GgmlType type, std::int64_t rows, std::int64_t cols, std::uint32_t seed)
{
    const auto traits = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    TestMatrix m{type, rows, cols, static_cast<std::size_t>(cols / traits.blockSize * traits.typeSize), {}, {}, {}};
    const std::vector<float> src = randomFloats(static_cast<std::size_t>(rows * cols), seed, 0.5f);
    m.bytes.resize(m.rowBytes * static_cast<std::size_t>(rows));
    m.values.resize(src.size());
    for (std::int64_t r = 0; r < rows; ++r) {
        cpu::quantizeRow(type, src.data() + r * cols, m.bytes.data() + r * m.rowBytes, cols);
        cpu::dequantizeRow(type, m.bytes.data() + r * m.rowBytes, m.values.data() + r * cols, cols);
    }
    m.device = toDevice(m.bytes);
    return m;
}

const GgmlType kTypes[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q5_0,
                           GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

class WeightTypeTest : public CudaTest, public testing::WithParamInterface<GgmlType> {};

std::string typeName(const testing::TestParamInfo<GgmlType>& info)
{
    return std::string(gguf::ggmlTypeName(info.param));
}

TEST_P(WeightTypeTest, DecodesBlocksExactlyAsTheCpu)
{
    const TestMatrix m = makeMatrix(GetParam(), 37, 512, 11);
    cuda::DeviceBuffer out(m.values.size() * sizeof(float), "test");
    cuda::dequantizeRowsF32(m.weight(), 0, m.rows, out.as<float>(), nullptr);
    const std::vector<float> got = toHost<float>(out, m.values.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], m.values[i], 1e-6 * (1.0 + std::fabs(m.values[i]))) << "element " << i;

    // A row range, and the F16 form the GEMMs use.
    cuda::DeviceBuffer half(static_cast<std::size_t>(5 * m.cols) * 2, "test");
    cuda::dequantizeRowsF16(m.weight(), 30, 5, half.get(), nullptr);
    const std::vector<std::uint16_t> h = toHost<std::uint16_t>(half, static_cast<std::size_t>(5 * m.cols));
    for (std::size_t i = 0; i < h.size(); ++i) {
        const float want = m.values[static_cast<std::size_t>(30 * m.cols) + i];
        ASSERT_NEAR(cpu::f16ToF32(h[i]), want, 1e-3 * (1.0 + std::fabs(want))) << "element " << i;
    }
}

TEST_P(WeightTypeTest, MatvecMatchesTheCpu)
{
    const TestMatrix m = makeMatrix(GetParam(), 67, 1024, 12);
    const std::vector<float> x = randomFloats(static_cast<std::size_t>(m.cols), 13);
    const std::vector<float> bias = randomFloats(static_cast<std::size_t>(m.rows), 14);
    const std::vector<float> start = randomFloats(static_cast<std::size_t>(m.rows), 15);
    const cuda::DeviceBuffer dx = toDevice(x), dbias = toDevice(bias);
    cuda::DeviceBuffer y = toDevice(start);

    cuda::matvec(m.weight(), dx.as<float>(), y.as<float>(), nullptr, false, nullptr);
    const std::vector<float> plain = toHost<float>(y, static_cast<std::size_t>(m.rows));
    y = toDevice(start);
    cuda::matvec(m.weight(), dx.as<float>(), y.as<float>(), dbias.as<float>(), true, nullptr);
    const std::vector<float> withBias = toHost<float>(y, static_cast<std::size_t>(m.rows));

    for (std::int64_t r = 0; r < m.rows; ++r) {
        double want = 0, magnitude = 0;
        for (std::int64_t c = 0; c < m.cols; ++c) {
            const double t = static_cast<double>(m.values[static_cast<std::size_t>(r * m.cols + c)]) * x[static_cast<std::size_t>(c)];
            want += t;
            magnitude += std::fabs(t);
        }
        const auto i = static_cast<std::size_t>(r);
        EXPECT_NEAR(plain[i], want, 1e-5 * magnitude + 1e-6) << "row " << r;
        EXPECT_NEAR(withBias[i], want + bias[i] + start[i], 1e-5 * magnitude + 1e-5) << "row " << r;
    }
}

TEST_P(WeightTypeTest, FusedSwigluMatchesTwoProducts)
{
    const TestMatrix gate = makeMatrix(GetParam(), 40, 512, 21);
    const TestMatrix up = makeMatrix(GetParam(), 40, 512, 22);
    const std::vector<float> x = randomFloats(512, 23);
    const cuda::DeviceBuffer dx = toDevice(x);
    cuda::DeviceBuffer h(40 * sizeof(float), "test");
    cuda::matvecSwiglu(gate.weight(), up.weight(), dx.as<float>(), h.as<float>(), nullptr);
    const std::vector<float> got = toHost<float>(h, 40);
    for (int r = 0; r < 40; ++r) {
        double g = 0, u = 0, mag = 0;
        for (int c = 0; c < 512; ++c) {
            g += static_cast<double>(gate.values[static_cast<std::size_t>(r * 512 + c)]) * x[static_cast<std::size_t>(c)];
            u += static_cast<double>(up.values[static_cast<std::size_t>(r * 512 + c)]) * x[static_cast<std::size_t>(c)];
            mag += std::fabs(gate.values[static_cast<std::size_t>(r * 512 + c)] * x[static_cast<std::size_t>(c)]);
        }
        const double want = g / (1.0 + std::exp(-g)) * u;
        EXPECT_NEAR(got[static_cast<std::size_t>(r)], want, 1e-4 * (1.0 + std::fabs(want)) * (1.0 + mag)) << "row " << r;
    }
}

TEST_P(WeightTypeTest, PrefillGemmMatchesF16Reference)
{
    // The prefill path: weights decoded to F16 tiles, activations rounded to
    // F16, products in F32 by cuBLAS. The reference rounds the same inputs.
    const TestMatrix m = makeMatrix(GetParam(), 96, 512, 31);
    const int n = 7;
    const std::vector<float> x = randomFloats(static_cast<std::size_t>(n * m.cols), 32);
    const cuda::DeviceBuffer dx = toDevice(x);
    cuda::DeviceBuffer x16(x.size() * 2, "test"), w16(m.values.size() * 2, "test");
    cuda::DeviceBuffer y(static_cast<std::size_t>(n * m.rows) * sizeof(float), "test");
    cuda::toF16(dx.as<float>(), x16.get(), static_cast<std::int64_t>(x.size()), nullptr);
    cuda::dequantizeRowsF16(m.weight(), 0, m.rows, w16.get(), nullptr);
    cuda::Gemm gemm(nullptr);
    // Two row tiles of the output, as the model does for wide matrices.
    gemm.f16(w16.get(), x16.get(), y.as<float>(), 64, n, m.cols, m.rows, 0.0f);
    gemm.f16(static_cast<std::uint16_t*>(w16.get()) + 64 * m.cols, x16.get(), y.as<float>() + 64, 32, n, m.cols,
             m.rows, 0.0f);
    const std::vector<float> got = toHost<float>(y, static_cast<std::size_t>(n * m.rows));
    for (int t = 0; t < n; ++t)
        for (std::int64_t r = 0; r < m.rows; ++r) {
            double want = 0, mag = 0;
            for (std::int64_t c = 0; c < m.cols; ++c) {
                const double w = cpu::f16ToF32(cpu::f32ToF16(m.values[static_cast<std::size_t>(r * m.cols + c)]));
                const double a = cpu::f16ToF32(cpu::f32ToF16(x[static_cast<std::size_t>(t * m.cols + c)]));
                want += w * a;
                mag += std::fabs(w * a);
            }
            ASSERT_NEAR(got[static_cast<std::size_t>(t * m.rows + r)], want, 1e-5 * mag + 1e-6)
                << "token " << t << " row " << r;
        }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, WeightTypeTest, testing::ValuesIn(kTypes), typeName);

/// x quantized as the GPU does it: per 32, d = max|x| / 127, q = round(x / d).
void quantizeReference(const std::vector<float>& x, std::vector<std::int8_t>& q, std::vector<float>& d)
{
    q.resize(x.size());
    d.resize(x.size() / 32);
    for (std::size_t b = 0; b < d.size(); ++b) {
        float amax = 0;
        for (std::size_t i = 0; i < 32; ++i)
            amax = std::max(amax, std::fabs(x[32 * b + i]));
        d[b] = amax / 127.0f;
        for (std::size_t i = 0; i < 32; ++i)
            q[32 * b + i] = static_cast<std::int8_t>(d[b] > 0 ? std::nearbyint(x[32 * b + i] / d[b]) : 0);
    }
}

const GgmlType kQ8Types[] = {GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q6_K};

class IntegerProductTest : public CudaTest, public testing::WithParamInterface<GgmlType> {};

TEST_P(IntegerProductTest, MatchesTheQuantizedActivationReference)
{
    ASSERT_TRUE(cuda::matvecTakesQ8(GetParam()));
    const int rows = 64, cols = 1024;
    const TestMatrix m = makeMatrix(GetParam(), rows, cols, 91);
    const TestMatrix up = makeMatrix(GetParam(), rows, cols, 92);
    const std::vector<float> x = randomFloats(cols, 93, 2.0f);
    std::vector<std::int8_t> xq;
    std::vector<float> xd;
    quantizeReference(x, xq, xd);

    const cuda::DeviceBuffer dx = toDevice(x);
    cuda::DeviceBuffer q(cols, "test"), d(cols / 32 * sizeof(float), "test"), y(rows * sizeof(float), "test"),
        h(rows * sizeof(float), "test");
    const cuda::QuantizedActivations qa{q.as<std::int8_t>(), d.as<float>()};
    cuda::quantizeActivations(dx.as<float>(), cols, qa, nullptr);
    EXPECT_EQ(toHost<std::int8_t>(q, cols), xq);
    const std::vector<float> gotD = toHost<float>(d, cols / 32);
    for (std::size_t b = 0; b < gotD.size(); ++b)
        EXPECT_FLOAT_EQ(gotD[b], xd[b]);

    cuda::matvecQ8(m.weight(), qa, y.as<float>(), nullptr, false, nullptr);
    cuda::matvecSwigluQ8(m.weight(), up.weight(), qa, h.as<float>(), nullptr);
    const std::vector<float> got = toHost<float>(y, rows), gotH = toHost<float>(h, rows);
    for (int r = 0; r < rows; ++r) {
        double want = 0, wantUp = 0, mag = 0;
        for (int c = 0; c < cols; ++c) {
            const double xv = static_cast<double>(xq[static_cast<std::size_t>(c)]) * xd[static_cast<std::size_t>(c / 32)];
            want += m.values[static_cast<std::size_t>(r * cols + c)] * xv;
            wantUp += up.values[static_cast<std::size_t>(r * cols + c)] * xv;
            mag += std::fabs(m.values[static_cast<std::size_t>(r * cols + c)] * xv);
        }
        EXPECT_NEAR(got[static_cast<std::size_t>(r)], want, 1e-5 * mag + 1e-5) << "row " << r;
        const double swiglu = want / (1.0 + std::exp(-want)) * wantUp;
        EXPECT_NEAR(gotH[static_cast<std::size_t>(r)], swiglu, 1e-4 * (1.0 + std::fabs(swiglu)) * (1.0 + mag)) << "row " << r;
    }
}

TEST_P(IntegerProductTest, WideRowsAndSeveralMatricesInOneLaunch)
{
    // 4096 columns take the block-per-row kernel; three matrices the fused one.
    const int cols = 4096;
    const TestMatrix a = makeMatrix(GetParam(), 9, cols, 101), b = makeMatrix(GetParam(), 5, cols, 102),
                     c = makeMatrix(GetParam(), 7, cols, 103);
    const std::vector<float> x = randomFloats(cols, 104), bias = randomFloats(9, 105);
    std::vector<std::int8_t> xq;
    std::vector<float> xd;
    quantizeReference(x, xq, xd);
    const cuda::DeviceBuffer dq = toDevice(xq), dd = toDevice(xd), dbias = toDevice(bias);
    const cuda::QuantizedActivations qa{dq.as<std::int8_t>(), dd.as<float>()};
    cuda::DeviceBuffer wide(9 * sizeof(float), "test"), ya(9 * sizeof(float), "test"), yb(5 * sizeof(float), "test"),
        yc(7 * sizeof(float), "test");
    cuda::matvecQ8(a.weight(), qa, wide.as<float>(), nullptr, false, nullptr);
    const cuda::DeviceWeight wa = a.weight(), wb = b.weight(), wc = c.weight();
    const cuda::MatvecTarget targets[3] = {{&wa, ya.as<float>(), dbias.as<float>()}, {&wb, yb.as<float>(), nullptr},
                                           {&wc, yc.as<float>(), nullptr}};
    cuda::matvecQ8Multi(targets, 3, qa, nullptr);
    auto reference = [&](const TestMatrix& m, int r, double& mag) {
        double sum = 0;
        mag = 0;
        for (int k = 0; k < cols; ++k) {
            const double t = m.values[static_cast<std::size_t>(r * cols + k)] *
                             (static_cast<double>(xq[static_cast<std::size_t>(k)]) * xd[static_cast<std::size_t>(k / 32)]);
            sum += t;
            mag += std::fabs(t);
        }
        return sum;
    };
    const std::vector<float> gotWide = toHost<float>(wide, 9), gotA = toHost<float>(ya, 9), gotB = toHost<float>(yb, 5),
                             gotC = toHost<float>(yc, 7);
    double mag = 0;
    for (int r = 0; r < 9; ++r) {
        const double want = reference(a, r, mag);
        EXPECT_NEAR(gotWide[static_cast<std::size_t>(r)], want, 1e-5 * mag + 1e-5) << "wide row " << r;
        EXPECT_NEAR(gotA[static_cast<std::size_t>(r)], want + bias[static_cast<std::size_t>(r)], 1e-5 * mag + 1e-5) << "row " << r;
    }
    for (int r = 0; r < 5; ++r)
        EXPECT_NEAR(gotB[static_cast<std::size_t>(r)], reference(b, r, mag), 1e-5 * mag + 1e-5) << "second matrix row " << r;

    // An odd number of short rows (the warp-per-row kernel, not the wide one).
    const TestMatrix shortRows = makeMatrix(GetParam(), 7, 1024, 106);
    cuda::DeviceBuffer ys(7 * sizeof(float), "test");
    cuda::matvecQ8(shortRows.weight(), qa, ys.as<float>(), nullptr, false, nullptr);
    const std::vector<float> gotShort = toHost<float>(ys, 7);
    for (int r = 0; r < 7; ++r) {
        double sum = 0, m2 = 0;
        for (int k = 0; k < 1024; ++k) {
            const double t = shortRows.values[static_cast<std::size_t>(r * 1024 + k)] *
                             (static_cast<double>(xq[static_cast<std::size_t>(k)]) * xd[static_cast<std::size_t>(k / 32)]);
            sum += t;
            m2 += std::fabs(t);
        }
        EXPECT_NEAR(gotShort[static_cast<std::size_t>(r)], sum, 1e-5 * m2 + 1e-5) << "short row " << r;
    }
    for (int r = 0; r < 7; ++r)
        EXPECT_NEAR(gotC[static_cast<std::size_t>(r)], reference(c, r, mag), 1e-5 * mag + 1e-5) << "third matrix row " << r;
}

INSTANTIATE_TEST_SUITE_P(IntegerTypes, IntegerProductTest, testing::ValuesIn(kQ8Types), typeName);

using KernelTest = CudaTest;

TEST_F(KernelTest, EmbeddingLookupTakesTheTokensRows)
{
    const TestMatrix m = makeMatrix(GgmlType::Q6_K, 50, 256, 41);
    const std::vector<std::int32_t> tokens = {7, 0, 49, 7};
    const cuda::DeviceBuffer dt = toDevice(tokens);
    cuda::DeviceBuffer x(4 * 256 * sizeof(float), "test");
    cuda::getRows(m.weight(), dt.as<std::int32_t>(), 4, x.as<float>(), nullptr);
    const std::vector<float> got = toHost<float>(x, 4 * 256);
    for (int t = 0; t < 4; ++t)
        for (int c = 0; c < 256; ++c) {
            const float want = m.values[static_cast<std::size_t>(tokens[static_cast<std::size_t>(t)] * 256 + c)];
            ASSERT_NEAR(got[static_cast<std::size_t>(t * 256 + c)], want, 1e-6 * (1.0 + std::fabs(want)));
        }
}

TEST_F(KernelTest, RmsNormMatchesTheCpu)
{
    const int width = 896, n = 5;
    const std::vector<float> x = randomFloats(width * n, 51, 3.0f), w = randomFloats(width, 52);
    std::vector<float> want(x.size());
    models::rmsNorm(x.data(), w.data(), want.data(), width, n, 1e-6f);
    const cuda::DeviceBuffer dx = toDevice(x), dw = toDevice(w);
    cuda::DeviceBuffer y(x.size() * sizeof(float), "test");
    cuda::rmsNorm(dx.as<float>(), dw.as<float>(), y.as<float>(), width, n, 1e-6f, nullptr);
    const std::vector<float> got = toHost<float>(y, x.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], want[i], 1e-5 * (1.0 + std::fabs(want[i]))) << "element " << i;
}

TEST_F(KernelTest, RmsNormWithQuantizationMatchesBothSteps)
{
    const int width = 3584;
    const std::vector<float> x = randomFloats(width, 55, 3.0f), w = randomFloats(width, 56);
    std::vector<float> want(x.size());
    models::rmsNorm(x.data(), w.data(), want.data(), width, 1, 1e-6f);
    const cuda::DeviceBuffer dx = toDevice(x), dw = toDevice(w);
    cuda::DeviceBuffer y(x.size() * sizeof(float), "test"), q(x.size(), "test"), d(width / 32 * sizeof(float), "test");
    cuda::rmsNormQ8(dx.as<float>(), dw.as<float>(), y.as<float>(), width, 1e-6f,
                    cuda::QuantizedActivations{q.as<std::int8_t>(), d.as<float>()}, nullptr);
    const std::vector<float> got = toHost<float>(y, x.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], want[i], 1e-5 * (1.0 + std::fabs(want[i]))) << "element " << i;
    // The quantization is of the GPU's own normalized values.
    std::vector<std::int8_t> wantQ;
    std::vector<float> wantD;
    quantizeReference(got, wantQ, wantD);
    EXPECT_EQ(toHost<std::int8_t>(q, x.size()), wantQ);
    const std::vector<float> gotD = toHost<float>(d, wantD.size());
    for (std::size_t b = 0; b < wantD.size(); ++b)
        ASSERT_FLOAT_EQ(gotD[b], wantD[b]);
}

TEST_F(KernelTest, SiluMulAddAndBiasMatchTheirDefinitions)
{
    const std::vector<float> a = randomFloats(1000, 61, 4.0f), b = randomFloats(1000, 62);
    cuda::DeviceBuffer da = toDevice(a);
    const cuda::DeviceBuffer db = toDevice(b);
    cuda::siluMul(da.as<float>(), db.as<float>(), 1000, nullptr);
    std::vector<float> got = toHost<float>(da, 1000);
    for (int i = 0; i < 1000; ++i) {
        const double g = a[static_cast<std::size_t>(i)];
        ASSERT_NEAR(got[static_cast<std::size_t>(i)], g / (1 + std::exp(-g)) * b[static_cast<std::size_t>(i)], 1e-5 * (1 + std::fabs(g)));
    }
    cuda::addInPlace(da.as<float>(), db.as<float>(), 1000, nullptr);
    const std::vector<float> added = toHost<float>(da, 1000);
    for (int i = 0; i < 1000; ++i)
        ASSERT_FLOAT_EQ(added[static_cast<std::size_t>(i)], got[static_cast<std::size_t>(i)] + b[static_cast<std::size_t>(i)]);
    cuda::addBias(da.as<float>(), db.as<float>(), 100, 10, nullptr);
    const std::vector<float> biased = toHost<float>(da, 1000);
    for (int i = 0; i < 1000; ++i)
        ASSERT_FLOAT_EQ(biased[static_cast<std::size_t>(i)], added[static_cast<std::size_t>(i)] + b[static_cast<std::size_t>(i % 100)]);
}

struct RopeCase {
    cuda::RopeLayout layout;
    int headDim, ropeDims;
    bool factors;
};

class RopeTest : public CudaTest, public testing::WithParamInterface<RopeCase> {};

TEST_P(RopeTest, RotatesAsTheCpuAndCachesF16)
{
    const RopeCase rc = GetParam();
    const int n = 3, qHeads = 4, kvHeads = 2, context = 64, pos0 = 9;
    const double base = 500000.0;
    std::vector<float> factors;
    if (rc.factors)
        for (int i = 0; i < rc.ropeDims / 2; ++i)
            factors.push_back(i < rc.ropeDims / 4 ? 1.0f : 8.0f);
    const models::Rope cpuRope(rc.headDim, rc.ropeDims, base,
                               rc.layout == cuda::RopeLayout::NeoX ? models::RopeLayout::NeoX : models::RopeLayout::Normal,
                               1.0, factors);
    std::vector<double> freq;
    for (int i = 0; i < rc.ropeDims / 2; ++i)
        freq.push_back(std::pow(base, -2.0 * i / rc.ropeDims) / (factors.empty() ? 1.0 : factors[static_cast<std::size_t>(i)]));

    std::vector<float> q = randomFloats(static_cast<std::size_t>(n * qHeads * rc.headDim), 71);
    std::vector<float> k = randomFloats(static_cast<std::size_t>(n * kvHeads * rc.headDim), 72);
    const std::vector<float> v = randomFloats(k.size(), 73);
    cuda::DeviceBuffer dq = toDevice(q), dk = toDevice(k);
    const cuda::DeviceBuffer dv = toDevice(v), dfreq = toDevice(freq), dpos = toDevice(std::vector<std::int32_t>{pos0});
    cuda::DeviceBuffer kc(static_cast<std::size_t>(kvHeads * context * rc.headDim) * 2, "test");
    cuda::DeviceBuffer vc(kc.bytes(), "test");
    const cuda::RopeParams params{rc.headDim, rc.ropeDims, rc.layout, dfreq.as<double>(), 1.0f};
    cuda::ropeAndStoreKv(dq.as<float>(), dk.as<float>(), dv.as<float>(), n, qHeads, kvHeads, params,
                         dpos.as<std::int32_t>(), kc.get(), vc.get(), context, nullptr);
    const std::vector<float> gq = toHost<float>(dq, q.size()), gk = toHost<float>(dk, k.size());
    const std::vector<std::uint16_t> gkc = toHost<std::uint16_t>(kc, kc.bytes() / 2);
    const std::vector<std::uint16_t> gvc = toHost<std::uint16_t>(vc, vc.bytes() / 2);
    for (int t = 0; t < n; ++t) {
        cpuRope.apply(q.data() + t * qHeads * rc.headDim, qHeads, pos0 + t);
        cpuRope.apply(k.data() + t * kvHeads * rc.headDim, kvHeads, pos0 + t);
    }
    for (std::size_t i = 0; i < q.size(); ++i)
        ASSERT_NEAR(gq[i], q[i], 1e-5) << "q element " << i;
    for (std::size_t i = 0; i < k.size(); ++i)
        ASSERT_NEAR(gk[i], k[i], 1e-5) << "k element " << i;
    for (int t = 0; t < n; ++t)
        for (int h = 0; h < kvHeads; ++h)
            for (int d = 0; d < rc.headDim; ++d) {
                const std::size_t src = static_cast<std::size_t>((t * kvHeads + h) * rc.headDim + d);
                const std::size_t dst = static_cast<std::size_t>((h * context + pos0 + t) * rc.headDim + d);
                ASSERT_EQ(gkc[dst], cpu::f32ToF16(gk[src]));
                ASSERT_EQ(gvc[dst], cpu::f32ToF16(v[src]));
            }
}

INSTANTIATE_TEST_SUITE_P(Layouts, RopeTest,
                         testing::Values(RopeCase{cuda::RopeLayout::NeoX, 64, 64, false},
                                         RopeCase{cuda::RopeLayout::Normal, 32, 32, true},
                                         RopeCase{cuda::RopeLayout::Normal, 128, 64, false}));

struct AttentionCase {
    int heads, kvHeads, headDim, positions;
};

class AttentionTest : public CudaTest, public testing::WithParamInterface<AttentionCase> {};

/// softmax(q·k·scale) v over positions 0..last of one head, in double on the
/// F16 cache values.
std::vector<double> attendReference(const float* q, const std::vector<std::uint16_t>& kc,
                                    const std::vector<std::uint16_t>& vc, int kvh, int context, int headDim, int last,
                                    float scale)
{
    std::vector<double> scores(static_cast<std::size_t>(last + 1));
    double m = -1e300;
    for (int p = 0; p <= last; ++p) {
        double s = 0;
        for (int d = 0; d < headDim; ++d)
            s += static_cast<double>(q[d] * scale) * cpu::f16ToF32(kc[static_cast<std::size_t>((kvh * context + p) * headDim + d)]);
        scores[static_cast<std::size_t>(p)] = s;
        m = std::max(m, s);
    }
    double l = 0;
    std::vector<double> out(static_cast<std::size_t>(headDim), 0.0);
    for (int p = 0; p <= last; ++p) {
        const double w = std::exp(scores[static_cast<std::size_t>(p)] - m);
        l += w;
        for (int d = 0; d < headDim; ++d)
            out[static_cast<std::size_t>(d)] += w * cpu::f16ToF32(vc[static_cast<std::size_t>((kvh * context + p) * headDim + d)]);
    }
    for (double& o : out)
        o /= l;
    return out;
}

TEST_P(AttentionTest, DecodeAndPrefillMatchTheReference)
{
    const AttentionCase ac = GetParam();
    const int context = ac.positions + 8;
    std::vector<std::uint16_t> kc(static_cast<std::size_t>(ac.kvHeads * context * ac.headDim)), vc(kc.size());
    const std::vector<float> kf = randomFloats(kc.size(), 81), vf = randomFloats(kc.size(), 82);
    for (std::size_t i = 0; i < kc.size(); ++i) {
        kc[i] = cpu::f32ToF16(kf[i]);
        vc[i] = cpu::f32ToF16(vf[i]);
    }
    const cuda::DeviceBuffer dk = toDevice(kc), dv = toDevice(vc);
    const float scale = 1.0f / std::sqrt(static_cast<float>(ac.headDim));
    const cuda::AttentionShape shape{ac.heads, ac.kvHeads, ac.headDim, context, scale};
    const int group = ac.heads / ac.kvHeads;

    // Decode: the query at the last position sees every position.
    const std::vector<float> q1 = randomFloats(static_cast<std::size_t>(ac.heads * ac.headDim), 83);
    const cuda::DeviceBuffer dq1 = toDevice(q1), dpos = toDevice(std::vector<std::int32_t>{ac.positions - 1});
    cuda::DeviceBuffer scratch(cuda::decodeAttentionScratchFloats(shape) * sizeof(float), "test");
    cuda::DeviceBuffer out1(q1.size() * sizeof(float), "test");
    cuda::attentionDecode(dq1.as<float>(), dk.get(), dv.get(), dpos.as<std::int32_t>(), shape, scratch.as<float>(),
                          out1.as<float>(), nullptr);
    const std::vector<float> got1 = toHost<float>(out1, q1.size());
    for (int h = 0; h < ac.heads; ++h) {
        const std::vector<double> want = attendReference(q1.data() + h * ac.headDim, kc, vc, h / group, context,
                                                         ac.headDim, ac.positions - 1, scale);
        for (int d = 0; d < ac.headDim; ++d)
            ASSERT_NEAR(got1[static_cast<std::size_t>(h * ac.headDim + d)], want[static_cast<std::size_t>(d)], 1e-4)
                << "decode head " << h << " dim " << d;
    }

    // Prefill: n queries starting at pos0, each causal.
    const int n = 5, pos0 = ac.positions - n;
    const std::vector<float> qn = randomFloats(static_cast<std::size_t>(n * ac.heads * ac.headDim), 84);
    const cuda::DeviceBuffer dqn = toDevice(qn), dpos0 = toDevice(std::vector<std::int32_t>{pos0});
    cuda::DeviceBuffer outn(qn.size() * sizeof(float), "test");
    cuda::attentionPrefill(dqn.as<float>(), dk.get(), dv.get(), dpos0.as<std::int32_t>(), n, shape, outn.as<float>(),
                           nullptr);
    const std::vector<float> gotn = toHost<float>(outn, qn.size());
    for (int t = 0; t < n; ++t)
        for (int h = 0; h < ac.heads; ++h) {
            const std::size_t row = static_cast<std::size_t>((t * ac.heads + h) * ac.headDim);
            const std::vector<double> want =
                attendReference(qn.data() + row, kc, vc, h / group, context, ac.headDim, pos0 + t, scale);
            for (int d = 0; d < ac.headDim; ++d)
                ASSERT_NEAR(gotn[row + static_cast<std::size_t>(d)], want[static_cast<std::size_t>(d)], 1e-4)
                    << "prefill token " << t << " head " << h << " dim " << d;
        }
}

INSTANTIATE_TEST_SUITE_P(Shapes, AttentionTest,
                         testing::Values(AttentionCase{4, 2, 64, 1 + 4}, AttentionCase{8, 2, 32, 300},
                                         AttentionCase{28, 4, 128, 700}, AttentionCase{4, 4, 256, 257}));

TEST_F(KernelTest, UnsupportedWeightTypeIsAnErrorNotACrash)
{
    EXPECT_FALSE(cuda::gpuSupports(GgmlType::Q4_1, 256));
    EXPECT_FALSE(cuda::gpuSupports(GgmlType::Q4_K, 320));
    const cuda::DeviceWeight w{GgmlType::Q2_K, nullptr, 1, 256, 84};
    EXPECT_THROW(cuda::matvec(w, nullptr, nullptr, nullptr, false, nullptr), Error);
}

TEST_F(KernelTest, ImpossibleAllocationSaysOutOfMemory)
{
    try {
        cuda::DeviceBuffer huge(std::size_t{1} << 52, "a test buffer");
        FAIL() << "allocating 4 PB succeeded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("out of memory"), std::string::npos) << e.what();
    }
    // The device is still usable afterwards.
    cuda::DeviceBuffer small(1024, "a test buffer");
    EXPECT_NE(small.get(), nullptr);
}

} // namespace
} // namespace qiusuo::test
