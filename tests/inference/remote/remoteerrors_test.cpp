// Every failure a user can meet with a remote server, each with the sentence
// they read — and never the API key in it.
#include "inference/error.h"
#include "inference/remote/remotebackend.h"

#include "faultserver.h"
#include "remotetesting.h"

#include <gtest/gtest.h>

namespace qiusuo::remote {
namespace {

using namespace std::chrono_literals;
using namespace test;
using Status = GenerationResult::Status;

class RemoteErrorTest : public ::testing::Test {
protected:
    GenerationResult run(const RemoteConfig& config)
    {
        RemoteBackend backend(config);
        std::atomic<bool> stop{false};
        GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
        expectNoKey(result.error);
        return result;
    }
    GenerationResult runAgainst(const FaultServer& server) { return run(fastConfig(server.url())); }

    static FaultServer::Scenario answer(int status, std::string body, std::string headers = "")
    {
        return [=](Connection& c, const RecordedRequest&) {
            c.send(FaultServer::response(status, body, "application/json", headers));
        };
    }
    static bool contains(const std::string& text, const std::string& part)
    {
        return text.find(part) != std::string::npos;
    }

    Collector out;

private:
    NoProxyEnvironment noProxy_;
};

TEST_F(RemoteErrorTest, Http400ShowsTheServersMessage)
{
    FaultServer server(answer(400, R"({"error":{"message":"Invalid max_tokens value, the valid range of max_tokens is [1, 8192]","type":"invalid_request_error","param":null,"code":"invalid_request_error"}})"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "rejected the request (HTTP 400)")) << r.error;
    EXPECT_TRUE(contains(r.error, "Invalid max_tokens value, the valid range of max_tokens is [1, 8192]")) << r.error;
}

TEST_F(RemoteErrorTest, Http401SaysTheKeyWasRejectedWithoutShowingIt)
{
    // DeepSeek echoes (part of) the key in its 401 body; the message must not.
    FaultServer server(answer(401, std::string(R"({"error":{"message":"Authentication Fails, Your api key: )") +
                                       kSecretKey + R"( is invalid","type":"authentication_error"}})"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "API key rejected — check the key in Settings")) << r.error;
}

TEST_F(RemoteErrorTest, ServerEchoingTheKeyInA400IsRedacted)
{
    FaultServer server(answer(400, std::string(R"({"error":{"message":"bad header Bearer )") + kSecretKey + "\"}}"));
    const GenerationResult r = runAgainst(server);
    EXPECT_TRUE(contains(r.error, "bad header Bearer [key]")) << r.error;
}

TEST_F(RemoteErrorTest, Http402InsufficientBalance)
{
    FaultServer server(answer(402, R"({"error":{"message":"Insufficient Balance","type":"unknown_error"}})"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "Insufficient balance")) << r.error;
}

TEST_F(RemoteErrorTest, Http422InvalidParameters)
{
    FaultServer server(answer(422, R"({"detail":"temperature: must be <= 2"})"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "rejected the request's parameters (HTTP 422): temperature: must be <= 2")) << r.error;
}

TEST_F(RemoteErrorTest, Http500InternalError)
{
    FaultServer server(answer(500, R"({"error":{"message":"upstream crashed"}})"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "internal error (HTTP 500): upstream crashed")) << r.error;
    EXPECT_EQ(server.requests().size(), 1u) << "500 is not retried";
}

TEST_F(RemoteErrorTest, Http404PointsAtTheAddressAndModel)
{
    FaultServer server(answer(404, R"({"error":{"message":"The model `deepseek-chatt` does not exist"}})"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "has no such endpoint or model (HTTP 404): The model `deepseek-chatt` does not "
                                  "exist. Check the server address and the model name.")) << r.error;
}

TEST_F(RemoteErrorTest, RedirectIsNotFollowed)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::response(301, "", "text/plain", "Location: https://elsewhere.invalid/v1/chat/completions\r\n"));
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "redirected the request (HTTP 301)")) << r.error;
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(RemoteErrorTest, WebPageInsteadOfAnApiStream)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::response(200, "<!doctype html><html><body>Welcome to nginx!</body></html>\n",
                                     "text/html; charset=utf-8"));
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "answered with a web page, not an API stream")) << r.error;
}

TEST_F(RemoteErrorTest, ErrorEventWithPlainText)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "event: error\ndata: worker crashed\n\n");
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "reported an error during the answer: worker crashed.")) << r.error;
}

