#include "clirunner.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace qiusuo::test {

namespace {

std::string readAll(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

CliOutput runCliWithInput(const std::string& args, const std::string& input, const std::string& environment)
{
    static int counter = 0;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("qiusuo-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "in", std::ios::binary) << input;
    const std::string command = environment + " " + QIUSUO_CLI_PATH + " " + args + " < '" + (dir / "in").string() +
                                "' > '" + (dir / "out").string() + "' 2> '" + (dir / "err").string() + "'";
    CliOutput r;
    const int status = std::system(command.c_str());
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readAll(dir / "out");
    r.err = readAll(dir / "err");
    std::filesystem::remove_all(dir);
    return r;
}

} // namespace qiusuo::test
