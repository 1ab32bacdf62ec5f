// ThinkSplitter: one table of outputs, each fed whole, one character at a
// time and in seeded random chunks; all three must give the same split.

#include "inference/chat/thinksplitter.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace qiusuo::chat {
namespace {

using Start = ThinkSplitter::Start;

struct Case {
    const char* name;
    Start start;
    std::string input;
    std::string reasoning;
    std::string content;
    bool sawReasoning;
    bool closed;
    bool unfinished;
};

const std::vector<Case>& cases()
{
    static const std::vector<Case> table = {
        {"r1_prefilled", Start::InReasoning,
         "Okay, let me think.\n</think>\n\nThe answer is 4.",
         "Okay, let me think.", "The answer is 4.", true, true, false},
        {"leading_tag", Start::Detect, "<think>\nHmm.\n</think>\n\nHi", "Hmm.", "Hi", true, true,
         false},
        {"leading_whitespace_then_tag", Start::Detect, " \n\t<think>\nHmm\n</think>\n\nHi", "Hmm",
         "Hi", true, true, false},
        {"never_thinks", Start::Detect, "Hello there", "", "Hello there", false, false, false},
        {"never_thinks_starts_with_angle", Start::Detect, "<b>bold</b>", "", "<b>bold</b>", false,
         false, false},
        {"never_thinks_almost_tag", Start::Detect, "<thing> is not a tag", "",
         "<thing> is not a tag", false, false, false},
        {"never_thinks_leading_space_kept", Start::Detect, "  Hi", "", "  Hi", false, false, false},
        {"never_thinks_tag_later", Start::Detect, "Answer: <think>x</think>", "",
         "Answer: <think>x</think>", false, false, false},
        {"literal_tags_in_answer", Start::InReasoning,
         "r\n</think>\n\nUse `</think>` and `<think>` tags.\n</think>", "r",
         "Use `</think>` and `<think>` tags.\n</think>", true, true, false},
        {"literal_open_tag_in_reasoning", Start::InReasoning,
         "I see <think> here\n</think>\n\nok", "I see <think> here", "ok", true, true, false},
        {"unfinished_partial_close", Start::InReasoning, "still thinking </thi",
         "still thinking </thi", "", true, false, true},
        {"unfinished_trailing_newline", Start::InReasoning, "abc\n", "abc\n", "", true, false,
         true},
        {"unfinished_after_tag", Start::Detect, "<think>\nabc", "abc", "", true, false, true},
        {"empty_think_block", Start::Detect, "<think>\n\n</think>\n\nDirect answer", "",
         "Direct answer", true, true, false},
        {"redundant_open_tag_when_prefilled", Start::InReasoning,
         "<think>\nreason\n</think>\n\nans", "reason", "ans", true, true, false},
        {"no_newlines_around_tags", Start::Detect, "<think>abc</think>def", "abc", "def", true,
         true, false},
        {"only_one_newline_before_close_dropped", Start::InReasoning, "a\n\n</think>x", "a\n",
         "x", true, true, false},
        {"at_most_two_newlines_after_close_dropped", Start::InReasoning, "a</think>\n\n\nx", "a",
         "\nx", true, true, false},
        {"only_one_newline_after_open_dropped", Start::Detect, "<think>\n\nx</think>y", "\nx",
         "y", true, true, false},
        {"close_tag_lookalike_in_reasoning", Start::InReasoning,
         "a </thinking> b <</think>c", "a </thinking> b <", "c", true, true, false},
        {"multiline_reasoning", Start::InReasoning, "line1\nline2\n</think>\n\nans",
         "line1\nline2", "ans", true, true, false},
        {"chinese", Start::Detect, "<think>\n嗯，让我想想。\n</think>\n\n答案是四。",
         "嗯，让我想想。", "答案是四。", true, true, false},
        {"detect_finish_with_partial_tag", Start::Detect, "<thi", "", "<thi", false, false, false},
        {"detect_whitespace_only", Start::Detect, "\n\n", "", "\n\n", false, false, false},
        {"prefilled_nothing_generated", Start::InReasoning, "", "", "", true, false, true},
        {"prefilled_closed_at_once", Start::InReasoning, "</think>\n\nans", "", "ans", true, true,
         false},
        {"empty_answer", Start::InReasoning, "x\n</think>\n\n", "x", "", true, true, false},
        {"answer_newlines_inside_kept", Start::InReasoning, "x</think>\n\na\n\nb", "x", "a\n\nb",
         true, true, false},
    };
    return table;
}

struct Result {
    std::string reasoning;
    std::string content;
    bool sawReasoning = false;
    bool closed = false;
    bool unfinished = false;
};

Result run(const Case& c, const std::vector<std::string>& pieces)
{
    ThinkSplitter splitter({.start = c.start});
    Result r;
    for (const auto& p : pieces) {
        const Delta d = splitter.feed(p);
        r.reasoning += d.reasoning;
        r.content += d.content;
    }
    const Delta last = splitter.finish();
    r.reasoning += last.reasoning;
    r.content += last.content;
    r.sawReasoning = splitter.sawReasoning();
    r.closed = splitter.reasoningClosed();
    r.unfinished = splitter.reasoningUnfinished();
    return r;
}

std::vector<std::string> oneCharAtATime(const std::string& s)
{
    std::vector<std::string> out;
    for (char ch : s)
        out.emplace_back(1, ch);
    return out;
}

std::vector<std::string> randomChunks(const std::string& s, std::uint32_t seed)
{
    std::mt19937 rng(seed);  // mt19937's sequence is fixed by the standard
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t n = 1 + rng() % 6;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

void expectMatches(const Case& c, const Result& r, const std::string& how)
{
    SCOPED_TRACE(std::string(c.name) + " fed " + how);
    EXPECT_EQ(r.reasoning, c.reasoning);
    EXPECT_EQ(r.content, c.content);
    EXPECT_EQ(r.sawReasoning, c.sawReasoning);
    EXPECT_EQ(r.closed, c.closed);
    EXPECT_EQ(r.unfinished, c.unfinished);
}

class ThinkSplitterTable : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ThinkSplitterTable, SameSplitWholeCharByCharAndInRandomChunks)
{
    const Case& c = cases()[GetParam()];
    expectMatches(c, run(c, {c.input}), "whole");
    expectMatches(c, run(c, oneCharAtATime(c.input)), "one char at a time");
    for (std::uint32_t seed = 1; seed <= 20; ++seed)
        expectMatches(c, run(c, randomChunks(c.input, seed)),
                      "in random chunks, seed " + std::to_string(seed));
}

INSTANTIATE_TEST_SUITE_P(Cases, ThinkSplitterTable, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const auto& row) { return std::string(cases()[row.param].name); });

