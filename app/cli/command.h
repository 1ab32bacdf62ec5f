#pragma once
/// @brief Subcommands of qiusuo-cli register themselves with QIUSUO_CLI_COMMAND.

#include <functional>
#include <string>
#include <vector>

namespace qiusuo::cli {

/// Runs a subcommand; `args` excludes the program and subcommand names.
/// Returns the process exit code.
using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name;
    std::string summary;
    CommandFn run;
};

std::vector<Command>& commandRegistry();

struct CommandRegistrar {
    CommandRegistrar(std::string name, std::string summary, CommandFn fn)
    {
        commandRegistry().push_back({std::move(name), std::move(summary), std::move(fn)});
    }
};

} // namespace qiusuo::cli

#define QIUSUO_CLI_CONCAT_(a, b) a##b
#define QIUSUO_CLI_CONCAT(a, b) QIUSUO_CLI_CONCAT_(a, b)
#define QIUSUO_CLI_COMMAND(name, summary, fn) \
    static const ::qiusuo::cli::CommandRegistrar QIUSUO_CLI_CONCAT(qiusuoCliRegistrar_, __LINE__){name, summary, fn}