TEST_F(RemoteErrorTest, Http429RetriedWithBoundedBackoffThenGivesUp)
{
    FaultServer server(answer(429, R"({"error":{"message":"Rate limit reached"}})"));
    RemoteConfig config = fastConfig(server.url());
    config.retry = RetryPolicy{3, 20, 40};
    const auto start = std::chrono::steady_clock::now();
    const GenerationResult r = run(config);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "limiting the rate of requests (HTTP 429)")) << r.error;
    EXPECT_TRUE(contains(r.error, "Gave up after 3 retries")) << r.error;
    EXPECT_EQ(server.requests().size(), 4u);
    // Waits of 20, 40 (cap), 40 ms.
    EXPECT_GE(elapsed, 100ms);
}

TEST_F(RemoteErrorTest, Http503HonoursRetryAfterThenSucceeds)
{
    std::atomic<int> calls{0};
    FaultServer server([&](Connection& c, const RecordedRequest&) {
        if (calls++ == 0) {
            c.send(FaultServer::response(503, R"({"error":{"message":"Server busy"}})", "application/json",
                                         "Retry-After: 1\r\n"));
            return;
        }
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n"
                               "data: [DONE]\n\n");
    });
    RemoteConfig config = fastConfig(server.url());
    config.retry = RetryPolicy{2, 10, 5000}; // the backoff alone would wait 10 ms
    const auto start = std::chrono::steady_clock::now();
    const GenerationResult r = run(config);
    EXPECT_EQ(r.status, Status::Complete) << r.error;
    EXPECT_EQ(out.content, "ok");
    EXPECT_GE(std::chrono::steady_clock::now() - start, 1000ms);
    EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(RemoteErrorTest, Http503GivesUpClearly)
{
    FaultServer server(answer(503, "", "Retry-After: 0\r\n"));
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "overloaded (HTTP 503). Gave up after 2 retries. Try again later.")) << r.error;
    EXPECT_EQ(server.requests().size(), 3u);
}

TEST_F(RemoteErrorTest, DnsFailure)
{
    // libcurl is told to resolve through a DNS-over-HTTPS resolver on
    // 127.0.0.1 where nothing listens: resolution fails for certain, and no
    // DNS query leaves the machine (with DoH set, libcurl never falls back to
    // the system resolver).
    RemoteConfig config = fastConfig("https://api.qiusuo-test.invalid/v1");
    config.dnsOverHttpsUrl = "https://127.0.0.1:" + std::to_string(closedPort()) + "/dns-query";
    const GenerationResult r = run(config);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "Could not find the server \"api.qiusuo-test.invalid\": the name does not "
                                  "resolve")) << r.error;
}

TEST_F(RemoteErrorTest, ConnectionRefused)
{
    const GenerationResult r = run(fastConfig("http://127.0.0.1:" + std::to_string(closedPort()) + "/v1"));
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "Could not connect to 127.0.0.1: the connection was refused")) << r.error;
}

TEST_F(RemoteErrorTest, ConnectTimeoutWhenTheHandshakeNeverCompletes)
{
    // The TLS handshake is part of connecting; this server accepts and says nothing.
    FaultServer server([](Connection& c, const RecordedRequest&) { c.staySilent(); }, false);
    RemoteConfig config = fastConfig("https://127.0.0.1:" + std::to_string(server.port()) + "/v1");
    config.connectTimeoutMs = 300;
    config.readTimeoutMs = 10000;
    const auto start = std::chrono::steady_clock::now();
    const GenerationResult r = run(config);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "Could not connect to 127.0.0.1 within 0.3 s")) << r.error;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3000ms);
}

TEST_F(RemoteErrorTest, ReadTimeoutWhenTheServerAcceptsAndStaysSilent)
{
    FaultServer server([](Connection& c, const RecordedRequest&) { c.staySilent(); });
    RemoteConfig config = fastConfig(server.url());
    config.readTimeoutMs = 300;
    const auto start = std::chrono::steady_clock::now();
    const GenerationResult r = run(config);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "127.0.0.1 stopped answering: nothing arrived for 0.3 s")) << r.error;
    EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3000ms);
}

