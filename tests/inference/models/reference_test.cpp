// Our forward pass against llama.cpp's logits on every tiny qwen2 and llama
// file (tolerances from ../shared/testdata/README.md): the precise path within
// 1e-3 of the exact references at every position, the fast path within the
// loose bounds; batch prefill and one token at a time alike.
#include "referencelogits.h"
#include "tests/testdata.h"

#include "inference/models/modelfactory.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace qiusuo::test {
namespace {

using models::LogitsFor;

struct ModelCase {
    const char* file;       ///< name under testdata/models, without .gguf
    const char* reference;  ///< folder under testdata/reference with its exact logits
};

// The F32 files: the file as it is (kv_f32). Quantized files: llama.cpp on
// the dequantized weights (deq_kv_f32), free of its 8-bit activations.
//
// The F16 file: deq_kv_f32 too, not kv_f32. Its F16 weights convert to F32
// exactly, so deq_kv_f32 is the exact answer for the very same weights (its
// batch and sequential runs agree to 4.8e-6). kv_f32 is not: llama.cpp's CPU
// mul_mat rounds the activations to F16 before every product with F16
// weights (the type's vec_dot_type), which moves the logits by up to 5.4e-3,
// and that rounding turns a last-bit F32 difference anywhere upstream (a
// different summation order) into a 2^-11 step of an activation: llama.cpp's
// own batch and one-token-at-a-time runs of that file differ by 4.6e-3
// (batch_vs_seq_max_abs_diff). Our precise path, tried with the same
// rounding, matched its sequential run bit for bit at positions where no such
// step happened, yet was up to 4.1e-3 from it elsewhere and 4.5e-3 from its
// batch run: neither an F32-activation nor an F16-activation engine can be
// held to 1e-3 of that file's kv_f32 logits.
const ModelCase kModels[] = {
    {"tiny-qwen2", "kv_f32"},          {"tiny-qwen2-F16", "deq_kv_f32"},
    {"tiny-qwen2-Q8_0", "deq_kv_f32"}, {"tiny-qwen2-Q6_K", "deq_kv_f32"},
    {"tiny-qwen2-Q4_K_M", "deq_kv_f32"}, {"tiny-qwen2-Q4_0", "deq_kv_f32"},
    {"tiny-llama", "kv_f32"},          {"tiny-llama-Q8_0", "deq_kv_f32"},
    {"tiny-llama-Q6_K", "deq_kv_f32"}, {"tiny-llama-Q4_K_M", "deq_kv_f32"},
};

enum class Path { Precise, Fast };

/// testdata/README.md: the precise path within 1e-3 of the exact references.
constexpr double kPreciseBound = 1e-3;
enum class Mode { Batch, Sequential };

using Param = std::tuple<ModelCase, Path, Mode>;

std::string caseName(const testing::TestParamInfo<Param>& info)
{
    std::string name = std::get<0>(info.param).file;
    for (char& c : name)
        if (c == '-')
            c = '_';
    name += std::get<1>(info.param) == Path::Precise ? "_precise" : "_fast";
    name += std::get<2>(info.param) == Mode::Batch ? "_batch" : "_sequential";
    return name;
}

models::ModelOptions optionsFor(Path path)
{
    models::ModelOptions o;
    o.precision = path == Path::Precise ? cpu::Precision::Precise : cpu::Precision::Fast;
    o.threads = 2;
    o.context = 256;
    return o;
}

class ReferenceLogitsTest : public testing::TestWithParam<Param> {};

TEST_P(ReferenceLogitsTest, MatchesLlamaCpp)
{
    const auto& [model, path, mode] = GetParam();
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + model.file + ".gguf");
    const ReferenceLogits ref = loadReferenceLogits(testdataDir() / "reference" / model.reference, model.file);
    const auto n = static_cast<std::int32_t>(ref.tokens.size());

