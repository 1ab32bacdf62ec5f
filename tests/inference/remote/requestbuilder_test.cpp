#include "inference/error.h"
#include "inference/remote/chatrequestbuilder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace qiusuo::remote {
namespace {

using Role = ChatMessage::Role;
using nlohmann::json;

json buildJson(const RemoteConfig& config, const std::vector<ChatMessage>& messages,
               const GenerationParams& params = {})
{
    return json::parse(ChatRequestBuilder::build(config, messages, params));
}

TEST(ChatRequestBuilder, MergesSuccessiveSameRoleAndDropsReasoning)
{
    const std::vector<ChatMessage> in = {
        {Role::System, "Be brief.", ""},
        {Role::System, "Answer in English.", ""},
        {Role::User, "Hi", ""},
        {Role::Assistant, "Hello!", "the user greets me"},
        {Role::User, "first", ""},
        {Role::User, "second", ""},
        {Role::Assistant, "", "stopped while thinking"}, // failed turn: dropped
        {Role::User, "third", ""},
    };
    const json body = buildJson(RemoteConfig::deepSeek("k", "deepseek-chat"), in);
    const json expected = json::parse(R"([
        {"role": "system", "content": "Be brief.\n\nAnswer in English."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "first\n\nsecond\n\nthird"}
    ])");
    EXPECT_EQ(body["messages"], expected);
    EXPECT_EQ(body.dump().find("reasoning"), std::string::npos) << body.dump();
    EXPECT_EQ(body.dump().find("the user greets me"), std::string::npos);
}

TEST(ChatRequestBuilder, StreamsWithUsageAndSendsSetParameters)
{
    GenerationParams params;
    params.temperature = 0.6f;
    params.topP = 0.95f;
    params.maxTokens = 256;
    params.seed = 42;
    params.stop = {"</answer>", "\n\nUser:"};
    params.presencePenalty = 0.5f;
    const json body = buildJson(RemoteConfig::deepSeek("k", "deepseek-chat"), {{Role::User, "q", ""}}, params);
    EXPECT_EQ(body["model"], "deepseek-chat");
    EXPECT_EQ(body["stream"], true);
    EXPECT_EQ(body["stream_options"], json::parse(R"({"include_usage": true})"));
    EXPECT_EQ(body["max_tokens"], 256);
    EXPECT_EQ(body["seed"], 42);
    EXPECT_EQ(body["stop"], json::parse(R"(["</answer>", "\n\nUser:"])"));
    EXPECT_EQ(body["temperature"].dump(), "0.6");
    EXPECT_EQ(body["top_p"].dump(), "0.95");
    EXPECT_EQ(body["presence_penalty"].dump(), "0.5");
    EXPECT_FALSE(body.contains("frequency_penalty"));
    // DeepSeek's API has no top_k / min_p: not sent even when set.
    params.topK = 40;
    const json deepseek = buildJson(RemoteConfig::deepSeek("k", "deepseek-chat"), {{Role::User, "q", ""}}, params);
    EXPECT_FALSE(deepseek.contains("top_k"));
    const json vllm = buildJson(RemoteConfig::openAiCompatible("http://127.0.0.1:8000/v1", "m"),
                                {{Role::User, "q", ""}}, params);
    EXPECT_EQ(vllm["top_k"], 40);
}

TEST(ChatRequestBuilder, UnsetLimitsAreOmitted)
{
    const json body = buildJson(RemoteConfig::deepSeek("k", "deepseek-chat"), {{Role::User, "q", ""}});
    EXPECT_FALSE(body.contains("max_tokens"));
    EXPECT_FALSE(body.contains("seed"));
    EXPECT_FALSE(body.contains("stop"));
    EXPECT_FALSE(body.contains("reasoning_effort"));
}

TEST(ChatRequestBuilder, DeepSeekThinkingSwitch)
{
    GenerationParams params;
    params.thinking = true;
    const RemoteConfig chat = RemoteConfig::deepSeek("k", "deepseek-chat");
    EXPECT_EQ(buildJson(chat, {{Role::User, "q", ""}}, params)["thinking"],
              json::parse(R"({"type": "enabled"})"));
    params.thinking = false;
    EXPECT_EQ(buildJson(chat, {{Role::User, "q", ""}}, params)["thinking"],
              json::parse(R"({"type": "disabled"})"));
    params.reasoningEffort = "high";
    EXPECT_EQ(buildJson(chat, {{Role::User, "q", ""}}, params)["reasoning_effort"], "high");

    // The older reasoner always thinks and takes no switch.
    const json reasoner = buildJson(RemoteConfig::deepSeek("k", "deepseek-reasoner"), {{Role::User, "q", ""}}, params);
    EXPECT_FALSE(reasoner.contains("thinking"));
    // Custom servers get no DeepSeek-only field unless asked to.
    RemoteConfig custom = RemoteConfig::openAiCompatible("http://127.0.0.1:1/v1", "m");
    EXPECT_FALSE(buildJson(custom, {{Role::User, "q", ""}}, params).contains("thinking"));
    custom.sendThinkingSwitch = true;
    EXPECT_TRUE(buildJson(custom, {{Role::User, "q", ""}}, params).contains("thinking"));
}

TEST(ChatRequestBuilder, RefusesWithoutModelOrMessages)
{
    EXPECT_THROW(ChatRequestBuilder::build(RemoteConfig::deepSeek("k", ""), {{Role::User, "q", ""}}, {}), Error);
    EXPECT_THROW(ChatRequestBuilder::build(RemoteConfig::deepSeek("k", "m"), {}, {}), Error);
}

TEST(RemoteConfig, Presets)
{
    const RemoteConfig ds = RemoteConfig::deepSeek("sk-1", "deepseek-chat");
    EXPECT_EQ(ds.baseUrl, "https://api.deepseek.com");
    EXPECT_EQ(ds.provider, RemoteConfig::Provider::DeepSeek);
    EXPECT_TRUE(ds.sendThinkingSwitch);
    const RemoteConfig custom = RemoteConfig::openAiCompatible("http://localhost:11434/v1", "qwq");
    EXPECT_EQ(custom.provider, RemoteConfig::Provider::OpenAiCompatible);
    EXPECT_TRUE(custom.apiKey.empty());
    EXPECT_FALSE(custom.sendThinkingSwitch);
}

} // namespace
} // namespace qiusuo::remote
