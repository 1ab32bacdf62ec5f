// `qiusuo-cli serve` as a user runs it: starts, answers, stops on SIGTERM.
#include "tests/testdata.h"

#include <httplib.h>

#include <gtest/gtest.h>

#include <csignal>
#include <regex>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Child {
    pid_t pid = -1;
    int stderrFd = -1;
};

Child spawn(const std::vector<std::string>& args)
{
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    return {pid, fds[0]};
}

/// Reads the child's stderr until `pattern` matches (or it closes).
std::smatch readUntil(int fd, const std::regex& pattern, std::string& seen)
{
    std::smatch m;
    char buf[512];
    while (!std::regex_search(seen, m, pattern)) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        seen.append(buf, static_cast<std::size_t>(n));
    }
    std::regex_search(seen, m, pattern);
    return m;
}

} // namespace

TEST(CmdServe, ServesUntilSigterm)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q8_0.gguf");
    Child child = spawn({QIUSUO_CLI_BINARY, "serve", "--model", model.string(), "--port", "0", "--ctx", "256",
                         "--threads", "1"});
    ASSERT_GT(child.pid, 0);
    std::string log;
    const std::regex serving(R"(on http://127\.0\.0\.1:(\d+)/v1)");
    const std::smatch m = readUntil(child.stderrFd, serving, log);
    ASSERT_FALSE(m.empty()) << "no 'Serving' line; stderr was:\n" << log;
    const int port = std::stoi(m[1].str());

    httplib::Client client("127.0.0.1", port);
    auto models = client.Get("/v1/models");
    ASSERT_TRUE(models);
    EXPECT_EQ(models->status, 200);
    EXPECT_NE(models->body.find("tiny-qwen2-Q8_0"), std::string::npos) << "the model id defaults to the file name";
    auto chat = client.Post("/v1/chat/completions",
                            R"({"messages":[{"role":"user","content":"Hello"}],"max_tokens":3,"temperature":0})",
                            "application/json");
    ASSERT_TRUE(chat);
    EXPECT_EQ(chat->status, 200) << chat->body;

    kill(child.pid, SIGTERM);
    int status = 0;
    waitpid(child.pid, &status, 0);
    close(child.stderrFd);
    EXPECT_TRUE(WIFEXITED(status)) << "serve was killed instead of stopping cleanly";
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(CmdServe, MissingModelIsAClearError)
{
    Child child = spawn({QIUSUO_CLI_BINARY, "serve", "--model", "/nonexistent/x.gguf"});
    ASSERT_GT(child.pid, 0);
    std::string log;
    readUntil(child.stderrFd, std::regex("(?!)"), log);  // read to the end
    int status = 0;
    waitpid(child.pid, &status, 0);
    close(child.stderrFd);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_NE(WEXITSTATUS(status), 0);
    EXPECT_NE(log.find("x.gguf"), std::string::npos) << log;
}
