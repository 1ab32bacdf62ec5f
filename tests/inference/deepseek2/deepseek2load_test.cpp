// deepseek2 files in other shapes: the split attn_k_b/attn_v_b form of
// attn_kv_b (newer llama.cpp conversions), the factory, and files that are
// broken in ways a user can meet, each refused with a message that names the
// fault. The variants are rebuilt in memory from tiny-deepseek3-Q8_0.
#include "referencelogits.h"
#include "tests/testdata.h"

#include "inference/cpu/matmul.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "inference/models/deepseek2.h"
#include "inference/models/modelfactory.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>

namespace qiusuo::test {
namespace {

constexpr const char* kModel = "tiny-deepseek3-Q8_0";

std::vector<std::uint8_t> floatBytes(const std::vector<float>& v)
{
    std::vector<std::uint8_t> out(v.size() * sizeof(float));
    std::memcpy(out.data(), v.data(), out.size());
    return out;
}

/// A copy of `source` in memory; `keepKey` / `keepTensor` may drop entries and
/// `replace` may add its own tensors instead of one (returning true when it did).
std::shared_ptr<const gguf::GgufFile> rebuild(
    const gguf::GgufFile& source, const std::function<bool(const std::string&)>& keepKey,
    const std::function<bool(const gguf::TensorInfo&, gguf::GgufWriter&)>& replace)
{
    gguf::GgufWriter w;
    for (const auto& [key, value] : source.metadata())
        if (key != "general.alignment" && keepKey(key))
            w.set(key, value);
    for (const gguf::TensorInfo& t : source.tensors())
        if (!replace(t, w))
            w.addTensor(t.name, t.type, t.dims, std::span<const std::uint8_t>(t.data, t.nbytes));
    return gguf::GgufFile::fromBuffer(w.serialize(), "rebuilt-" + std::string(kModel) + ".gguf");
}

models::ModelOptions precise()
{
    models::ModelOptions o;
    o.precision = cpu::Precision::Precise;
    o.threads = 2;
    o.context = 64;
    return o;
}

bool keepAll(const std::string&)
{
    return true;
}

bool replaceNone(const gguf::TensorInfo&, gguf::GgufWriter&)
{
    return false;
}

/// attn_kv_b [rank, heads·(nope + v)] becomes attn_k_b [nope, rank, heads]
/// (K_h transposed) and attn_v_b [rank, v, heads].
bool splitKvB(const gguf::TensorInfo& t, gguf::GgufWriter& w)
{
    const std::string suffix = "attn_kv_b.weight";
    if (t.name.size() < suffix.size() || t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    const std::string prefix = t.name.substr(0, t.name.size() - suffix.size());
    const std::size_t rank = t.dims[0];
    const std::size_t heads = 4;
    const std::size_t nope = 64;
    const std::size_t vdim = 64;
    const std::size_t rows = t.dims[1];
    EXPECT_EQ(rows, heads * (nope + vdim));
    std::vector<float> kv(rows * rank);
    cpu::dequantizeRow(t.type, t.data, kv.data(), static_cast<std::int64_t>(kv.size()));
    std::vector<float> k(heads * rank * nope);
    std::vector<float> v(heads * vdim * rank);
    for (std::size_t h = 0; h < heads; ++h) {
        for (std::size_t d = 0; d < nope; ++d)
            for (std::size_t r = 0; r < rank; ++r)
                k[(h * rank + r) * nope + d] = kv[(h * (nope + vdim) + d) * rank + r];
        for (std::size_t e = 0; e < vdim; ++e)
            for (std::size_t r = 0; r < rank; ++r)
                v[(h * vdim + e) * rank + r] = kv[(h * (nope + vdim) + nope + e) * rank + r];
    }
    w.addTensor(prefix + "attn_k_b.weight", gguf::GgmlType::F32, {nope, rank, heads}, floatBytes(k));
    w.addTensor(prefix + "attn_v_b.weight", gguf::GgmlType::F32, {rank, vdim, heads}, floatBytes(v));
    return true;
}

// The split form runs the absorbed MLA only; it must give the same logits.
TEST(Deepseek2Load, SplitKvBMatchesLlamaCpp)
{
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + kModel + ".gguf");
    const auto source = gguf::GgufFile::open(file);
    const auto split = rebuild(*source, keepAll, splitKvB);
    ASSERT_EQ(split->findTensor("blk.0.attn_kv_b.weight"), nullptr);
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", kModel);
    models::Deepseek2Model m(split, precise());
    const std::vector<float> got = m.evaluate(ref.tokens, 0, models::LogitsFor::All);
    const LogitsDiff d = compareLogits(got.data(), ref.batch.data(), static_cast<std::int32_t>(ref.tokens.size()), ref.vocab);
    std::printf("[ measured ] split attn_k_b/attn_v_b batch: max |dlogit| %.3g\n", d.maxAbs);
    EXPECT_LE(d.maxAbs, 1e-3);
    m.setMlaForm(models::MlaForm::Expanded);  // needs attn_kv_b, which this file lacks
    EXPECT_THROW(m.evaluate(ref.tokens, 0), Error);
}

TEST(Deepseek2Load, TheFactoryBuildsDeepseek2)
{
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + kModel + ".gguf");
    const auto m = models::loadModel(file, precise());
    EXPECT_EQ(m->info().architecture, "deepseek2");
    EXPECT_EQ(m->info().layerCount, 3);
    EXPECT_EQ(m->vocabSize(), 384);
}

// MoE prefill runs in long chunks by default (kMoeBatch); a prompt cut into
// short chunks (which also switches MLA between its expanded and absorbed
// forms) must give the same logits.
TEST(Deepseek2Load, ChunkedPrefillGivesTheLogitsOfOneChunk)
{
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + kModel + ".gguf");
    const std::shared_ptr<const gguf::GgufFile> source = gguf::GgufFile::open(file);
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "deq_kv_f32", kModel);
    ASSERT_GT(ref.tokens.size(), 6u);
    EXPECT_GE(models::kMoeBatch, static_cast<std::int32_t>(ref.tokens.size()));
    models::Deepseek2Model whole(source, precise());
    models::ModelOptions shortChunks = precise();
    shortChunks.batchSize = 3;
    models::Deepseek2Model chunked(source, shortChunks);
    const std::vector<float> a = whole.evaluate(ref.tokens, 0, models::LogitsFor::All);
    const std::vector<float> b = chunked.evaluate(ref.tokens, 0, models::LogitsFor::All);
    ASSERT_EQ(a.size(), b.size());
    const LogitsDiff d = compareLogits(b.data(), a.data(), static_cast<std::int32_t>(ref.tokens.size()), ref.vocab);
    std::printf("[ measured ] chunks of 3 against one chunk: max |dlogit| %.3g\n", d.maxAbs);
    EXPECT_LE(d.maxAbs, 1e-4);
}

