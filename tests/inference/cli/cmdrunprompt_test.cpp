// qiusuo-cli run --prompt: the answer streams to stdout and the reasoning to
// stderr (neither is a terminal here), exactly what the local engine says for
// the same model, seed and sampling.
#include "clirunner.h"
#include "tinyengine.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <regex>

namespace qiusuo::test {
namespace {

constexpr const char* kModel = "models/tiny-qwen2-Q8_0.gguf";
constexpr const char* kPrompt = "Hello world";

std::string runArgs(const std::filesystem::path& model, const std::string& extra)
{
    return "run --model " + model.string() + " --prompt '" + kPrompt + "'" + kEngineArgs + " " + extra;
}

/// The answer tokens --stats reports, or -1.
int statsAnswerTokens(const std::string& err)
{
    std::smatch m;
    static const std::regex re("answer ([0-9]+) tokens at [0-9.]+ tokens/s");
    return std::regex_search(err, m, re) ? std::stoi(m[1]) : -1;
}

GenerationParams greedy(int maxTokens)
{
    GenerationParams params;
    params.temperature = 0.0f;
    params.seed = 1;
    params.maxTokens = maxTokens;
    return params;
}

TEST(CmdRunPrompt, GreedyStreamsTheEnginesAnswerAndReasoningApart)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput r = runCliWithInput(runArgs(model, "--temp 0 --seed 1 -n 12"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const Answer expected = ask(*tinyEngine(model), {{ChatMessage::Role::User, kPrompt, ""}}, greedy(12));
    ASSERT_FALSE(expected.reasoning.empty() && expected.content.empty());
    EXPECT_EQ(r.out, asPrinted(expected.content));
    EXPECT_EQ(r.err, asPrinted(expected.reasoning));
}

TEST(CmdRunPrompt, SeededSamplingMatchesTheEngine)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput r = runCliWithInput(runArgs(model, "--temp 0.9 --top-p 0.9 --top-k 40 --seed 11 -n 12 "
                                                      "--system 'You are terse.'"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    GenerationParams params;
    params.temperature = 0.9f;
    params.topP = 0.9f;
    params.topK = 40;
    params.seed = 11;
    params.maxTokens = 12;
    const Answer expected = ask(*tinyEngine(model), {{ChatMessage::Role::System, "You are terse.", ""},
                                                     {ChatMessage::Role::User, kPrompt, ""}}, params);
    EXPECT_EQ(r.out, asPrinted(expected.content));
    EXPECT_EQ(r.err, asPrinted(expected.reasoning));
}

TEST(CmdRunPrompt, NCapsTheAnswerAtThatManyTokens)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    for (const int n : {5, 9}) {
        const CliOutput r = runCliWithInput(runArgs(model, "--temp 0 -n " + std::to_string(n) + " --stats"));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_EQ(statsAnswerTokens(r.err), n) << r.err;
        EXPECT_NE(r.err.find("first token after"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("thinking"), std::string::npos) << r.err;
    }
}

TEST(CmdRunPrompt, NoThinkChangesThePromptAndTheOutput)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    auto engine = tinyEngine(model);
    GenerationParams off = greedy(12);
    off.thinking = false;
    const std::vector<ChatMessage> messages = {{ChatMessage::Role::User, kPrompt, ""}};
    ASSERT_NE(engine->promptTokens(messages, greedy(12)), engine->promptTokens(messages, off))
        << "the tiny model's template ignores thinking: this test needs one that does not";

    const CliOutput thinking = runCliWithInput(runArgs(model, "--temp 0 -n 12"));
    const CliOutput direct = runCliWithInput(runArgs(model, "--temp 0 -n 12 --no-think"));
    ASSERT_EQ(thinking.exitCode, 0) << thinking.err;
    ASSERT_EQ(direct.exitCode, 0) << direct.err;
    const Answer expected = ask(*engine, messages, off);
    EXPECT_EQ(direct.out, asPrinted(expected.content));
    EXPECT_EQ(direct.err, asPrinted(expected.reasoning));
    EXPECT_NE(thinking.out + "|" + thinking.err, direct.out + "|" + direct.err);
}

TEST(CmdRunPrompt, HideReasoningLeavesStderrEmpty)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput shown = runCliWithInput(runArgs(model, "--temp 0 -n 12"));
    const CliOutput hidden = runCliWithInput(runArgs(model, "--temp 0 -n 12 --hide-reasoning"));
    ASSERT_EQ(hidden.exitCode, 0) << hidden.err;
    ASSERT_FALSE(shown.err.empty()) << "the tiny model gave no reasoning to hide";
    EXPECT_EQ(hidden.err, "");
    EXPECT_EQ(hidden.out, shown.out);
}

TEST(CmdRunPrompt, BadInputGetsAClearError)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput missing = runCliWithInput("run --model /nonexistent/m.gguf --prompt hi");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("'/nonexistent/m.gguf' does not exist"), std::string::npos) << missing.err;

    const CliOutput noPrompt = runCliWithInput("run --model " + model.string());
    EXPECT_EQ(noPrompt.exitCode, 1);
    EXPECT_NE(noPrompt.err.find("--prompt"), std::string::npos) << noPrompt.err;

    const CliOutput noModel = runCliWithInput("run --prompt hi");
    EXPECT_EQ(noModel.exitCode, 1);
    EXPECT_NE(noModel.err.find("--model"), std::string::npos) << noModel.err;

    const CliOutput both = runCliWithInput("run --model " + model.string() + " --prompt hi --prompt-ids 1,2");
    EXPECT_EQ(both.exitCode, 2) << both.err;
    EXPECT_NE(both.err.find("excludes"), std::string::npos) << both.err;

    const CliOutput badTemp = runCliWithInput("run --model " + model.string() + " --prompt hi --temp -1");
    EXPECT_EQ(badTemp.exitCode, 2) << badTemp.err;
    EXPECT_NE(badTemp.err.find("--temp"), std::string::npos) << badTemp.err;
}

} // namespace
} // namespace qiusuo::test
