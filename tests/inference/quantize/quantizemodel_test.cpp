// qiusuo-cli quantize's library side, against llama.cpp's own quantized
// files of the same F32 models: the same per-tensor types, weights at least
// about as close to the originals as llama.cpp's, a loadable model.
#include "inference/models/quantizemodel.h"

#include "inference/cpu/matmul.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/modelfactory.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

using qiusuo::gguf::GgufFile;

namespace {

struct Case {
    const char* model;
    const char* type;
};

void PrintTo(const Case& c, std::ostream* os)
{
    *os << c.model << " " << c.type;
}

class QuantizeModel : public ::testing::TestWithParam<Case> {};

/// Sum of squared differences between a tensor, dequantized, and the original.
double squaredError(const qiusuo::gguf::TensorInfo& q, const qiusuo::gguf::TensorInfo& original)
{
    const std::int64_t n = static_cast<std::int64_t>(q.elementCount());
    std::vector<float> a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n));
    qiusuo::cpu::dequantizeRow(q.type, q.data, a.data(), n);
    qiusuo::cpu::dequantizeRow(original.type, original.data, b.data(), n);
    double sum = 0;
    for (std::int64_t i = 0; i < n; ++i)
        sum += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
    return sum;
}

std::filesystem::path tempPath(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("qiusuo-quantize-" + std::to_string(::getpid()) + "-" + name);
}

} // namespace

TEST_P(QuantizeModel, MatchesLlamaCppsFile)
{
    const Case c = GetParam();
    QIUSUO_REQUIRE_TESTDATA(source, std::string("models/") + c.model + ".gguf");
    QIUSUO_REQUIRE_TESTDATA(reference, std::string("models/") + c.model + "-" + c.type + ".gguf");
    const auto out = tempPath(std::string(c.model) + "-" + c.type + ".gguf");
    qiusuo::models::quantizeModel(source, out, c.type);

    const auto ours = GgufFile::open(out);
    const auto theirs = GgufFile::open(reference);
    EXPECT_EQ(ours->getInt("general.file_type"), theirs->getInt("general.file_type"));
    ASSERT_EQ(ours->tensors().size(), theirs->tensors().size());
    const auto original = GgufFile::open(source);
    // Q8_0 and Q4_0 leave no choice but rounding: as good as llama.cpp's. The
    // K-quants search scales and mins: within 2% of llama.cpp's error.
    const bool searched = std::string(c.type).find("_K") != std::string::npos;
    const double slack = searched ? 1.02 : 1.0001;
    for (const auto& t : theirs->tensors()) {
        const auto* mine = ours->findTensor(t.name);
        ASSERT_NE(mine, nullptr) << t.name;
        EXPECT_EQ(mine->type, t.type) << t.name << ": llama.cpp chose another type";
        EXPECT_EQ(mine->dims, t.dims) << t.name;
        ASSERT_EQ(mine->nbytes, t.nbytes) << t.name;
        if (mine->type == t.type && t.type != qiusuo::gguf::GgmlType::F32) {
            const auto* f32 = original->findTensor(t.name);
            ASSERT_NE(f32, nullptr) << t.name;
            const double ourError = squaredError(*mine, *f32);
            const double theirError = squaredError(t, *f32);
            EXPECT_LE(ourError, theirError * slack) << t.name << ": less faithful than llama.cpp's " << c.type;
        }
    }
    // The result runs.
    qiusuo::models::ModelOptions options;
    options.context = 64;
    options.threads = 1;
    auto model = qiusuo::models::loadModel(out, options);
    const std::vector<std::int32_t> tokens = {311, 313, 39, 68, 281};
    const auto logits = model->evaluate(tokens, 0);
    for (const float v : logits)
        ASSERT_TRUE(std::isfinite(v));
    std::filesystem::remove(out);
}

INSTANTIATE_TEST_SUITE_P(TinyModels, QuantizeModel,
                         ::testing::Values(Case{"tiny-qwen2", "Q8_0"}, Case{"tiny-qwen2", "Q4_0"},
                                           Case{"tiny-qwen2", "Q4_K_M"}, Case{"tiny-qwen2", "Q6_K"},
                                           Case{"tiny-llama", "Q8_0"}, Case{"tiny-llama", "Q4_K_M"},
                                           Case{"tiny-llama", "Q6_K"}),
                         [](const ::testing::TestParamInfo<Case>& param) {
                             return std::string(param.param.model).substr(5) + "_" + param.param.type;
                         });

TEST(QuantizeModelErrors, RefusesAQuantizedSource)
{
    QIUSUO_REQUIRE_TESTDATA(source, "models/tiny-qwen2-Q8_0.gguf");
    try {
        qiusuo::models::quantizeModel(source, tempPath("requant.gguf"), "Q4_K_M");
        FAIL() << "re-quantized a quantized file";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("already quantized"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(tempPath("requant.gguf")));
}

TEST(QuantizeModelErrors, UnknownTypeListsTheChoices)
{
    try {
        qiusuo::models::quantizedTensorType("IQ2_XXS", "blk.0.attn_q.weight", 256, 2, 2);
        FAIL() << "accepted an unknown type";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("Q4_K_M"), std::string::npos) << e.what();
    }
}

TEST(QuantizeModelMix, KeepsMoreBitsWhereLlamaCppDoes)
{
    using qiusuo::gguf::GgmlType;
    using qiusuo::models::quantizedTensorType;
    // 28 layers (R1-Distill-Qwen-1.5B): layers 0-2 and 24-27, and 5, 8, ..., 23.
    std::vector<int> more;
    for (int l = 0; l < 28; ++l) {
        if (quantizedTensorType("Q4_K_M", "blk." + std::to_string(l) + ".ffn_down.weight", 8960, 2, 28) == GgmlType::Q6_K)
            more.push_back(l);
    }
    EXPECT_EQ(more, (std::vector<int>{0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26, 27}));
    EXPECT_EQ(quantizedTensorType("Q4_K_M", "blk.5.attn_q.weight", 1536, 2, 28), GgmlType::Q4_K);
    EXPECT_EQ(quantizedTensorType("Q4_K_M", "output.weight", 1536, 2, 28), GgmlType::Q6_K);
    EXPECT_EQ(quantizedTensorType("Q4_K_M", "blk.0.attn_norm.weight", 1536, 1, 28), GgmlType::F32);
    EXPECT_EQ(quantizedTensorType("Q4_K_M", "blk.3.attn_q.weight", 128, 2, 28), GgmlType::Q5_0)
        << "rows that are not whole K-quant blocks fall back";
}

TEST(QuantizeCli, WritesAFileAndReportsBadInput)
{
    QIUSUO_REQUIRE_TESTDATA(source, "models/tiny-qwen2.gguf");
    const auto out = tempPath("cli.gguf");
    const std::string cli = QIUSUO_CLI_BINARY;
    EXPECT_EQ(std::system((cli + " quantize -q " + source.string() + " " + out.string() + " q4_k_m").c_str()), 0);
    EXPECT_EQ(GgufFile::open(out)->getInt("general.file_type"), 15) << "llama.cpp's MOSTLY_Q4_K_M";
    std::filesystem::remove(out);
    const int bad = std::system((cli + " quantize -q " + source.string() + " " + out.string() + " IQ1_S 2>/dev/null").c_str());
    EXPECT_NE(bad, 0);
    EXPECT_FALSE(std::filesystem::exists(out));
}
