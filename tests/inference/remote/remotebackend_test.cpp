#include "inference/error.h"
#include "inference/remote/remotebackend.h"

#include "faultserver.h"
#include "remotetesting.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

namespace qiusuo::remote {
namespace {

using namespace std::chrono_literals;
using namespace test;
using Status = GenerationResult::Status;
using nlohmann::json;

class RemoteBackendTest : public ::testing::Test {
    NoProxyEnvironment noProxy_;
};

TEST_F(RemoteBackendTest, DeepSeekStreamReasoningThenContentWithUsage)
{
    const std::string transcript = readFixture("deepseek_reasoner.sse");
    FaultServer server([&](Connection& c, const RecordedRequest&) { FaultServer::replay(c, transcript); });
    RemoteBackend backend(fastDeepSeekConfig(server.url("/v1"), "deepseek-chat"));
    ASSERT_TRUE(backend.load({}));
    Collector out;
    std::atomic<bool> stop{false};
    const std::vector<ChatMessage> messages = {
        {ChatMessage::Role::User, "Hi", ""},
        {ChatMessage::Role::Assistant, "Hello!", "SECRET-REASONING"},
        {ChatMessage::Role::User, "What is 2+2?", ""},
    };
    const GenerationResult result = backend.generate(messages, {}, out.callback(), stop);

    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.reasoning, "The user asks 2+2. 多少?");
    EXPECT_EQ(out.content, "2 + 2 = **4**.");
    EXPECT_EQ(result.stats.promptTokens, 12);
    EXPECT_EQ(result.stats.completionTokens, 9);
    EXPECT_EQ(result.stats.cachedPromptTokens, 8);
    EXPECT_EQ(result.stats.model, "deepseek-reasoner");
    EXPECT_GT(result.stats.timeToFirstTokenMs, 0);
    EXPECT_EQ(backend.lastMalformedEventCount(), 0);

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/v1/chat/completions");
    EXPECT_EQ(requests[0].headers.at("authorization"), std::string("Bearer ") + kSecretKey);
    EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
    const json body = json::parse(requests[0].body);
    EXPECT_EQ(body["stream"], true);
    EXPECT_EQ(body["stream_options"]["include_usage"], true);
    EXPECT_EQ(body["thinking"]["type"], "enabled");
    EXPECT_EQ(body["messages"].size(), 3u);
    EXPECT_EQ(requests[0].body.find("SECRET-REASONING"), std::string::npos);
    EXPECT_EQ(requests[0].body.find("reasoning_content"), std::string::npos);
}

TEST_F(RemoteBackendTest, TimeToFirstTokenTokensPerSecondAndReasoningTime)
{
    // 60 ms before the first token, then 2 reasoning and 3 answer chunks 25 ms
    // apart; usage says 9 completion tokens.
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::sseHead());
        c.pause(60ms);
        for (const char* piece : {"\"reasoning_content\":\"r1\"", "\"reasoning_content\":\"r2\"",
                                  "\"content\":\"a\"", "\"content\":\"b\"", "\"content\":\"c\""}) {
            c.sendChunk(std::string("data: {\"choices\":[{\"delta\":{") + piece + "}}]}\n\n");
            c.pause(25ms);
        }
        c.sendChunk("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
                    "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}\n\ndata: [DONE]\n\n");
        c.endChunks();
    });
    RemoteBackend backend(fastConfig(server.url()));
    using Clock = std::chrono::steady_clock;
    std::vector<std::pair<Clock::time_point, Delta>> seen;
    std::atomic<bool> stop{false};
    const auto start = Clock::now();
    const GenerationResult result = backend.generate(
        oneQuestion(), {}, [&](const Delta& d) { seen.emplace_back(Clock::now(), d); }, stop);
    ASSERT_EQ(result.status, Status::Complete) << result.error;
    ASSERT_EQ(seen.size(), 5u);
    EXPECT_EQ(seen[2].second.content, "a");
    // The server held the first token back for 60 ms.
    EXPECT_GE(result.stats.timeToFirstTokenMs, 60.0);
    const double firstSeenMs = std::chrono::duration<double, std::milli>(seen[0].first - start).count();
    EXPECT_LE(result.stats.timeToFirstTokenMs, firstSeenMs);
    // (9 - 1) tokens over first-to-last text, as the callback saw them arrive;
    // reasoning time runs from the first reasoning to the first answer text.
    const double decodeMs = std::chrono::duration<double, std::milli>(seen[4].first - seen[0].first).count();
    const double reasoningMs = std::chrono::duration<double, std::milli>(seen[2].first - seen[0].first).count();
    ASSERT_GT(decodeMs, 0.0);
    EXPECT_NEAR(result.stats.decodeTokensPerSecond, 8 * 1000.0 / decodeMs, 0.05 * 8 * 1000.0 / decodeMs);
    EXPECT_NEAR(result.stats.reasoningMs, reasoningMs, 1.0);
    EXPECT_GT(result.stats.reasoningMs, 0.0);
}

