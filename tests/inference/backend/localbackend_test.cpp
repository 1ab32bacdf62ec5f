// The local engine behind the Backend interface, on the tiny reference models.
#include "inference/localbackend.h"

#include "inference/error.h"
#include "inference/tokenizer/streamingdecoder.h"
#include "inference/tokenizer/tokenizer.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using qiusuo::ChatMessage;
using qiusuo::Delta;
using qiusuo::GenerationParams;
using qiusuo::GenerationResult;
using qiusuo::LocalBackend;
using qiusuo::LocalBackendOptions;

namespace {

const char* kPrompt = "Hello world, what is the capital of France? 海日生残夜，江春入旧年. 123 + 4567 = ?";

/// The ids listed under `key` in a reference .gen.json (a flat integer array).
std::vector<std::int32_t> jsonIds(const std::filesystem::path& path, const std::string& key)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    std::size_t p = text.find("\"" + key + "\"");
    p = text.find('[', p);
    const std::size_t e = text.find(']', p);
    std::vector<std::int32_t> ids;
    std::stringstream list(text.substr(p + 1, e - p - 1));
    for (std::string item; std::getline(list, item, ',');)
        ids.push_back(std::stoi(item));
    return ids;
}

std::unique_ptr<LocalBackend> loadBackend(const std::filesystem::path& model, qiusuo::cpu::Precision precision,
                                          std::int32_t context = 512, bool dropOldest = false)
{
    LocalBackendOptions options;
    options.modelPath = model;
    options.model.precision = precision;
    options.model.context = context;
    options.model.threads = 2;
    options.dropOldestTurns = dropOldest;
    auto backend = std::make_unique<LocalBackend>(options);
    EXPECT_TRUE(backend->load({}));
    return backend;
}

struct Collected {
    std::string reasoning;
    std::string content;
    GenerationResult result;
};

Collected generate(LocalBackend& backend, const std::vector<ChatMessage>& messages, const GenerationParams& params)
{
    Collected c;
    std::atomic<bool> stop{false};
    c.result = backend.generate(messages, params, [&](const Delta& d) {
        c.reasoning += d.reasoning;
        c.content += d.content;
    }, stop);
    return c;
}

GenerationParams greedy(int maxTokens)
{
    GenerationParams p;
    p.temperature = 0.0f;
    p.maxTokens = maxTokens;
    return p;
}

} // namespace

TEST(LocalBackend, RendersTheReferencePromptIds)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    QIUSUO_REQUIRE_TESTDATA(gen, "reference/kv_f32/tiny-qwen2.gen.json");
    auto backend = loadBackend(model, qiusuo::cpu::Precision::Precise);
    const std::vector<ChatMessage> messages = {{ChatMessage::Role::User, kPrompt, ""}};
    EXPECT_EQ(backend->promptTokens(messages, GenerationParams{}), jsonIds(gen, "prompt_ids"));
}

TEST(LocalBackend, GreedyStreamIsTheReferenceTokensAsReasoning)
{
    for (const char* name : {"tiny-qwen2", "tiny-llama"}) {
        SCOPED_TRACE(name);
        QIUSUO_REQUIRE_TESTDATA(model, std::string("models/") + name + ".gguf");
        QIUSUO_REQUIRE_TESTDATA(gen, std::string("reference/kv_f32/") + name + ".gen.json");
        auto backend = loadBackend(model, qiusuo::cpu::Precision::Precise);
        const std::vector<std::int32_t> expectedIds = jsonIds(gen, "generated_ids");
        // The R1 template opened the think block: all output is reasoning.
        qiusuo::tokenizer::StreamingDecoder decoder(backend->tokenizer());
        std::string expected;
        int count = 0;
        for (const std::int32_t id : expectedIds) {
            if (backend->tokenizer().isEog(id))
                break;  // the reference does not stop at end of generation; we do
            expected += decoder.push(id);
            ++count;
        }
        expected += decoder.flush();

        const Collected c = generate(*backend, {{ChatMessage::Role::User, kPrompt, ""}}, greedy(count));
        EXPECT_EQ(c.result.status, GenerationResult::Status::Complete) << c.result.error;
        EXPECT_EQ(c.result.stats.completionTokens, count);
        EXPECT_EQ(c.result.stats.promptTokens, static_cast<int>(jsonIds(gen, "prompt_ids").size()));
        EXPECT_EQ(c.reasoning, expected);
        EXPECT_TRUE(c.content.empty());
        EXPECT_GT(c.result.stats.decodeTokensPerSecond, 0.0);
        EXPECT_GT(c.result.stats.timeToFirstTokenMs, 0.0);
    }
}

TEST(LocalBackend, CacheReuseGivesTheSameAnswerAsAFreshEngine)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q8_0.gguf");
    auto warm = loadBackend(model, qiusuo::cpu::Precision::Fast);
    const std::vector<ChatMessage> first = {{ChatMessage::Role::User, "Hello world", ""}};
    const Collected a = generate(*warm, first, greedy(8));
    std::vector<ChatMessage> second = first;
    second.push_back({ChatMessage::Role::Assistant, a.content, a.reasoning});
    second.push_back({ChatMessage::Role::User, "what is 123 + 4567?", ""});
    const Collected warmAnswer = generate(*warm, second, greedy(12));

    auto cold = loadBackend(model, qiusuo::cpu::Precision::Fast);
    const Collected coldAnswer = generate(*cold, second, greedy(12));
    EXPECT_EQ(warmAnswer.reasoning, coldAnswer.reasoning);
    EXPECT_EQ(warmAnswer.content, coldAnswer.content);
    EXPECT_EQ(warmAnswer.result.stats.completionTokens, 12);
}

