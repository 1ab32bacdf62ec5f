#include "clirunner.h"

#include <cstdio>
#include <sys/wait.h>

namespace qiusuo::test {

CliResult runCli(const std::string& args, bool withStderr)
{
    const std::string command =
        std::string(QIUSUO_CLI_PATH) + " " + args + (withStderr ? " 2>&1" : " 2>/dev/null");
    CliResult r;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return r;
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        r.output.append(buffer, n);
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string joinIds(const std::vector<std::int32_t>& ids, const char* separator)
{
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? separator : "") + std::to_string(ids[i]);
    return out;
}

} // namespace qiusuo::test