TEST_F(RemoteBackendTest, InlineThinkTagsAreSplitIntoReasoning)
{
    const std::string transcript = readFixture("inline_think.sse");
    FaultServer server([&](Connection& c, const RecordedRequest&) { FaultServer::replay(c, transcript); });
    RemoteBackend backend(fastConfig(server.url()));
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    // R1 style: the newline after <think>, before </think> and the two after it are layout.
    EXPECT_EQ(out.reasoning, "Let me think.");
    EXPECT_EQ(out.content, "Hello there!");
    EXPECT_EQ(result.stats.promptTokens, 20);
    EXPECT_EQ(result.stats.completionTokens, 7);
    EXPECT_EQ(result.stats.cachedPromptTokens, 3);
    EXPECT_EQ(result.stats.model, "qwq-32b");
    // No Authorization header: the custom preset's key is optional.
    EXPECT_TRUE(server.requests()[0].headers.count("authorization") == 1);
    RemoteConfig keyless = fastConfig(server.url());
    keyless.apiKey.clear();
    RemoteBackend anonymous(keyless);
    Collector out2;
    anonymous.generate(oneQuestion(), {}, out2.callback(), stop);
    ASSERT_EQ(server.requests().size(), 2u);
    EXPECT_EQ(server.requests()[1].headers.count("authorization"), 0u);
}

TEST_F(RemoteBackendTest, ThinkTagsInContentStayAnswerWhenReasoningComesSeparately)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"r\"}}]}\n\n"
                               "data: {\"choices\":[{\"delta\":{\"content\":\"<think>x</think>\"}}]}\n\n"
                               "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                               "data: [DONE]\n\n");
    });
    RemoteBackend backend(fastConfig(server.url()));
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.reasoning, "r");
    EXPECT_EQ(out.content, "<think>x</think>");
    // Without usage, completion tokens are counted as text chunks.
    EXPECT_EQ(result.stats.completionTokens, 2);
}

TEST_F(RemoteBackendTest, OneByteAtATimeDrip)
{
    const std::string transcript =
        ": keep-alive\r\n\r\n"
        "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"想\"}}]}\r\n\r\n"
        "data: {\"choices\":[{\"delta\":{\"content\":\"答案\"}}]}\r\n\r\n"
        "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"
        "data: [DONE]\r\n\r\n";
    FaultServer server([&](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::sseHead());
        c.drip(transcript, 1ms);
        c.endChunks();
    });
    RemoteBackend backend(fastConfig(server.url()));
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.reasoning, "想");
    EXPECT_EQ(out.content, "答案");
}

TEST_F(RemoteBackendTest, MalformedEventsAmidValidOnesAreSkippedAndCounted)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"content\":\"one \"}}]}\n\n"
                               "data: {\"choices\":[{\"delta\":{\"content\":\n\n"
                               "data: not json at all\n\n"
                               "data: {\"choices\":[{\"delta\":{\"content\":\"two\"},\"finish_reason\":\"stop\"}]}\n\n"
                               "data: [DONE]\n\n");
    });
    RemoteBackend backend(fastConfig(server.url()));
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.content, "one two");
    EXPECT_EQ(backend.lastMalformedEventCount(), 2);
}

TEST_F(RemoteBackendTest, ServerThatIgnoresStreamingAnswersInOnePiece)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::response(200, R"({"model":"m1","choices":[{"index":0,"message":{"role":"assistant",
            "reasoning_content":"think","content":"whole answer"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":4,"completion_tokens":6}})"));
    });
    RemoteBackend backend(fastConfig(server.url()));
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.reasoning, "think");
    EXPECT_EQ(out.content, "whole answer");
    EXPECT_EQ(result.stats.completionTokens, 6);
}

TEST_F(RemoteBackendTest, ModelListFromTheServer)
{
    FaultServer server([](Connection& c, const RecordedRequest& r) {
        if (r.target == "/v1/models")
            c.send(FaultServer::response(200, R"({"object":"list","data":[
                {"id":"deepseek-chat","object":"model","owned_by":"deepseek"},
                {"id":"deepseek-reasoner","object":"model","owned_by":"deepseek"}]})"));
        else
            c.send(FaultServer::response(404, R"({"error":{"message":"no such path"}})"));
    });
    RemoteBackend backend(fastDeepSeekConfig(server.url("/v1"), "deepseek-chat"));
    std::atomic<bool> stop{false};
    const std::vector<ModelInfo> models = backend.listModels(stop);
    ASSERT_EQ(models.size(), 2u);
    EXPECT_EQ(models[0].id, "deepseek-chat");
    EXPECT_EQ(models[1].id, "deepseek-reasoner");
    EXPECT_EQ(models[1].ownedBy, "deepseek");
    const auto requests = server.requests();
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].headers.at("authorization"), std::string("Bearer ") + kSecretKey);
}

