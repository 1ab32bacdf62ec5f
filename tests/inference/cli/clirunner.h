#pragma once
/// @brief Runs qiusuo-cli (QIUSUO_CLI_PATH) with text on stdin and collects
/// stdout and stderr apart, for the run/chat tests.

#include <string>

namespace qiusuo::test {

struct CliOutput {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Runs `[environment] qiusuo-cli <args>` through the shell with `input` on
/// stdin. `environment` is put before the program, e.g. "env -u DEEPSEEK_API_KEY".
CliOutput runCliWithInput(const std::string& args, const std::string& input = {},
                          const std::string& environment = {});

} // namespace qiusuo::test
