#include "inference/error.h"
#include "inference/remote/ssereader.h"

#include "faultserver.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace qiusuo::remote {

// Found by argument-dependent lookup from inside GoogleTest.
bool operator==(const SseEvent& a, const SseEvent& b)
{
    return a.type == b.type && a.data == b.data && a.id == b.id;
}

void PrintTo(const SseEvent& e, std::ostream* os)
{
    *os << "{type=" << e.type << " id=" << e.id << " data=\"" << e.data.substr(0, 200)
        << (e.data.size() > 200 ? "...(" + std::to_string(e.data.size()) + " bytes)" : "") << "\"}";
}

namespace {

std::vector<SseEvent> parseWhole(std::string_view stream)
{
    std::vector<SseEvent> events;
    SseReader reader([&](const SseEvent& e) { events.push_back(e); });
    reader.feed(stream);
    reader.finish();
    return events;
}

std::vector<SseEvent> parseByteByByte(std::string_view stream)
{
    std::vector<SseEvent> events;
    SseReader reader([&](const SseEvent& e) { events.push_back(e); });
    for (const char c : stream)
        reader.feed(std::string_view(&c, 1));
    reader.finish();
    return events;
}

std::vector<SseEvent> parseRandomChunks(std::string_view stream, unsigned seed, std::size_t maxChunk)
{
    std::vector<SseEvent> events;
    SseReader reader([&](const SseEvent& e) { events.push_back(e); });
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> size(0, maxChunk); // 0: empty reads happen too
    std::size_t pos = 0;
    while (pos < stream.size()) {
        const std::size_t n = std::min(size(rng), stream.size() - pos);
        reader.feed(stream.substr(pos, n));
        pos += n;
    }
    reader.finish();
    return events;
}

/// Every chunking must give the events of the hand-written expectation.
void expectAllChunkings(std::string_view stream, const std::vector<SseEvent>& expected)
{
    EXPECT_EQ(parseWhole(stream), expected) << "whole";
    EXPECT_EQ(parseByteByByte(stream), expected) << "byte by byte";
    for (unsigned seed = 1; seed <= 40; ++seed)
        EXPECT_EQ(parseRandomChunks(stream, seed, 1 + seed % 13), expected) << "seed " << seed;
}

TEST(SseReader, FieldsCommentsAndMultiLineData)
{
    const std::string stream =
        ": keep-alive\n"
        "\n"
        "data: first\n"
        "\n"
        "event: ping\n"
        "id: 7\n"
        "retry: 2500\n"
        "data:line one\n"
        "data:  two spaces keep one\n"
        "data\n"
        "\n"
        ":\n"
        "\n"
        "unknown: field ignored\n"
        "data: {\"x\": \"a:b\"}\n"
        "\n"
        "data: [DONE]\n"
        "\n";
    const std::vector<SseEvent> expected = {
        {"message", "first", ""},
        {"ping", "line one\n two spaces keep one\n", "7"},
        {"message", "{\"x\": \"a:b\"}", "7"},
        {"message", "[DONE]", "7"},
    };
    expectAllChunkings(stream, expected);

    SseReader reader([](const SseEvent&) {});
    reader.feed(stream);
    EXPECT_EQ(reader.retryMs(), 2500);
    EXPECT_EQ(reader.commentCount(), 2u);
}

TEST(SseReader, LineEndingsCrLfCrAndLfMixed)
{
    // CR alone, CRLF and LF all end a line; the CRLF pairs get split by the
    // byte-by-byte and random chunkings.
    const std::string stream = "data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\ndata: e\r\n\r\n";
    expectAllChunkings(stream, {{"message", "a", ""}, {"message", "b", ""}, {"message", "c", ""},
                                {"message", "d\ne", ""}});
}

TEST(SseReader, EmptyKeepAlivesDispatchNothing)
{
    const std::string stream = "\n\n\r\n\r\r: ping\r\n\r\nid: 3\n\nevent: x\n\ndata: y\n\n";
    // id without data sets the last event id; event without data is forgotten.
    expectAllChunkings(stream, {{"message", "y", "3"}});
}

TEST(SseReader, ByteOrderMarkOnlyAtStreamStart)
{
    expectAllChunkings("\xEF\xBB\xBF" "data: x\n\n", {{"message", "x", ""}});
    // A BOM later in the stream is data; a partial BOM at the start is text
    // (here it makes the first line's field name unknown, so it is ignored).
    expectAllChunkings("data: \xEF\xBB\xBFx\n\n", {{"message", "\xEF\xBB\xBFx", ""}});
    expectAllChunkings("\xEF\xBB" "data: x\n\ndata: y\n\n", {{"message", "y", ""}});
}

TEST(SseReader, IdWithNulIsIgnoredAndRetryNeedsDigits)
{
    std::string stream = "id: good\n\nid: b";
    stream.push_back('\0');
    stream += "ad\nretry: 12x\ndata: z\n\n";
    std::vector<SseEvent> events;
    SseReader reader([&](const SseEvent& e) { events.push_back(e); });
    reader.feed(stream);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].id, "good");
    EXPECT_FALSE(reader.retryMs().has_value());
}