TEST(LocalBackend, SameSeedSameOutput)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-llama-Q4_K_M.gguf");
    auto backend = loadBackend(model, qiusuo::cpu::Precision::Fast);
    GenerationParams p;
    p.temperature = 1.0f;
    p.topP = 0.95f;
    p.seed = 1234;
    p.maxTokens = 16;
    const std::vector<ChatMessage> messages = {{ChatMessage::Role::User, "Hello world", ""}};
    const Collected a = generate(*backend, messages, p);
    const Collected b = generate(*backend, messages, p);
    EXPECT_EQ(a.reasoning + "|" + a.content, b.reasoning + "|" + b.content);
    p.seed = 99;
    const Collected c = generate(*backend, messages, p);
    EXPECT_NE(a.reasoning + "|" + a.content, c.reasoning + "|" + c.content)
        << "another seed draws other tokens from a random model's flat distribution";
}

TEST(LocalBackend, StopFlagEndsTheGenerationAtOnce)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    auto backend = loadBackend(model, qiusuo::cpu::Precision::Fast);
    std::atomic<bool> stop{false};
    int deltas = 0;
    const GenerationResult r = backend->generate({{ChatMessage::Role::User, "Hello", ""}}, greedy(200),
                                                 [&](const Delta&) {
                                                     if (++deltas == 3)
                                                         stop = true;
                                                 },
                                                 stop);
    EXPECT_EQ(r.status, GenerationResult::Status::Stopped);
    EXPECT_LE(r.stats.completionTokens, 4) << "stop takes effect within one token";
}

TEST(LocalBackend, TooLongConversationIsRefusedOrTrimmed)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    std::string longText;
    for (int i = 0; i < 30; ++i)
        longText += "Hello world 海日生残夜 ";
    std::vector<ChatMessage> messages = {{ChatMessage::Role::System, "Be brief.", ""}};
    for (int turn = 0; turn < 4; ++turn) {
        messages.push_back({ChatMessage::Role::User, longText, ""});
        messages.push_back({ChatMessage::Role::Assistant, "ok", ""});
    }
    messages.push_back({ChatMessage::Role::User, "last question", ""});

    auto strict = loadBackend(model, qiusuo::cpu::Precision::Fast, 256);
    const Collected refused = generate(*strict, messages, greedy(4));
    EXPECT_EQ(refused.result.status, GenerationResult::Status::Error);
    EXPECT_NE(refused.result.error.find("context"), std::string::npos) << refused.result.error;

    auto trimming = loadBackend(model, qiusuo::cpu::Precision::Fast, 256, /*dropOldest=*/true);
    const Collected trimmed = generate(*trimming, messages, greedy(4));
    EXPECT_EQ(trimmed.result.status, GenerationResult::Status::Complete) << trimmed.result.error;
    EXPECT_LE(trimmed.result.stats.promptTokens, 256);
    EXPECT_EQ(trimmed.result.stats.completionTokens, 4);
}

TEST(LocalBackend, MissingOrBrokenFileGivesAClearError)
{
    LocalBackendOptions options;
    options.modelPath = "/nonexistent/model.gguf";
    LocalBackend missing(options);
    try {
        missing.load({});
        FAIL() << "loading a missing file succeeded";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("model.gguf"), std::string::npos) << e.what();
    }
    std::atomic<bool> stop{false};
    const GenerationResult r = missing.generate({{ChatMessage::Role::User, "hi", ""}}, {}, [](const Delta&) {}, stop);
    EXPECT_EQ(r.status, GenerationResult::Status::Error);
    EXPECT_FALSE(r.error.empty());
}

TEST(LocalBackend, LoadReportsProgressAndCanBeCancelled)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    LocalBackendOptions options;
    options.modelPath = model;
    LocalBackend backend(options);
    std::vector<float> seen;
    EXPECT_FALSE(backend.load([&](float p) {
        seen.push_back(p);
        return p < 0.3f;
    }));
    ASSERT_FALSE(seen.empty());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    std::atomic<bool> stop{false};
    EXPECT_EQ(backend.generate({{ChatMessage::Role::User, "hi", ""}}, {}, [](const Delta&) {}, stop).status,
              GenerationResult::Status::Error) << "a cancelled load leaves nothing loaded";
    seen.clear();
    EXPECT_TRUE(backend.load([&](float p) {
        seen.push_back(p);
        return true;
    }));
    EXPECT_EQ(seen.back(), 1.0f);
}

TEST(LocalBackend, TypedTokenNamesStayText)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    auto backend = loadBackend(model, qiusuo::cpu::Precision::Fast);
    const auto eos = backend->tokenizer().eos();
    ASSERT_GE(eos, 0);
    const std::string eosText = backend->tokenizer().tokenPiece(eos, /*renderSpecial=*/true);
    const auto ids = backend->promptTokens({{ChatMessage::Role::User, "say " + eosText + " now", ""}}, GenerationParams{});
    EXPECT_EQ(std::count(ids.begin(), ids.end(), eos), 0)
        << "the end-of-sentence token came from the user's words, not the template";
}
