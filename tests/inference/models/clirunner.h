#pragma once
/// @brief Runs qiusuo-cli as a program (QIUSUO_CLI_PATH) and collects its output.

#include <cstdint>
#include <string>
#include <vector>

namespace qiusuo::test {

struct CliResult {
    int exitCode = -1;
    std::string output;
};

/// Runs `qiusuo-cli <args>`; output is stdout, plus stderr when `withStderr`.
CliResult runCli(const std::string& args, bool withStderr = true);

/// "1,2,3" from {1, 2, 3} with `separator`.
std::string joinIds(const std::vector<std::int32_t>& ids, const char* separator);

} // namespace qiusuo::test
