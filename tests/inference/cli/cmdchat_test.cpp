// qiusuo-cli chat with piped input: each answer is what the engine says for the
// conversation so far (answers, not reasoning, go back into it); /reset,
// /think, /stats, /exit and end of input.
#include "clirunner.h"
#include "tinyengine.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

namespace qiusuo::test {
namespace {

constexpr const char* kModel = "models/tiny-qwen2-Q8_0.gguf";
constexpr int kTokens = 6;

std::string chatArgs(const std::filesystem::path& model)
{
    return "chat --model " + model.string() + kEngineArgs + " --temp 0 --seed 3 -n " + std::to_string(kTokens);
}

GenerationParams params(bool thinking = true)
{
    GenerationParams p;
    p.temperature = 0.0f;
    p.seed = 3;
    p.maxTokens = kTokens;
    p.thinking = thinking;
    return p;
}

using Role = ChatMessage::Role;

TEST(CmdChat, KeepsTheConversationAndHandlesCommands)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput r = runCliWithInput(chatArgs(model), "hello\n/stats\nhow are you\n/reset\nhi\n/exit\nignored\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;

    auto engine = tinyEngine(model);
    const Answer first = ask(*engine, {{Role::User, "hello", ""}}, params());
    const Answer second = ask(*engine, {{Role::User, "hello", ""}, {Role::Assistant, first.content, ""},
                                        {Role::User, "how are you", ""}}, params());
    const Answer fresh = ask(*engine, {{Role::User, "hi", ""}}, params());
    ASSERT_EQ(first.result.status, GenerationResult::Status::Complete);
    // The second turn is the conversation's, not a fresh one's.
    const Answer secondAlone = ask(*engine, {{Role::User, "how are you", ""}}, params());
    ASSERT_NE(second.content + second.reasoning, secondAlone.content + secondAlone.reasoning);

    const std::string stats = "prompt " + std::to_string(first.result.stats.promptTokens) + " tokens";
    const auto statsAt = r.out.find(stats);
    ASSERT_NE(statsAt, std::string::npos) << r.out;
    const std::string statsLine = r.out.substr(statsAt, r.out.find('\n', statsAt) + 1 - statsAt);
    EXPECT_NE(statsLine.find("answer " + std::to_string(first.result.stats.completionTokens) + " tokens"),
              std::string::npos) << statsLine;
    EXPECT_EQ(r.out, asPrinted(first.content) + statsLine + asPrinted(second.content) + "(new conversation)\n" +
                         asPrinted(fresh.content));
    EXPECT_EQ(r.err, asPrinted(first.reasoning) + asPrinted(second.reasoning) + asPrinted(fresh.reasoning));
}

// Without reasoning the answers are content, and that content is what the
// next turn sees.
TEST(CmdChat, AnswersGoBackIntoTheConversation)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput r = runCliWithInput(chatArgs(model) + " --no-think", "hello\nhow are you\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto engine = tinyEngine(model);
    const Answer first = ask(*engine, {{Role::User, "hello", ""}}, params(false));
    ASSERT_FALSE(first.content.empty());
    const Answer second = ask(*engine, {{Role::User, "hello", ""}, {Role::Assistant, first.content, ""},
                                        {Role::User, "how are you", ""}}, params(false));
    EXPECT_EQ(r.out, asPrinted(first.content) + asPrinted(second.content));
    EXPECT_EQ(r.err, asPrinted(first.reasoning) + asPrinted(second.reasoning));
}

TEST(CmdChat, ThinkOffChangesTheFollowingTurns)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput r = runCliWithInput(chatArgs(model), "/think off\nhello\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto engine = tinyEngine(model);
    const Answer direct = ask(*engine, {{Role::User, "hello", ""}}, params(false));
    const Answer thinking = ask(*engine, {{Role::User, "hello", ""}}, params(true));
    ASSERT_NE(direct.content + "|" + direct.reasoning, thinking.content + "|" + thinking.reasoning);
    EXPECT_EQ(r.out, "(reasoning off)\n" + asPrinted(direct.content));
    EXPECT_EQ(r.err, asPrinted(direct.reasoning));
}

TEST(CmdChat, EndOfInputEndsAndUnknownCommandsAreExplained)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput r = runCliWithInput(chatArgs(model), "/stats\n/frobnicate\n/think maybe\n\n");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("(no answer yet)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(unknown command /frobnicate)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("/think on or /think off"), std::string::npos) << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(CmdChat, MissingModelIsAClearError)
{
    const CliOutput r = runCliWithInput("chat --model /nonexistent/m.gguf", "hello\n");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("'/nonexistent/m.gguf' does not exist"), std::string::npos) << r.err;
}

} // namespace
} // namespace qiusuo::test
