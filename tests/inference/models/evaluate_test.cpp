// evaluate(): positions, the context limit, rewinding, chunked prefill, and
// tied output weights.
#include "modelvariant.h"
#include "referencelogits.h"
#include "tests/testdata.h"

#include "inference/error.h"
#include "inference/models/modelfactory.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>

namespace qiusuo::test {
namespace {

using models::LogitsFor;

models::ModelOptions precise(std::int32_t context = 256)
{
    models::ModelOptions o;
    o.precision = cpu::Precision::Precise;
    o.context = context;
    o.threads = 2;
    return o;
}

template <typename Fn>
std::string errorOf(Fn&& fn)
{
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(ModelEvaluate, FullContextIsAClearError)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    auto m = models::loadModel(file, precise(8));
    const std::vector<std::int32_t> eight{311, 313, 309, 310, 11, 264, 284, 275};
    EXPECT_EQ(m->evaluate(eight, 0).size(), 384u);
    const std::int32_t one = 12;
    const std::string message = errorOf([&] { m->evaluate({&one, 1}, 8); });
    EXPECT_EQ(message, "the conversation is longer than the context (8 tokens)");
    EXPECT_EQ(m->cachedTokens(), 8);  // the failed call changed nothing

    auto fresh = models::loadModel(file, precise(8));
    std::vector<std::int32_t> nine = eight;
    nine.push_back(1);
    EXPECT_EQ(errorOf([&] { fresh->evaluate(nine, 0); }), "the conversation is longer than the context (8 tokens)");
}

TEST(ModelEvaluate, TokenOutsideTheVocabularyIsRefused)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    auto m = models::loadModel(file, precise());
    const std::vector<std::int32_t> tokens{311, 384};
    const std::string message = errorOf([&] { m->evaluate(tokens, 0); });
    EXPECT_NE(message.find("384"), std::string::npos) << message;
    EXPECT_NE(message.find("vocabulary"), std::string::npos) << message;
    const std::vector<std::int32_t> negative{-1};
    EXPECT_NE(errorOf([&] { m->evaluate(negative, 0); }), "");
    EXPECT_NE(errorOf([&] { m->evaluate({}, 0); }), "");
}

TEST(ModelEvaluate, PositionsMustFollowOnWithoutGaps)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    auto m = models::loadModel(file, precise());
    const std::int32_t token = 311;
    const std::string message = errorOf([&] { m->evaluate({&token, 1}, 3); });
    EXPECT_NE(message.find("position 3"), std::string::npos) << message;
}

// Rewinding: after all 40 tokens, evaluating the second half again from
// position 20 must give the reference's rows 20..39.
TEST(ModelEvaluate, RewindingOverwritesLaterPositions)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "kv_f32", "tiny-llama");
    auto m = models::loadModel(file, precise());
    // Fill the cache with other tokens past position 20 first.
    std::vector<std::int32_t> first(ref.tokens.begin(), ref.tokens.begin() + 20);
    first.insert(first.end(), 20, 7);
    m->evaluate(first, 0);
    ASSERT_EQ(m->cachedTokens(), 40);
    const std::vector<std::int32_t> rest(ref.tokens.begin() + 20, ref.tokens.end());
    const std::vector<float> got = m->evaluate(rest, 20, LogitsFor::All);
    EXPECT_EQ(m->cachedTokens(), 40);
    const LogitsDiff d = compareLogits(got.data(), ref.batch.data() + 20 * ref.vocab, 20, ref.vocab);
    EXPECT_LE(d.maxAbs, 1e-3);
}

// Prefill in chunks smaller than the prompt gives the same logits as one batch.
TEST(ModelEvaluate, ChunkedPrefillMatchesTheReference)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-qwen2.gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / "kv_f32", "tiny-qwen2");
    models::ModelOptions o = precise();
    o.batchSize = 7;
    auto m = models::loadModel(file, o);
    const std::vector<float> all = m->evaluate(ref.tokens, 0, LogitsFor::All);
    const auto n = static_cast<std::int32_t>(ref.tokens.size());
    const LogitsDiff d = compareLogits(all.data(), ref.batch.data(), n, ref.vocab);
    EXPECT_LE(d.maxAbs, 1e-3);

    auto again = models::loadModel(file, o);
    const std::vector<float> last = again->evaluate(ref.tokens, 0, LogitsFor::Last);
    const LogitsDiff dl = compareLogits(last.data(), ref.batch.data() + (n - 1) * ref.vocab, 1, ref.vocab);
    EXPECT_LE(dl.maxAbs, 1e-3);
}

// A model without output.weight uses token_embd.weight for the logits: a file
// whose embedding matrix is the output matrix must give the same logits with
// output.weight present or absent.
TEST(ModelEvaluate, TiedOutputUsesTheEmbeddingMatrix)
{
    QIUSUO_REQUIRE_TESTDATA(file, "models/tiny-llama.gguf");
    auto embedIsOutput = [](gguf::GgufWriter& w, const gguf::GgufFile& src) {
        const gguf::TensorInfo* out = src.findTensor("output.weight");
        w.addTensor("token_embd.weight", out->type, out->dims, std::span<const std::uint8_t>(out->data, out->nbytes));
    };
    const auto untied = writeVariant(
        file, "untied.gguf", [](const gguf::TensorInfo& t) { return t.name != "token_embd.weight"; }, embedIsOutput);
    const auto tied = writeVariant(
        file, "tied.gguf",
        [](const gguf::TensorInfo& t) { return t.name != "token_embd.weight" && t.name != "output.weight"; },
        embedIsOutput);
    std::vector<std::int32_t> tokens(16);
    std::iota(tokens.begin(), tokens.end(), 300);
    const auto a = models::loadModel(untied, precise())->evaluate(tokens, 0, LogitsFor::All);
    const auto b = models::loadModel(tied, precise())->evaluate(tokens, 0, LogitsFor::All);
    EXPECT_EQ(a, b);
    // And the embedding swap mattered: logits differ from the original file's.
    const auto original = models::loadModel(file, precise())->evaluate(tokens, 0, LogitsFor::All);
    EXPECT_NE(a, original);
}

} // namespace
} // namespace qiusuo::test