TEST(ThinkSplitter, HoldsBackOnlyWhatMayBeATag)
{
    ThinkSplitter s({.start = Start::InReasoning});
    EXPECT_EQ(s.feed("abc").reasoning, "abc");
    EXPECT_EQ(s.feed("def\n").reasoning, "def");   // the newline may precede </think>
    EXPECT_EQ(s.feed("</th").reasoning, "");
    EXPECT_EQ(s.feed("e").reasoning, "\n</the");    // cannot be the tag any more
    EXPECT_EQ(s.feed("<").reasoning, "");
    EXPECT_EQ(s.feed("x").reasoning, "<x");
    const Delta d = s.feed("</think>\n\nA");
    EXPECT_EQ(d.reasoning, "");
    EXPECT_EQ(d.content, "A");
}

TEST(ThinkSplitter, AnswerIsStreamedWithoutDelay)
{
    ThinkSplitter s({.start = Start::InReasoning});
    s.feed("r</think>");
    EXPECT_EQ(s.feed("\n").content, "");
    EXPECT_EQ(s.feed("\n").content, "");
    EXPECT_EQ(s.feed("<").content, "<");
    EXPECT_EQ(s.feed("/think>").content, "/think>");
}

TEST(ThinkSplitter, NonThinkingModelIsReleasedAtTheFirstNonTagCharacter)
{
    ThinkSplitter s;
    EXPECT_EQ(s.feed("<").content, "");
    EXPECT_EQ(s.feed("t").content, "");
    EXPECT_EQ(s.feed("r").content, "<tr");
    EXPECT_EQ(s.feed("ee").content, "ee");
}

TEST(ThinkSplitter, ReasoningDurationRunsFromFirstReasoningTextToTheClosingTag)
{
    using namespace std::chrono;
    steady_clock::time_point t{};
    ThinkSplitter s({.start = Start::Detect, .clock = [&] { return t; }});
    t += milliseconds(100);
    s.feed("<think>\n");             // no reasoning text yet
    EXPECT_EQ(s.reasoningMs(), 0.0);
    t += milliseconds(150);
    s.feed("abc");                   // starts at 250
    t += milliseconds(400);
    EXPECT_EQ(s.reasoningMs(), 400.0);  // running while the model reasons
    t += milliseconds(250);
    s.feed("\n</think>");            // ends at 900
    t += milliseconds(1000);
    s.feed("\n\nanswer");
    EXPECT_EQ(s.reasoningMs(), 650.0);
    s.finish();
    EXPECT_EQ(s.reasoningMs(), 650.0);
}

TEST(ThinkSplitter, UnfinishedReasoningIsTimedToFinish)
{
    using namespace std::chrono;
    steady_clock::time_point t{};
    ThinkSplitter s({.start = Start::InReasoning, .clock = [&] { return t; }});
    t += milliseconds(10);
    s.feed("thinking");
    t += milliseconds(90);
    s.finish();
    t += milliseconds(500);
    EXPECT_EQ(s.reasoningMs(), 90.0);
    EXPECT_TRUE(s.reasoningUnfinished());
}

TEST(ThinkSplitter, NoReasoningMeansZeroDuration)
{
    using namespace std::chrono;
    steady_clock::time_point t{};
    ThinkSplitter s({.clock = [&] { return t; }});
    s.feed("plain answer");
    t += milliseconds(300);
    s.finish();
    EXPECT_EQ(s.reasoningMs(), 0.0);
}

TEST(ThinkSplitter, CustomTags)
{
    ThinkSplitter s({.openTag = "<reasoning>", .closeTag = "</reasoning>"});
    Delta all;
    for (const char* p : {"<reas", "oning>\nwhy\n</reas", "oning>\n\nbecause </think>"}) {
        const Delta d = s.feed(p);
        all.reasoning += d.reasoning;
        all.content += d.content;
    }
    EXPECT_EQ(all.reasoning, "why");
    EXPECT_EQ(all.content, "because </think>");
}

TEST(ThinkSplitter, FeedAfterFinishIsAProgrammingError)
{
    ThinkSplitter s;
    s.finish();
    EXPECT_THROW(s.feed("x"), std::logic_error);
}

TEST(ThinkSplitter, EmptyTagsAreRejected)
{
    EXPECT_THROW(ThinkSplitter({.closeTag = ""}), std::invalid_argument);
}

TEST(ThinkSplitter, ResetStartsANewGeneration)
{
    ThinkSplitter s({.start = Start::InReasoning});
    s.feed("a</think>b");
    s.finish();
    s.reset();
    EXPECT_FALSE(s.reasoningClosed());
    const Delta d = s.feed("c\n</think>\n\nd");
    EXPECT_EQ(d.reasoning, "c");
    EXPECT_EQ(d.content, "d");
}

} // namespace
} // namespace qiusuo::chat
