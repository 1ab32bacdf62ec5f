// qiusuo-cli run --base-url / --remote deepseek against our own server running
// a tiny model in this process: what streams over HTTP equals what
// `run --model` prints for the same seed; keys and bad addresses get clear errors.
#include "clirunner.h"
#include "tinyengine.h"
#include "inference/server/openaiserver.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace qiusuo::test {
namespace {

constexpr const char* kModel = "models/tiny-qwen2-Q8_0.gguf";

/// Our OpenAI-compatible server on a free loopback port, for one test.
class TinyServer {
public:
    TinyServer(const std::filesystem::path& model, const std::string& apiKey = {})
        : engine_(tinyEngine(model))
    {
        server::ServerOptions options;
        options.port = 0;
        options.modelId = "tiny";
        options.apiKey = apiKey;
        server_ = std::make_unique<server::OpenAiServer>(*engine_, options);
        server_->bind();
        thread_ = std::thread([this] { server_->listen(); });
        while (!server_->isListening())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~TinyServer()
    {
        server_->stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1"; }

private:
    std::unique_ptr<LocalBackend> engine_;
    std::unique_ptr<server::OpenAiServer> server_;
    std::thread thread_;
};

const std::string kSampling = " --prompt 'Hello world, 海日生残夜' --system 'You are terse.' --temp 0.8 --seed 7 -n 16";

TEST(CmdRunRemote, BaseUrlStreamsWhatRunModelPrints)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    const CliOutput local = runCliWithInput("run --model " + model.string() + kEngineArgs + kSampling);
    ASSERT_EQ(local.exitCode, 0) << local.err;
    ASSERT_FALSE(local.out.empty() && local.err.empty());

    TinyServer server(model);
    const CliOutput remote =
        runCliWithInput("run --base-url " + server.url() + " --model tiny" + kSampling, {}, "env -u OPENAI_API_KEY");
    ASSERT_EQ(remote.exitCode, 0) << remote.err;
    EXPECT_EQ(remote.out, local.out);
    EXPECT_EQ(remote.err, local.err);
}

TEST(CmdRunRemote, NCapsTheRemoteAnswer)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    TinyServer server(model);
    const CliOutput r = runCliWithInput("run --base-url " + server.url() + " --model tiny --prompt hi --temp 0 -n 4 "
                                        "--stats");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("answer 4 tokens"), std::string::npos) << r.err;
}

TEST(CmdRunRemote, KeyComesFromTheOptionOrOpenAiApiKey)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    TinyServer server(model, "s3cret");
    const std::string args = "run --base-url " + server.url() + " --model tiny --prompt hi --temp 0 -n 3";
    const CliOutput none = runCliWithInput(args, {}, "env -u OPENAI_API_KEY");
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_NE(none.err.find("API key rejected"), std::string::npos) << none.err;
    const CliOutput fromEnv = runCliWithInput(args, {}, "env OPENAI_API_KEY=s3cret");
    EXPECT_EQ(fromEnv.exitCode, 0) << fromEnv.err;
    const CliOutput fromOption = runCliWithInput(args + " --api-key s3cret", {}, "env -u OPENAI_API_KEY");
    EXPECT_EQ(fromOption.exitCode, 0) << fromOption.err;
}

// The DeepSeek preset (thinking switch and all) pointed at our server: the key
// from DEEPSEEK_API_KEY is what reaches it.
TEST(CmdRunRemote, DeepSeekPresetTakesItsKeyFromTheEnvironment)
{
    QIUSUO_REQUIRE_TESTDATA(model, kModel);
    TinyServer server(model, "ds-key");
    const CliOutput r = runCliWithInput("run --remote deepseek --base-url " + server.url() +
                                            " --model tiny --prompt hi --temp 0 -n 3 --stats",
                                        {}, "env DEEPSEEK_API_KEY=ds-key");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("answer 3 tokens"), std::string::npos) << r.err;
}

// No key: refused at once, before any connection is tried.
TEST(CmdRunRemote, MissingDeepSeekKeyIsAClearError)
{
    const auto start = std::chrono::steady_clock::now();
    const CliOutput r = runCliWithInput("run --remote deepseek --model deepseek-chat --prompt hi", {},
                                        "env -u DEEPSEEK_API_KEY");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("needs an API key"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("DEEPSEEK_API_KEY"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--api-key"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(CmdRunRemote, BadRemoteOptionsAreRefused)
{
    const CliOutput provider = runCliWithInput("run --remote openai --model x --prompt hi");
    EXPECT_EQ(provider.exitCode, 1);
    EXPECT_NE(provider.err.find("Unknown --remote provider 'openai'"), std::string::npos) << provider.err;

    const CliOutput noModel = runCliWithInput("run --base-url http://127.0.0.1:9/v1 --prompt hi");
    EXPECT_EQ(noModel.exitCode, 1);
    EXPECT_NE(noModel.err.find("--model NAME"), std::string::npos) << noModel.err;

    // TEST-NET-1: refused before any connection is tried.
    const CliOutput insecure = runCliWithInput("run --base-url http://192.0.2.1/v1 --model x --prompt hi");
    EXPECT_EQ(insecure.exitCode, 1);
    EXPECT_NE(insecure.err.find("--allow-insecure-http"), std::string::npos) << insecure.err;

    const CliOutput ids = runCliWithInput("run --base-url http://127.0.0.1:9/v1 --model x --prompt-ids 1,2");
    EXPECT_EQ(ids.exitCode, 1);
    EXPECT_NE(ids.err.find("local model only"), std::string::npos) << ids.err;
}

} // namespace
} // namespace qiusuo::test
