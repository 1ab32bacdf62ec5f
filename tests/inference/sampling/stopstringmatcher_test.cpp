// Stop strings found across any chunking, held back while they may still
// match, released when they cannot.

#include "inference/sampling/stopstringmatcher.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace qiusuo::sampling {
namespace {

TEST(StopStringMatcher, StopSplitAcrossPiecesIsNeverShown)
{
    StopStringMatcher m({"</s>", "STOP"});
    auto r = m.feed("Hello </");
    EXPECT_EQ(r.text, "Hello ");
    EXPECT_FALSE(r.stopped);
    EXPECT_EQ(m.heldBack(), 2u);
    r = m.feed("s> more");
    EXPECT_EQ(r.text, "");
    EXPECT_TRUE(r.stopped);
    EXPECT_TRUE(m.stopped());
    EXPECT_EQ(m.matched(), "</s>");
    EXPECT_EQ(m.feed("anything").text, "");
    EXPECT_EQ(m.flush(), "");
}

TEST(StopStringMatcher, OneByteAtATime)
{
    StopStringMatcher m({"STOP"});
    EXPECT_EQ(m.feed("a").text, "a");
    EXPECT_EQ(m.feed("S").text, "");
    EXPECT_EQ(m.feed("T").text, "");
    EXPECT_EQ(m.feed("O").text, "");
    const auto r = m.feed("P");
    EXPECT_TRUE(r.stopped);
    EXPECT_EQ(r.text, "");
}

TEST(StopStringMatcher, FalseAlarmIsReleased)
{
    StopStringMatcher m({"STOP"});
    EXPECT_EQ(m.feed("ST").text, "");
    EXPECT_EQ(m.feed("x").text, "STx");
    EXPECT_EQ(m.feed("abc S").text, "abc ");
    EXPECT_EQ(m.flush(), "S");
    EXPECT_FALSE(m.stopped());
}

TEST(StopStringMatcher, OverlappingPrefixes)
{
    StopStringMatcher m({"aab"});
    std::string shown;
    for (char c : std::string("aaab"))
        shown += m.feed(std::string(1, c)).text;
    EXPECT_TRUE(m.stopped());
    EXPECT_EQ(shown, "a");
}

TEST(StopStringMatcher, EarliestStopWinsThenLongest)
{
    StopStringMatcher a({"bc", "abcd"});
    auto r = a.feed("xabcd");
    EXPECT_EQ(r.text, "x");
    EXPECT_EQ(a.matched(), "abcd");

    StopStringMatcher b({"ab", "abc"});
    r = b.feed("xabc");
    EXPECT_EQ(r.text, "x");
    EXPECT_EQ(b.matched(), "abc");
}

TEST(StopStringMatcher, TextBeforeTheStopInTheSamePieceIsShown)
{
    StopStringMatcher m({"<|im_end|>"});
    const auto r = m.feed("done.<|im_end|>\n<|im_start|>");
    EXPECT_EQ(r.text, "done.");
    EXPECT_TRUE(r.stopped);
}

TEST(StopStringMatcher, MultiByteStopSplitInsideACharacter)
{
    const std::string eos = "<｜end▁of▁sentence｜>";
    StopStringMatcher m({eos});
    const std::string text = "答案是四。" + eos;
    std::string shown;
    bool stopped = false;
    for (char c : text) {
        const auto r = m.feed(std::string(1, c));
        shown += r.text;
        stopped = stopped || r.stopped;
    }
    EXPECT_TRUE(stopped);
    EXPECT_EQ(shown, "答案是四。");
}

TEST(StopStringMatcher, NoStopsOrEmptyStopsHoldNothing)
{
    StopStringMatcher m({"", ""});
    EXPECT_EQ(m.feed("abc").text, "abc");
    EXPECT_EQ(m.heldBack(), 0u);
    EXPECT_FALSE(m.stopped());
}

TEST(StopStringMatcher, RandomChunkingGivesTheSameResult)
{
    const std::vector<std::string> stops{"\n\nUser:", "<|eot_id|>", "###"};
    const std::string before = "Line one\n\nUse this: ## not a stop, <|eot no, \n\nUser name";
    const std::string text = before + "\n\nUser: next turn ### <|eot_id|>";
    for (std::uint32_t seed = 1; seed <= 50; ++seed) {
        std::mt19937 rng(seed);  // mt19937's sequence is fixed by the standard
        StopStringMatcher m(stops);
        std::string shown;
        bool stopped = false;
        for (std::size_t i = 0; i < text.size() && !stopped;) {
            const std::size_t n = 1 + rng() % 5;
            const auto r = m.feed(std::string_view(text).substr(i, n));
            shown += r.text;
            stopped = r.stopped;
            i += n;
        }
        EXPECT_TRUE(stopped) << "seed " << seed;
        EXPECT_EQ(shown, before) << "seed " << seed;
        EXPECT_EQ(m.matched(), "\n\nUser:") << "seed " << seed;
    }
}

TEST(StopStringMatcher, WithoutAStopEverythingComesOutByTheEnd)
{
    const std::string text = "a <|eot_i b ### c";
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        StopStringMatcher m({"<|eot_id|>", "####"});
        std::string shown;
        for (std::size_t i = 0; i < text.size();) {
            const std::size_t n = 1 + rng() % 4;
            shown += m.feed(std::string_view(text).substr(i, n)).text;
            i += n;
        }
        shown += m.flush();
        EXPECT_EQ(shown, text) << "seed " << seed;
        EXPECT_FALSE(m.stopped());
    }
}

} // namespace
} // namespace qiusuo::sampling