TEST(SseReader, FinishDeliversAnEventWithoutTrailingBlankLine)
{
    expectAllChunkings("data: a\n\ndata: [DONE]\n", {{"message", "a", ""}, {"message", "[DONE]", ""}});
    expectAllChunkings("data: [DONE]", {{"message", "[DONE]", ""}});
}

TEST(SseReader, MultiMegabyteLine)
{
    std::string big(4u << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 997)
        big[i] = static_cast<char>('a' + i % 26);
    const std::string stream = "data: " + big + "\r\n\r\ndata: after\n\n";
    const std::vector<SseEvent> expected = {{"message", big, ""}, {"message", "after", ""}};
    EXPECT_EQ(parseWhole(stream), expected);
    EXPECT_EQ(parseRandomChunks(stream, 99, 70000), expected);
    EXPECT_EQ(parseRandomChunks(stream, 7, 3), expected);
}

TEST(SseReader, OversizedEventIsRefusedWithAClearError)
{
    SseReader reader([](const SseEvent&) {}, 1024);
    const std::string line = "data: " + std::string(2000, 'y');
    try {
        for (std::size_t i = 0; i < line.size(); i += 100)
            reader.feed(std::string_view(line).substr(i, 100));
        FAIL() << "expected qiusuo::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("larger than"), std::string::npos) << e.what();
    }
    // Many data lines that each fit but together do not.
    SseReader many([](const SseEvent&) {}, 1024);
    EXPECT_THROW(
        for (int i = 0; i < 100; ++i) many.feed("data: " + std::string(50, 'z') + "\n"), Error);
}

TEST(SseReader, DeepSeekTranscriptSameEventsInEveryChunking)
{
    const std::string transcript = test::readFixture("deepseek_reasoner.sse");
    const std::vector<SseEvent> whole = parseWhole(transcript);
    // 1 role chunk + 3 reasoning + 2 content + 1 final + [DONE]; the two
    // keep-alive comments make no events.
    ASSERT_EQ(whole.size(), 8u);
    EXPECT_EQ(whole.back().data, "[DONE]");
    EXPECT_EQ(parseByteByByte(transcript), whole);
    for (unsigned seed = 100; seed < 130; ++seed)
        EXPECT_EQ(parseRandomChunks(transcript, seed, 64), whole) << "seed " << seed;

    std::string crlf;
    for (const char c : transcript) {
        if (c == '\n')
            crlf += "\r\n";
        else
            crlf.push_back(c);
    }
    EXPECT_EQ(parseByteByByte(crlf), whole);
    EXPECT_EQ(parseRandomChunks(crlf, 5, 17), whole);
}

} // namespace
} // namespace qiusuo::remote