TEST_F(RemoteErrorTest, ReadTimeoutMidAnswerKeepsThePartialAnswer)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::sseHead());
        c.sendChunk(": keep-alive\n\n");
        c.sendChunk("data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hmm\"}}]}\n\n");
        c.sendChunk("data: {\"choices\":[{\"delta\":{\"content\":\"The answer is\"}}]}\n\n");
        c.staySilent();
    });
    RemoteConfig config = fastConfig(server.url());
    config.readTimeoutMs = 300;
    const GenerationResult r = run(config);
    EXPECT_EQ(r.status, Status::Interrupted);
    EXPECT_EQ(out.reasoning, "hmm");
    EXPECT_EQ(out.content, "The answer is");
    EXPECT_TRUE(contains(r.error, "stopped answering")) << r.error;
    EXPECT_TRUE(contains(r.error, "The partial answer is kept.")) << r.error;
}

TEST_F(RemoteErrorTest, TlsFailureAgainstAPlainHttpPort)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::response(400, "plain HTTP here", "text/plain"));
    }, false);
    const GenerationResult r = run(fastConfig("https://127.0.0.1:" + std::to_string(server.port()) + "/v1"));
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "Could not set up a secure (TLS) connection to 127.0.0.1")) << r.error;
}

TEST_F(RemoteErrorTest, OnlyMalformedEventsIsAnError)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {broken\n\ndata: <html>\n\ndata: [1,2]\n\ndata: [DONE]\n\n");
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "none of its 3 streamed events could be read (malformed JSON)")) << r.error;
}

TEST_F(RemoteErrorTest, StreamCutMidAnswerIsInterruptedWithThePartialAnswer)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        c.send(FaultServer::sseHead());
        c.sendChunk("data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"Let me see\"}}]}\n\n");
        c.sendChunk("data: {\"choices\":[{\"delta\":{\"content\":\"Half an\"}}]}\n\n");
        c.send("40\r\ndata: {\"choices\":[{\"de"); // the connection drops inside a chunk
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Interrupted);
    EXPECT_EQ(out.reasoning, "Let me see");
    EXPECT_EQ(out.content, "Half an");
    EXPECT_TRUE(contains(r.error, "The connection to 127.0.0.1 broke off before the answer was complete."))
        << r.error;
    EXPECT_TRUE(contains(r.error, "The partial answer is kept.")) << r.error;
}

TEST_F(RemoteErrorTest, StreamEndingWithoutFinishIsInterrupted)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"content\":\"Half\"}}]}\n\n");
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Interrupted);
    EXPECT_EQ(out.content, "Half");
    EXPECT_TRUE(contains(r.error, "ended the stream before the answer was complete")) << r.error;
}

TEST_F(RemoteErrorTest, ErrorReportedInsideTheStream)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"content\":\"Partial\"}}]}\n\n"
                               "data: {\"error\":{\"message\":\"model overloaded, request aborted\",\"code\":503}}\n\n");
    });
    const GenerationResult r = runAgainst(server);
    EXPECT_EQ(r.status, Status::Interrupted);
    EXPECT_EQ(out.content, "Partial");
    EXPECT_TRUE(contains(r.error, "reported an error during the answer: model overloaded, request aborted")) << r.error;
}

TEST_F(RemoteErrorTest, DeepSeekOutOfCapacityFinishReason)
{
    FaultServer server([](Connection& c, const RecordedRequest&) {
        FaultServer::replay(c, "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"},\"finish_reason\":\"insufficient_system_resource\"}]}\n\n"
                               "data: [DONE]\n\n");
    });
    const GenerationResult r = run(fastDeepSeekConfig(server.url(), "deepseek-chat"));
    EXPECT_EQ(r.status, Status::Interrupted);
    EXPECT_TRUE(contains(r.error, "DeepSeek cut the answer short")) << r.error;
}

TEST_F(RemoteErrorTest, PlainHttpToAnotherMachineIsRefusedBeforeConnecting)
{
    const GenerationResult r = run(fastConfig("http://192.0.2.1:8000/v1")); // TEST-NET-1, never contacted
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_TRUE(contains(r.error, "unencrypted")) << r.error;
    RemoteBackend backend(fastConfig("http://192.0.2.1:8000/v1"));
    EXPECT_THROW(backend.load({}), Error);
}

TEST_F(RemoteErrorTest, ModelListErrorsAreSentencesWithoutTheKey)
{
    FaultServer server(answer(401, std::string(R"({"error":{"message":"key )") + kSecretKey + " invalid\"}}"));
    RemoteBackend backend(fastConfig(server.url()));
    std::atomic<bool> stop{false};
    try {
        backend.listModels(stop);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_TRUE(contains(e.what(), "API key rejected")) << e.what();
        expectNoKey(e.what());
    }
}

} // namespace
} // namespace qiusuo::remote
