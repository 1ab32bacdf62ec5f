#include "inference/server/chatrequest.h"

#include <gtest/gtest.h>

using qiusuo::ChatMessage;
using qiusuo::GenerationParams;
using qiusuo::server::ChatRequest;
using qiusuo::server::parseChatRequest;
using qiusuo::server::RequestError;

namespace {

ChatRequest ok(const std::string& body)
{
    auto r = parseChatRequest(body, GenerationParams{}, 1000);
    if (auto* e = std::get_if<RequestError>(&r))
        ADD_FAILURE() << "refused: " << e->message;
    return std::holds_alternative<ChatRequest>(r) ? std::get<ChatRequest>(r) : ChatRequest{};
}

RequestError bad(const std::string& body)
{
    auto r = parseChatRequest(body, GenerationParams{}, 1000);
    EXPECT_TRUE(std::holds_alternative<RequestError>(r)) << body;
    return std::holds_alternative<RequestError>(r) ? std::get<RequestError>(r) : RequestError{};
}

} // namespace

TEST(ChatRequest, ParsesEveryField)
{
    const ChatRequest r = ok(R"({"model":"m","stream":true,"stream_options":{"include_usage":true},
        "messages":[{"role":"system","content":"sys"},{"role":"user","content":[{"type":"text","text":"hi "},{"type":"text","text":"there"}]},
                    {"role":"assistant","content":"a","reasoning_content":"secret"}],
        "temperature":0.3,"top_p":0.5,"max_tokens":12,"seed":42,"stop":["x","yz"],
        "thinking":{"type":"disabled"},"presence_penalty":0.5,"frequency_penalty":-0.5})");
    EXPECT_EQ(r.model, "m");
    EXPECT_TRUE(r.stream);
    EXPECT_TRUE(r.includeUsage);
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_EQ(r.messages[0].role, ChatMessage::Role::System);
    EXPECT_EQ(r.messages[1].content, "hi there");
    EXPECT_EQ(r.messages[2].role, ChatMessage::Role::Assistant);
    EXPECT_TRUE(r.messages[2].reasoning.empty()) << "reasoning_content from a client never feeds the model";
    EXPECT_FLOAT_EQ(r.params.temperature, 0.3f);
    EXPECT_FLOAT_EQ(r.params.topP, 0.5f);
    EXPECT_EQ(r.params.maxTokens, 12);
    ASSERT_TRUE(r.params.seed.has_value());
    EXPECT_EQ(*r.params.seed, 42u);
    EXPECT_EQ(r.params.stop, (std::vector<std::string>{"x", "yz"}));
    EXPECT_FALSE(r.params.thinking);
    EXPECT_FLOAT_EQ(r.params.presencePenalty, 0.5f);
    EXPECT_FLOAT_EQ(r.params.frequencyPenalty, -0.5f);
}

TEST(ChatRequest, DefaultsApplyAndUnknownFieldsAreIgnored)
{
    const ChatRequest r = ok(R"({"messages":[{"role":"user","content":"q"}],"logprobs":false,"user":"x","foo":{"bar":1}})");
    EXPECT_FALSE(r.stream);
    EXPECT_FLOAT_EQ(r.params.temperature, GenerationParams{}.temperature);
    EXPECT_EQ(r.params.maxTokens, -1);
    EXPECT_TRUE(r.params.thinking);
    const ChatRequest s = ok(R"({"messages":[{"role":"user","content":"q"}],"stop":"END"})");
    EXPECT_EQ(s.params.stop, std::vector<std::string>{"END"});
}

TEST(ChatRequest, RefusesInvalidValuesNamingTheField)
{
    struct Case {
        const char* body;
        const char* param;
    };
    const Case cases[] = {
        {R"({"messages":[{"role":"user","content":"q"}],"temperature":3})", "temperature"},
        {R"({"messages":[{"role":"user","content":"q"}],"temperature":"hot"})", "temperature"},
        {R"({"messages":[{"role":"user","content":"q"}],"top_p":1.5})", "top_p"},
        {R"({"messages":[{"role":"user","content":"q"}],"max_tokens":0})", "max_tokens"},
        {R"({"messages":[{"role":"user","content":"q"}],"max_tokens":5000})", "max_tokens"},
        {R"({"messages":[{"role":"user","content":"q"}],"max_tokens":1.5})", "max_tokens"},
        {R"({"messages":[{"role":"user","content":"q"}],"seed":"x"})", "seed"},
        {R"({"messages":[{"role":"user","content":"q"}],"stop":[1]})", "stop"},
        {R"({"messages":[{"role":"user","content":"q"}],"stream":"yes"})", "stream"},
        {R"({"messages":[{"role":"user","content":"q"}],"thinking":{"type":"maybe"}})", "thinking"},
        {R"({"messages":[{"role":"user","content":"q"}],"n":3})", "n"},
        {R"({"messages":[]})", "messages"},
        {R"({"messages":"hi"})", "messages"},
        {R"({"model":"m"})", "messages"},
        {R"({"messages":[{"role":"wizard","content":"q"}]})", "messages[0].role"},
        {R"({"messages":[{"content":"q"}]})", "messages[0].role"},
        {R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]})", "messages[0].content"},
    };
    for (const Case& c : cases) {
        const RequestError e = bad(c.body);
        EXPECT_EQ(e.param, c.param) << c.body;
        EXPECT_FALSE(e.message.empty()) << c.body;
    }
}

TEST(ChatRequest, RefusesMalformedJson)
{
    for (const char* body : {"", "{", "[1,2]", "null", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]",
                             "\xff\xfe{}"}) {
        const RequestError e = bad(body);
        EXPECT_FALSE(e.message.empty()) << body;
    }
}
