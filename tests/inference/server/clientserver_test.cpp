// Our remote client against our server, the server running a tiny model from
// ../shared/testdata: what streams over HTTP equals what the engine says
// directly for the same seed.
#include "inference/localbackend.h"
#include "inference/remote/remotebackend.h"
#include "inference/remote/remoteconfig.h"
#include "inference/server/openaiserver.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <thread>

using namespace qiusuo;

namespace {

struct Answer {
    std::string reasoning, content;
    GenerationResult result;
};

Answer ask(Backend& backend, const std::vector<ChatMessage>& messages, const GenerationParams& params)
{
    Answer a;
    std::atomic<bool> stop{false};
    a.result = backend.generate(messages, params, [&](const Delta& d) {
        a.reasoning += d.reasoning;
        a.content += d.content;
    }, stop);
    return a;
}

std::unique_ptr<LocalBackend> tinyEngine(const std::filesystem::path& model)
{
    LocalBackendOptions options;
    options.modelPath = model;
    options.model.context = 512;
    options.model.threads = 2;
    auto engine = std::make_unique<LocalBackend>(options);
    engine->load({});
    return engine;
}

} // namespace

TEST(ClientServer, StreamedTextEqualsTheLocalEngineForTheSameSeed)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q8_0.gguf");
    const std::vector<ChatMessage> messages = {{ChatMessage::Role::System, "You are terse.", ""},
                                               {ChatMessage::Role::User, "Hello world, 海日生残夜", ""}};
    GenerationParams params;
    params.temperature = 0.8f;
    params.topP = 0.95f;
    params.seed = 7;
    params.maxTokens = 20;

    auto direct = tinyEngine(model);
    const Answer expected = ask(*direct, messages, params);
    ASSERT_EQ(expected.result.status, GenerationResult::Status::Complete) << expected.result.error;

    auto served = tinyEngine(model);
    server::ServerOptions options;
    options.port = 0;
    options.modelId = "tiny-qwen2";
    server::OpenAiServer srv(*served, options);
    srv.bind();
    std::thread thread([&] { srv.listen(); });
    while (!srv.isListening())
        std::this_thread::sleep_for(std::chrono::milliseconds(2));

    remote::RemoteBackend client(remote::RemoteConfig::openAiCompatible(
        "http://127.0.0.1:" + std::to_string(srv.port()) + "/v1", "tiny-qwen2"));
    ASSERT_TRUE(client.load({}));
    const Answer overHttp = ask(client, messages, params);
    srv.stop();
    thread.join();

    EXPECT_EQ(overHttp.result.status, GenerationResult::Status::Complete) << overHttp.result.error;
    EXPECT_EQ(overHttp.reasoning, expected.reasoning);
    EXPECT_EQ(overHttp.content, expected.content);
    EXPECT_EQ(overHttp.result.stats.completionTokens, expected.result.stats.completionTokens);
    EXPECT_EQ(overHttp.result.stats.promptTokens, expected.result.stats.promptTokens);
}
