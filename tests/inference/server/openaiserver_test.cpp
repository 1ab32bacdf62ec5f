// The server over real sockets on 127.0.0.1, with a scripted backend.
#include "inference/server/openaiserver.h"

#include "tests/inference/server/scriptedbackend.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <future>
#include <thread>

using nlohmann::json;
using qiusuo::Delta;
using qiusuo::server::OpenAiServer;
using qiusuo::server::ServerOptions;
using qiusuo::test::ScriptedBackend;

namespace {

class RunningServer {
public:
    RunningServer(ScriptedBackend& backend, ServerOptions options)
    {
        options.port = 0;
        options.modelId = "tiny";
        server = std::make_unique<OpenAiServer>(backend, std::move(options));
        server->bind();
        thread = std::thread([this] { server->listen(); });
        for (int i = 0; i < 500 && !server->isListening(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~RunningServer()
    {
        server->stop();
        thread.join();
    }
    httplib::Client client() const
    {
        httplib::Client c("127.0.0.1", server->port());
        c.set_read_timeout(20, 0);
        return c;
    }

    std::unique_ptr<OpenAiServer> server;
    std::thread thread;
};

/// Thinks "Let me think." then answers "The answer is 4." in four deltas.
struct ThinkingBackend : ScriptedBackend {
    ThinkingBackend() { script = {{"Let me ", ""}, {"think.", ""}, {"", "The answer"}, {"", " is 4."}}; }
};

const std::string kChat = R"({"model":"tiny","messages":[{"role":"user","content":"2+2?"}]})";

/// The JSON payloads of an SSE body, and whether it ended with [DONE].
std::vector<json> sseEvents(const std::string& body, bool* done)
{
    std::vector<json> events;
    *done = false;
    std::size_t pos = 0;
    while ((pos = body.find("data: ", pos)) != std::string::npos) {
        const std::size_t end = body.find("\n\n", pos);
        const std::string payload = body.substr(pos + 6, end - pos - 6);
        pos = end;
        if (payload == "[DONE]")
            *done = true;
        else
            events.push_back(json::parse(payload));
    }
    return events;
}

} // namespace

TEST(OpenAiServer, ListsTheModel)
{
    ThinkingBackend backend;
    RunningServer s(backend, {});
    auto res = s.client().Get("/v1/models");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    const json body = json::parse(res->body);
    EXPECT_EQ(body["object"], "list");
    EXPECT_EQ(body["data"][0]["id"], "tiny");
}

TEST(OpenAiServer, BindsLoopbackByDefault)
{
    EXPECT_EQ(ServerOptions{}.host, "127.0.0.1");
}

TEST(OpenAiServer, NonStreamingReplySplitsReasoning)
{
    ThinkingBackend backend;
    RunningServer s(backend, {});
    auto res = s.client().Post("/v1/chat/completions", kChat, "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json body = json::parse(res->body);
    EXPECT_EQ(body["object"], "chat.completion");
    EXPECT_EQ(body["model"], "tiny");
    EXPECT_EQ(body["choices"][0]["message"]["content"], "The answer is 4.");
    EXPECT_EQ(body["choices"][0]["message"]["reasoning_content"], "Let me think.");
    EXPECT_EQ(body["choices"][0]["finish_reason"], "stop");
    EXPECT_EQ(body["usage"]["prompt_tokens"], 7);
    EXPECT_EQ(body["usage"]["completion_tokens"], 4);
    EXPECT_EQ(body["usage"]["total_tokens"], 11);
}

TEST(OpenAiServer, StreamingSendsDeepSeekStyleChunks)
{
    ThinkingBackend backend;
    RunningServer s(backend, {});
    auto res = s.client().Post(
        "/v1/chat/completions",
        R"({"messages":[{"role":"user","content":"2+2?"}],"stream":true,"stream_options":{"include_usage":true}})",
        "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_NE(res->get_header_value("Content-Type").find("text/event-stream"), std::string::npos);
    bool done = false;
    const auto events = sseEvents(res->body, &done);
    EXPECT_TRUE(done);
    ASSERT_GE(events.size(), 6u);
    EXPECT_EQ(events[0]["choices"][0]["delta"]["role"], "assistant");
    std::string reasoning, content;
    std::string finish;
    for (const json& e : events) {
        EXPECT_EQ(e["object"], "chat.completion.chunk");
        EXPECT_EQ(e["id"], events[0]["id"]) << "one id for the whole stream";
        if (e["choices"].empty())
            continue;
        const json& delta = e["choices"][0]["delta"];
        reasoning += delta.value("reasoning_content", "");
        content += delta.value("content", "");
        if (!e["choices"][0]["finish_reason"].is_null())
            finish = e["choices"][0]["finish_reason"];
    }
    EXPECT_EQ(reasoning, "Let me think.");
    EXPECT_EQ(content, "The answer is 4.");
    EXPECT_EQ(finish, "stop");
    EXPECT_TRUE(events.back()["choices"].empty()) << "include_usage adds a final usage-only chunk";
    EXPECT_EQ(events.back()["usage"]["completion_tokens"], 4);
}

TEST(OpenAiServer, PassesSamplingAndThinkingToTheBackend)
{
    ThinkingBackend backend;
    RunningServer s(backend, {});
    auto res = s.client().Post("/v1/chat/completions",
                               R"({"messages":[{"role":"system","content":"S"},{"role":"user","content":"U"}],
                                  "temperature":0.2,"top_p":0.7,"seed":9,"stop":"X","max_tokens":2,
                                  "thinking":{"type":"disabled"}})",
                               "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    ASSERT_EQ(backend.seenParams.size(), 1u);
    const auto& p = backend.seenParams[0];
    EXPECT_FLOAT_EQ(p.temperature, 0.2f);
    EXPECT_FLOAT_EQ(p.topP, 0.7f);
    EXPECT_EQ(p.seed, std::optional<std::uint64_t>(9));
    EXPECT_EQ(p.stop, std::vector<std::string>{"X"});
    EXPECT_EQ(p.maxTokens, 2);
    EXPECT_FALSE(p.thinking);
    ASSERT_EQ(backend.seenMessages[0].size(), 2u);
    EXPECT_EQ(backend.seenMessages[0][0].content, "S");
    EXPECT_EQ(json::parse(res->body)["choices"][0]["finish_reason"], "length");
}

TEST(OpenAiServer, BadRequestsGetOpenAiStyleErrors)
{
    ThinkingBackend backend;
    RunningServer s(backend, {});
    auto c = s.client();
    auto malformed = c.Post("/v1/chat/completions", "{not json", "application/json");
    ASSERT_TRUE(malformed);
    EXPECT_EQ(malformed->status, 400);
    EXPECT_EQ(json::parse(malformed->body)["error"]["type"], "invalid_request_error");
    auto badTemp = c.Post("/v1/chat/completions",
                          R"({"messages":[{"role":"user","content":"q"}],"temperature":-1})", "application/json");
    ASSERT_TRUE(badTemp);
    EXPECT_EQ(badTemp->status, 400);
    EXPECT_EQ(json::parse(badTemp->body)["error"]["param"], "temperature");
    auto missing = c.Get("/v1/nothing-here");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_TRUE(json::parse(missing->body).contains("error"));
    EXPECT_TRUE(backend.seenParams.empty()) << "refused requests never reach the engine";
}

TEST(OpenAiServer, WrongOrMissingKeyGets401)
{
    ThinkingBackend backend;
    ServerOptions options;
    options.apiKey = "sk-test-123";
    RunningServer s(backend, options);
    auto c = s.client();
    auto none = c.Post("/v1/chat/completions", kChat, "application/json");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401);
    EXPECT_EQ(json::parse(none->body)["error"]["code"], "invalid_api_key");
    EXPECT_EQ(none->body.find("sk-test-123"), std::string::npos);
    auto wrong = c.Post("/v1/chat/completions", {{"Authorization", "Bearer sk-test-124"}}, kChat, "application/json");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    auto models = c.Get("/v1/models");
    ASSERT_TRUE(models);
    EXPECT_EQ(models->status, 401);
    auto right = c.Post("/v1/chat/completions", {{"Authorization", "Bearer sk-test-123"}}, kChat, "application/json");
    ASSERT_TRUE(right);
    EXPECT_EQ(right->status, 200);
}

TEST(OpenAiServer, TwentyConcurrentClientsAllGetAnAnswerOr503)
{
    ThinkingBackend backend;
    backend.perDelta = std::chrono::milliseconds(15);
    ServerOptions options;
    options.queueCapacity = 3;
    RunningServer s(backend, options);
    std::vector<std::future<int>> results;
    for (int i = 0; i < 20; ++i) {
        results.push_back(std::async(std::launch::async, [&s, i] {
            auto c = s.client();
            const bool stream = i % 2 == 0;
            auto res = c.Post("/v1/chat/completions",
                              std::string(R"({"messages":[{"role":"user","content":"q"}],"stream":)")
                                  + (stream ? "true" : "false") + "}",
                              "application/json");
            return res ? res->status : -100 - static_cast<int>(res.error());
        }));
    }
    int okCount = 0, busy = 0;
    for (auto& f : results) {
        ASSERT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready) << "a request hung";
        const int status = f.get();
        EXPECT_TRUE(status == 200 || status == 503) << status;
        okCount += status == 200;
        busy += status == 503;
    }
    EXPECT_GE(okCount, 4) << "the running request and the queue are served";
    EXPECT_GE(busy, 1) << "more than the queue holds are refused";
    EXPECT_EQ(backend.maxConcurrent.load(), 1) << "one engine: requests take turns";
}

TEST(OpenAiServer, ClientLeavingMidStreamStopsTheEngine)
{
    ScriptedBackend backend;
    for (int i = 0; i < 400; ++i)
        backend.script.push_back({"", "token "});
    backend.perDelta = std::chrono::milliseconds(5);
    RunningServer s(backend, {});
    httplib::Client c("127.0.0.1", s.server->port());
    int chunks = 0;
    httplib::Request req;
    req.method = "POST";
    req.path = "/v1/chat/completions";
    req.body = R"({"messages":[{"role":"user","content":"q"}],"stream":true})";
    req.set_header("Content-Type", "application/json");
    req.content_receiver = [&](const char*, std::size_t, std::uint64_t, std::uint64_t) { return ++chunks < 5; };
    c.send(req);  // the receiver gives up after a few chunks: the client leaves
    for (int i = 0; i < 200 && backend.running.load() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(backend.running.load(), 0);
    EXPECT_TRUE(backend.sawStop.load()) << "the engine was told to stop when the client left";
}
