// HTTPS end to end on 127.0.0.1: trusted through a given authority file,
// refused without it.
#include "inference/remote/remotebackend.h"

#include "faultserver.h"
#include "remotetesting.h"
#include "tlstestserver.h"

#include <gtest/gtest.h>

namespace qiusuo::remote {
namespace {

using namespace test;
using Status = GenerationResult::Status;

std::string sseOverTls()
{
    const std::string body = "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"secure\"}}]}\n\n"
                             "data: {\"choices\":[{\"delta\":{\"content\":\"hello over TLS\"},\"finish_reason\":\"stop\"}]}\n\n"
                             "data: [DONE]\n\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

class TlsTest : public ::testing::Test {
    NoProxyEnvironment noProxy_;
};

TEST_F(TlsTest, StreamsOverHttpsWithTheGivenAuthority)
{
    TlsTestServer server(sseOverTls());
    RemoteConfig config = fastConfig("https://127.0.0.1:" + std::to_string(server.port()) + "/v1");
    config.caBundlePath = server.caFile();
    RemoteBackend backend(config);
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Complete) << result.error;
    EXPECT_EQ(out.reasoning, "secure");
    EXPECT_EQ(out.content, "hello over TLS");
    EXPECT_EQ(server.answered(), 1);
}

TEST_F(TlsTest, UntrustedCertificateIsRefusedInPlainWords)
{
    TlsTestServer server(sseOverTls());
    RemoteBackend backend(fastConfig("https://127.0.0.1:" + std::to_string(server.port()) + "/v1"));
    Collector out;
    std::atomic<bool> stop{false};
    const GenerationResult result = backend.generate(oneQuestion(), {}, out.callback(), stop);
    EXPECT_EQ(result.status, Status::Error);
    EXPECT_NE(result.error.find("The security certificate of 127.0.0.1 is not trusted"), std::string::npos)
        << result.error;
    expectNoKey(result.error);
    EXPECT_EQ(server.answered(), 0);
    EXPECT_TRUE(out.content.empty());
}

} // namespace
} // namespace qiusuo::remote
