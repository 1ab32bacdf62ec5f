#pragma once
/// @brief Where the reference test data is (../shared/testdata, or
/// QIUSUO_TESTDATA), and a skip that says why when it is absent.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace qiusuo::test {

inline std::filesystem::path testdataDir()
{
    if (const char* env = std::getenv("QIUSUO_TESTDATA"); env && *env)
        return env;
    return std::filesystem::path(QIUSUO_SOURCE_DIR) / ".." / "shared" / "testdata";
}

/// The path of `relative` under the test data, or empty when it is missing.
inline std::filesystem::path testdataFile(const std::string& relative)
{
    const auto p = testdataDir() / relative;
    return std::filesystem::exists(p) ? p : std::filesystem::path{};
}

} // namespace qiusuo::test

/// Skips the current test, naming the missing file, when it is absent.
#define QIUSUO_REQUIRE_TESTDATA(var, relative)                                              \
    const std::filesystem::path var = ::qiusuo::test::testdataFile(relative);                \
    if (var.empty())                                                                         \
        GTEST_SKIP() << "reference data " << (relative) << " not found under "               \
                     << ::qiusuo::test::testdataDir() << " (set QIUSUO_TESTDATA)"
