// Loading: hyper-parameters from metadata, and clear errors naming what is
// wrong with a file (architecture, missing or mis-shaped tensors, settings).
#include "modelvariant.h"
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/models/densemodel.h"
#include "inference/models/modelfactory.h"

#include <gtest/gtest.h>

#include <string>

namespace qiusuo::test {
namespace {

using models::ModelOptions;

/// The message of the qiusuo::Error that loading `path` throws ("" if none).
std::string loadError(const std::filesystem::path& path, const ModelOptions& options = {})
{
    try {
        models::loadModel(path, options);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(ModelLoad, ReadsHyperParametersFromMetadata)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    const auto m = models::loadModel(file, {});
    const auto* dense = dynamic_cast<const models::DenseModel*>(m.get());
    ASSERT_NE(dense, nullptr);
    // Figures from models/tiny-llama.gguf.config.json.
    const models::DenseHParams& h = dense->hparams();
    EXPECT_EQ(h.vocabSize, 384);
    EXPECT_EQ(h.embeddingLength, 256);
    EXPECT_EQ(h.layerCount, 2);
    EXPECT_EQ(h.headCount, 8);
    EXPECT_EQ(h.headCountKv, 2);
    EXPECT_EQ(h.headDim, 32);
    EXPECT_EQ(h.ropeDims, 32);
    EXPECT_EQ(h.feedForwardLength, 768);
    EXPECT_EQ(h.trainedContext, 512);
    EXPECT_DOUBLE_EQ(h.ropeFreqBase, 500000.0);
    EXPECT_FLOAT_EQ(h.rmsEps, 1e-5f);
    EXPECT_EQ(m->info().architecture, "llama");
}

TEST(ModelLoad, ContextDefaultsTo4096ClampedToTheModel)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    EXPECT_EQ(models::loadModel(file, {})->contextSize(), 512);  // trained on 512
    ModelOptions small;
    small.context = 100;
    EXPECT_EQ(models::loadModel(file, small)->contextSize(), 100);
    ModelOptions zero;
    zero.context = 0;
    EXPECT_NE(loadError(file, zero).find("context"), std::string::npos);
}

TEST(ModelLoad, KvCacheIsSizedByContextAndType)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    ModelOptions o;
    o.context = 128;
    // 2 layers x (K and V) x 128 positions x 2 kv heads x 64 dims.
    const std::size_t elements = 2 * 2 * 128 * 2 * 64;
    const auto fast = models::loadModel(file, o);
    EXPECT_EQ(fast->info().kvType, models::KvType::F16);
    EXPECT_EQ(fast->kvCacheBytes(), elements * 2);
    o.precision = cpu::Precision::Precise;
    const auto precise = models::loadModel(file, o);
    EXPECT_EQ(precise->info().kvType, models::KvType::F32);
    EXPECT_EQ(precise->kvCacheBytes(), elements * 4);
}

TEST(ModelLoad, UnsupportedArchitectureIsNamed)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    const auto path = writeVariant(file, "mamba.gguf", nullptr, [](gguf::GgufWriter& w, const gguf::GgufFile&) {
        w.setString("general.architecture", "mamba");
    });
    const std::string message = loadError(path);
    EXPECT_NE(message.find("architecture 'mamba' is not supported"), std::string::npos) << message;
    EXPECT_NE(message.find("qwen2"), std::string::npos) << message;
    EXPECT_NE(message.find("llama"), std::string::npos) << message;
}

TEST(ModelLoad, MissingTensorIsNamed)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    const auto path = writeVariant(
        file, "no-ffn-up.gguf", [](const gguf::TensorInfo& t) { return t.name != "blk.1.ffn_up.weight"; }, nullptr);
    const std::string message = loadError(path);
    EXPECT_NE(message.find("blk.1.ffn_up.weight"), std::string::npos) << message;
}

TEST(ModelLoad, MissingQkvBiasOfQwen2IsNamed)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    const auto path = writeVariant(
        file, "no-bias.gguf", [](const gguf::TensorInfo& t) { return t.name != "blk.0.attn_k.bias"; }, nullptr);
    const std::string message = loadError(path);
    EXPECT_NE(message.find("blk.0.attn_k.bias"), std::string::npos) << message;
}