std::string loadError(const std::shared_ptr<const gguf::GgufFile>& f)
{
    try {
        models::Deepseek2Model m(f, precise());
    } catch (const Error& e) {
        return e.what();
    }
    return "(loaded without an error)";
}

TEST(Deepseek2Load, BrokenFilesAreRefusedByName)
{
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + kModel + ".gguf");
    const auto source = gguf::GgufFile::open(file);

    const std::string noRank = loadError(
        rebuild(*source, [](const std::string& k) { return k != "deepseek2.attention.kv_lora_rank"; }, replaceNone));
    EXPECT_NE(noRank.find("deepseek2.attention.kv_lora_rank"), std::string::npos) << noRank;

    const std::string noTensor = loadError(rebuild(*source, keepAll, [](const gguf::TensorInfo& t, gguf::GgufWriter&) {
        return t.name == "blk.1.ffn_up_exps.weight";
    }));
    EXPECT_NE(noTensor.find("blk.1.ffn_up_exps.weight"), std::string::npos) << noTensor;

    const std::string noKvB = loadError(rebuild(*source, keepAll, [](const gguf::TensorInfo& t, gguf::GgufWriter&) {
        return t.name == "blk.2.attn_kv_b.weight";
    }));
    EXPECT_NE(noKvB.find("blk.2.attn_k_b.weight"), std::string::npos) << noKvB;

    // q-LoRA tensors without their rank.
    const std::string noQRank = loadError(
        rebuild(*source, [](const std::string& k) { return k != "deepseek2.attention.q_lora_rank"; }, replaceNone));
    EXPECT_NE(noQRank.find("q_lora_rank"), std::string::npos) << noQRank;

    // More experts per token than the file has.
    const std::string tooMany = loadError(rebuild(
        *source, [](const std::string& k) { return k != "deepseek2.expert_count"; },
        [](const gguf::TensorInfo& t, gguf::GgufWriter& w) {
            if (t.name != "output_norm.weight")
                return false;
            w.set("deepseek2.expert_count", gguf::Value::ofUint32(2));
            w.addTensor(t.name, t.type, t.dims, std::span<const std::uint8_t>(t.data, t.nbytes));
            return true;
        }));
    EXPECT_NE(tooMany.find("expert counts"), std::string::npos) << tooMany;
}

TEST(Deepseek2Load, BadTokensAndPositionsAreRefused)
{
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + kModel + ".gguf");
    models::Deepseek2Model m(std::shared_ptr<const gguf::GgufFile>(gguf::GgufFile::open(file)), precise());
    const std::vector<std::int32_t> outside = {1, 384};
    EXPECT_THROW(m.evaluate(outside, 0), Error);
    const std::vector<std::int32_t> ok = {1, 2};
    EXPECT_THROW(m.evaluate(ok, 5), Error);
    const std::vector<std::int32_t> tooLong(65, 1);
    EXPECT_THROW(m.evaluate(tooLong, 0), Error);
    EXPECT_EQ(m.cachedTokens(), 0);
}

} // namespace
} // namespace qiusuo::test
