// The quantized tiny models were made by llama.cpp from the F32 ones: every
// tensor we dequantize must come back close to its F32 original, within the
// rounding error its type allows. This catches any misread bit of a layout
// on real files, which hand-built blocks might not exercise.
#include "../../testdata.h"
#include "inference/cpu/matmul.h"
#include "inference/gguf/gguffile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

using namespace qiusuo;
using gguf::GgmlType;

namespace {

/// Bound on ||dequantized - original|| / ||original|| over one tensor. The
/// RMS rounding error of b-bit uniform steps over a block of Gaussian weights
/// is about step/sqrt(12) with step ~ (block range)/(2^b): roughly 0.5% for
/// 8 bits, 2% for 6 bits, 4% for 5 bits and 8% for 4 bits, relative to the
/// RMS of the weights (measured on these files: Q8_0 0.54%, Q6_K 1.8%,
/// Q4_K 7.2%, Q4_0 8.6%, F16 0.021%); the bounds leave about 1.4x.
double bound(GgmlType t)
{
    switch (t) {
    case GgmlType::F16: return 3e-4;
    case GgmlType::Q8_0: return 0.0075;
    case GgmlType::Q6_K: return 0.025;
    case GgmlType::Q5_0: case GgmlType::Q5_K: return 0.05;
    case GgmlType::Q4_K: return 0.10;
    case GgmlType::Q4_0: return 0.12;
    default: return 0.0;
    }
}

std::vector<float> dequantizeTensor(const gguf::TensorInfo& t)
{
    std::vector<float> out(static_cast<std::size_t>(t.elementCount()));
    cpu::dequantizeRow(t.type, t.data, out.data(), static_cast<std::int64_t>(out.size()));
    return out;
}

void compareFiles(const std::filesystem::path& f32Path, const std::filesystem::path& quantPath)
{
    const auto orig = gguf::GgufFile::open(f32Path);
    const auto quant = gguf::GgufFile::open(quantPath);
    std::map<GgmlType, int> checked;
    for (const auto& qt : quant->tensors()) {
        const auto* ot = orig->findTensor(qt.name);
        ASSERT_NE(ot, nullptr) << qt.name;
        ASSERT_EQ(ot->type, GgmlType::F32) << qt.name;
        ASSERT_EQ(ot->elementCount(), qt.elementCount()) << qt.name;
        const auto a = dequantizeTensor(*ot);
        const auto b = dequantizeTensor(qt);
        if (qt.type == GgmlType::F32) {
            EXPECT_EQ(a, b) << qt.name;
            continue;
        }
        double diff2 = 0, norm2 = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            diff2 += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
            norm2 += double(a[i]) * a[i];
        }
        const double rel = std::sqrt(diff2 / norm2);
        const auto name = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(qt.type))->name;
        EXPECT_LT(rel, bound(qt.type)) << qt.name << " (" << name << ")";
        // A misread layout scrambles values: far above the bound, and the
        // dequantized tensor would not even correlate. Also insist it is not
        // trivially exact (the file really is quantized).
        EXPECT_GT(rel, 0.0) << qt.name;
        ++checked[qt.type];
    }
    EXPECT_FALSE(checked.empty());
}

} // namespace

TEST(ModelDequantize, Qwen2FilesMatchTheF32Original)
{
    QIUSUO_REQUIRE_TESTDATA(f32, "models/tiny-qwen2.gguf");
    for (const char* q : {"models/tiny-qwen2-F16.gguf", "models/tiny-qwen2-Q8_0.gguf",
                          "models/tiny-qwen2-Q6_K.gguf", "models/tiny-qwen2-Q4_K_M.gguf",
                          "models/tiny-qwen2-Q4_0.gguf"}) {
        QIUSUO_REQUIRE_TESTDATA(path, q);
        SCOPED_TRACE(q);
        compareFiles(f32, path);
    }
}

TEST(ModelDequantize, LlamaFilesMatchTheF32Original)
{
    QIUSUO_REQUIRE_TESTDATA(f32, "models/tiny-llama.gguf");
    for (const char* q : {"models/tiny-llama-Q8_0.gguf", "models/tiny-llama-Q6_K.gguf",
                          "models/tiny-llama-Q4_K_M.gguf"}) {
        QIUSUO_REQUIRE_TESTDATA(path, q);
        SCOPED_TRACE(q);
        compareFiles(f32, path);
    }
}