TEST_F(RemoteBackendTest, UnreadableModelListIsAClearError)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::response(200, "<html>hello</html>", "text/html"));
    });
    RemoteBackend backend(fastConfig(server.url()));
    std::atomic<bool> stop{false};
    try {
        backend.listModels(stop);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("model list"), std::string::npos) << e.what();
    }
}

TEST_F(RemoteBackendTest, DeepSeekBalance)
{
    FaultServer server([](Connection& c, const RecordedRequest& r) {
        if (r.target == "/user/balance")
            c.send(FaultServer::response(200, R"({"is_available":true,"balance_infos":[
                {"currency":"CNY","total_balance":"110.00","granted_balance":"10.00","topped_up_balance":"100.00"},
                {"currency":"USD","total_balance":"1.50","granted_balance":"0.00","topped_up_balance":"1.50"}]})"));
        else
            c.send(FaultServer::response(404, "{}"));
    });
    RemoteBackend backend(fastDeepSeekConfig(server.url(""), "deepseek-chat"));
    std::atomic<bool> stop{false};
    const AccountBalance balance = backend.balance(stop);
    EXPECT_TRUE(balance.available);
    ASSERT_EQ(balance.balances.size(), 2u);
    EXPECT_EQ(balance.balances[0].currency, "CNY");
    EXPECT_EQ(balance.balances[0].total, "110.00");
    EXPECT_EQ(balance.balances[0].granted, "10.00");
    EXPECT_EQ(balance.balances[0].toppedUp, "100.00");
    EXPECT_EQ(balance.balances[1].currency, "USD");
}

TEST_F(RemoteBackendTest, ProxyFromTheEnvironmentIsUsed)
{
    // The proxy answers itself: the target name is never resolved, nothing
    // leaves 127.0.0.1.
    FaultServer proxy([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"content\":\"via proxy\"},\"finish_reason\":\"stop\"}]}\n\n"
                               "data: [DONE]\n\n");
    });
    EnvGuard httpProxy("http_proxy", proxy.url(""));
    RemoteConfig config = fastConfig("http://api.qiusuo-test.invalid/v1");
    config.allowInsecureHttp = true;
    RemoteBackend backend(config);
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.content, "via proxy");
    const auto requests = proxy.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].target, "http://api.qiusuo-test.invalid/v1/chat/completions");
    EXPECT_EQ(requests[0].headers.at("host"), "api.qiusuo-test.invalid");
}

/// Runs generate() on a thread, sets stop after `after`, and returns how long
/// generate() took to return once stop was set.
std::chrono::milliseconds stopLatency(RemoteBackend& backend, std::chrono::milliseconds after,
                                      GenerationResult& result, Collector& out)
{
    std::atomic<bool> stop{false};
    std::chrono::steady_clock::time_point returned;
    std::thread worker([&] {
        result = backend.generate(oneQuestion(), {}, out.callback(), stop);
        returned = std::chrono::steady_clock::now();
    });
    std::this_thread::sleep_for(after);
    const auto stoppedAt = std::chrono::steady_clock::now();
    stop = true;
    worker.join();
    return std::chrono::duration_cast<std::chrono::milliseconds>(returned - stoppedAt);
}

TEST_F(RemoteBackendTest, StopWithin200msWhileTheServerIsSilent)
{
    FaultServer server([](Connection& c, const RecordedRequest&) { c.staySilent(); });
    RemoteConfig config = fastConfig(server.url());
    config.readTimeoutMs = 60000;
    RemoteBackend backend(config);
    GenerationResult result;
    Collector out;
    const auto latency = stopLatency(backend, 300ms, result, out);
    EXPECT_EQ(result.status, Status::Stopped);
    EXPECT_LT(latency.count(), 200);
}

TEST_F(RemoteBackendTest, StopMidAnswerKeepsWhatArrived)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::sseHead());
        c.sendChunk("data: {\"choices\":[{\"delta\":{\"content\":\"partial\"}}]}\n\n");
        c.staySilent();
    });
    RemoteConfig config = fastConfig(server.url());
    config.readTimeoutMs = 60000;
    RemoteBackend backend(config);
    GenerationResult result;
    Collector out;
    const auto latency = stopLatency(backend, 300ms, result, out);
    EXPECT_EQ(result.status, Status::Stopped);
    EXPECT_EQ(out.content, "partial");
    EXPECT_LT(latency.count(), 200);
}

TEST_F(RemoteBackendTest, StopWhileWaitingToRetry)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::response(503, R"({"error":{"message":"busy"}})", "application/json",
                                     "Retry-After: 30\r\n"));
    });
    RemoteConfig config = fastConfig(server.url());
    config.retry = RetryPolicy{3, 10, 60000};
    RemoteBackend backend(config);
    GenerationResult result;
    Collector out;
    const auto latency = stopLatency(backend, 300ms, result, out);
    EXPECT_EQ(result.status, Status::Stopped);
    EXPECT_LT(latency.count(), 200);
    EXPECT_EQ(server.requests().size(), 1u);
}

} // namespace
} // namespace qiusuo::remote
