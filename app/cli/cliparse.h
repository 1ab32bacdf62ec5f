#pragma once
/// @brief Runs a CLI11 parser over a subcommand's arguments.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace qiusuo::cli {

/// Parses `args` (without program and subcommand names). Returns an exit code
/// when the run should end here (help printed: 0, bad arguments: 2).
inline std::optional<int> parseArgs(CLI::App& app, std::vector<std::string> args)
{
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return std::nullopt;
}

} // namespace qiusuo::cli
