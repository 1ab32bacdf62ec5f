// qiusuo-cli: dispatches to the subcommands registered in cmd_*.cpp.
#include "app/cli/command.h"
#include "inference/version.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace qiusuo::cli {

std::vector<Command>& commandRegistry()
{
    static std::vector<Command> commands;
    return commands;
}

} // namespace qiusuo::cli

namespace {

void printUsage()
{
    auto commands = qiusuo::cli::commandRegistry();
    std::sort(commands.begin(), commands.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::printf("qiusuo-cli %s: DeepSeek models without the GUI\n\n"
                "Usage: qiusuo-cli <command> [options]   (qiusuo-cli <command> --help)\n\nCommands:\n",
                qiusuo::versionString());
    for (const auto& c : commands)
        std::printf("  %-12s %s\n", c.name.c_str(), c.summary.c_str());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        printUsage();
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--version" || name == "-V") {
        std::printf("qiusuo-cli %s\n", qiusuo::versionString());
        return 0;
    }
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage();
        return 0;
    }
    for (const auto& c : qiusuo::cli::commandRegistry()) {
        if (c.name != name)
            continue;
        try {
            return c.run(std::vector<std::string>(argv + 2, argv + argc));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "qiusuo-cli %s: %s\n", name.c_str(), e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "qiusuo-cli: unknown command '%s'\n\n", name.c_str());
    printUsage();
    return 2;
}
