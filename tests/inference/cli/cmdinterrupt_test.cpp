// Ctrl+C: during a generation it stops the answer cleanly (exit 130,
// "(stopped)"); while chat waits for input it quits at once.
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace qiusuo::test {
namespace {

/// qiusuo-cli with pipes on stdin, stdout and stderr.
struct Child {
    pid_t pid = -1;
    int in = -1, out = -1, err = -1;
};

Child spawnCli(const std::vector<std::string>& args)
{
    int in[2], out[2], err[2];
    if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0)
        return {};
    Child c;
    c.pid = fork();
    if (c.pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
            close(fd);
        std::vector<char*> argv{const_cast<char*>(QIUSUO_CLI_PATH)};
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(QIUSUO_CLI_PATH, argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    c.in = in[1];
    c.out = out[0];
    c.err = err[0];
    return c;
}

std::string readAll(int fd)
{
    std::string s;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        s.append(buffer, static_cast<std::size_t>(n));
    return s;
}

int waitExit(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CmdInterrupt, CtrlCStopsTheAnswerCleanly)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2.gguf");
    // Unstopped, this answer runs until the 512-token context is full.
    Child c = spawnCli({"run", "--model", model.string(), "--prompt", "Hello world", "--temp", "0", "--no-think",
                        "--precise", "--threads", "1", "--ctx", "512"});
    ASSERT_GT(c.pid, 0);
    close(c.in);
    char first = 0;
    ASSERT_EQ(read(c.out, &first, 1), 1) << "no answer streamed";
    kill(c.pid, SIGINT);
    const std::string out = first + readAll(c.out);
    const std::string err = readAll(c.err);
    EXPECT_EQ(waitExit(c.pid), 130) << err;
    EXPECT_NE(err.find("(stopped)"), std::string::npos) << err;
    EXPECT_EQ(err.find("context"), std::string::npos) << err;
    EXPECT_EQ(out.back(), '\n');  // the stopped line is ended
    close(c.out);
    close(c.err);
}

TEST(CmdInterrupt, CtrlCAtTheChatPromptQuits)
{
    QIUSUO_REQUIRE_TESTDATA(model, "models/tiny-qwen2-Q8_0.gguf");
    Child c = spawnCli({"chat", "--model", model.string(), "--ctx", "512"});
    ASSERT_GT(c.pid, 0);
    const std::string line = "/stats\n";
    ASSERT_EQ(write(c.in, line.data(), line.size()), static_cast<ssize_t>(line.size()));
    std::string out;
    char ch = 0;
    while (out.find("(no answer yet)\n") == std::string::npos && read(c.out, &ch, 1) == 1)
        out += ch;
    ASSERT_EQ(out, "(no answer yet)\n");
    kill(c.pid, SIGINT);  // waiting for the next line, stdin still open
    EXPECT_EQ(waitExit(c.pid), 130);
    close(c.in);
    close(c.out);
    close(c.err);
}

} // namespace
} // namespace qiusuo::test