    auto m = models::loadModel(file, optionsFor(path));
    ASSERT_EQ(m->vocabSize(), ref.vocab);

    std::vector<float> got;
    if (mode == Mode::Batch) {
        got = m->evaluate(ref.tokens, 0, LogitsFor::All);
    } else {
        for (std::int32_t i = 0; i < n; ++i) {
            const std::vector<float> row = m->evaluate({&ref.tokens[static_cast<std::size_t>(i)], 1}, i);
            got.insert(got.end(), row.begin(), row.end());
        }
    }
    ASSERT_EQ(got.size(), ref.batch.size());
    EXPECT_EQ(m->cachedTokens(), n);

    const std::vector<float>& want = mode == Mode::Batch ? ref.batch : ref.sequential;
    const LogitsDiff d = compareLogits(got.data(), want.data(), n, ref.vocab);
    std::printf("[ measured ] %s vs %s: max |dlogit| %.3g (position %d), mean %.3g, argmax equal at %d/%d\n",
                caseName({GetParam(), 0}).c_str(), model.reference, d.maxAbs, d.worstRow, d.meanAbs,
                d.argmaxMatches, n);
    RecordProperty("max_abs_delta", std::to_string(d.maxAbs));
    RecordProperty("mean_abs_delta", std::to_string(d.meanAbs));

    if (path == Path::Precise) {
        EXPECT_LE(d.maxAbs, kPreciseBound);
        EXPECT_EQ(d.argmaxMatches, n);
    } else {
        EXPECT_LE(d.maxAbs, 0.5);
        EXPECT_LE(d.meanAbs, 0.05);
        EXPECT_GE(d.argmaxMatches, 38);
    }
}

INSTANTIATE_TEST_SUITE_P(TinyModels, ReferenceLogitsTest,
                         testing::Combine(testing::ValuesIn(kModels), testing::Values(Path::Precise, Path::Fast),
                                          testing::Values(Mode::Batch, Mode::Sequential)),
                         caseName);

// Greedy generation after the R1 prompt: prompt in one batch, then one token
// at a time, argmax (lowest id on ties), not stopping at end-of-generation.
class ReferenceGreedyTest : public testing::TestWithParam<ModelCase> {};

TEST_P(ReferenceGreedyTest, SameTokensAsLlamaCpp)
{
    const ModelCase& model = GetParam();
    QIUSUO_REQUIRE_TESTDATA(file, std::string("models/") + model.file + ".gguf");
    const ReferenceGeneration ref = loadReferenceGeneration(testdataDir() / "reference" / model.reference, model.file);

    auto m = models::loadModel(file, optionsFor(Path::Precise));
    std::vector<float> logits = m->evaluate(ref.promptIds, 0);
    std::vector<std::int32_t> generated;
    double maxDelta = 0;
    for (std::size_t i = 0; i < ref.generatedIds.size(); ++i) {
        const LogitsDiff d = compareLogits(logits.data(), ref.logits.data() + i * static_cast<std::size_t>(ref.vocab), 1,
                                           ref.vocab);
        maxDelta = std::max(maxDelta, d.maxAbs);
        const std::int32_t next = argmax(logits.data(), m->vocabSize());
        generated.push_back(next);
        if (i + 1 < ref.generatedIds.size())
            logits = m->evaluate({&generated.back(), 1}, m->cachedTokens());
    }
    std::printf("[ measured ] %s greedy: max |dlogit| %.3g over %zu steps\n", model.file, maxDelta,
                generated.size());
    EXPECT_EQ(generated, ref.generatedIds);
    EXPECT_LE(maxDelta, kPreciseBound);
}

std::string greedyName(const testing::TestParamInfo<ModelCase>& info)
{
    std::string name = info.param.file;
    for (char& c : name)
        if (c == '-')
            c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(TinyModels, ReferenceGreedyTest, testing::ValuesIn(kModels), greedyName);

} // namespace
} // namespace qiusuo::test