TEST(ModelLoad, MisshapedTensorIsNamedWithBothShapes)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    const auto path = writeVariant(
        file, "bad-shape.gguf", [](const gguf::TensorInfo& t) { return t.name != "blk.0.attn_k.weight"; },
        [](gguf::GgufWriter& w, const gguf::GgufFile&) {
            // attn_k must be [256, 64] (embedding x kv heads * head dim); write [256, 32].
            w.addTensor("blk.0.attn_k.weight", gguf::GgmlType::F32, {256, 32},
                        std::vector<std::uint8_t>(256 * 32 * 4));
        });
    const std::string message = loadError(path);
    EXPECT_NE(message.find("blk.0.attn_k.weight"), std::string::npos) << message;
    EXPECT_NE(message.find("[256, 32]"), std::string::npos) << message;
    EXPECT_NE(message.find("[256, 64]"), std::string::npos) << message;
}

TEST(ModelLoad, UncomputableTensorTypeIsNamed)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    const auto path = writeVariant(
        file, "iq2.gguf", [](const gguf::TensorInfo& t) { return t.name != "blk.1.ffn_gate.weight"; },
        [](gguf::GgufWriter& w, const gguf::GgufFile&) {
            const std::vector<std::uint64_t> dims{256, 768};
            w.addTensor("blk.1.ffn_gate.weight", gguf::GgmlType::IQ2_XXS, dims,
                        std::vector<std::uint8_t>(gguf::GgufWriter::tensorBytes(gguf::GgmlType::IQ2_XXS, dims)));
        });
    const std::string message = loadError(path);
    EXPECT_NE(message.find("blk.1.ffn_gate.weight"), std::string::npos) << message;
    EXPECT_NE(message.find("IQ2_XXS"), std::string::npos) << message;
}

TEST(ModelLoad, MissingHyperParameterIsNamed)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    // Rebuild the metadata without qwen2.block_count.
    const auto source = gguf::GgufFile::open(file);
    gguf::GgufWriter w;
    for (const auto& [key, value] : source->metadata())
        if (key != "qwen2.block_count")
            w.set(key, value);
    for (const gguf::TensorInfo& t : source->tensors())
        w.addTensor(t.name, t.type, t.dims, std::span<const std::uint8_t>(t.data, t.nbytes));
    const auto path = std::filesystem::path(testing::TempDir()) / "no-block-count.gguf";
    w.write(path);
    const std::string message = loadError(path);
    EXPECT_NE(message.find("qwen2.block_count"), std::string::npos) << message;
}

TEST(ModelLoad, RopeFreqsOfTheWrongLengthAreRefused)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    const auto path = writeVariant(
        file, "bad-rope-freqs.gguf", [](const gguf::TensorInfo& t) { return t.name != "rope_freqs.weight"; },
        [](gguf::GgufWriter& w, const gguf::GgufFile&) {
            w.addTensor("rope_freqs.weight", gguf::GgmlType::F32, {8}, std::vector<std::uint8_t>(8 * 4));
        });
    const std::string message = loadError(path);
    EXPECT_NE(message.find("rope_freqs"), std::string::npos) << message;
}

} // namespace
} // namespace qiusuo::test

namespace qiusuo::test {
namespace {

// A context whose KV cache could never fit in memory is refused at load, with the figures.
TEST(ModelLoad, KvCacheLargerThanMemoryIsRefusedWithTheNumbers)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    const auto path = writeVariant(file, "long-context.gguf", nullptr, [](gguf::GgufWriter& w, const gguf::GgufFile&) {
        w.setUint32("qwen2.context_length", 1u << 30);
    });
    ModelOptions o;
    o.context = 1 << 30;  // 2 layers x K,V x 2^30 positions x 128 x 2 bytes = 1 TiB
    const std::string message = loadError(path, o);
    EXPECT_NE(message.find("1048576 MiB"), std::string::npos) << message;
    EXPECT_NE(message.find("shorter context"), std::string::npos) << message;
}

} // namespace
} // namespace qiusuo::test
