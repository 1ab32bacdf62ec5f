// The default data folder: QIUSUO_DATA_DIR, then the platform's convention.
#include "storage/datadir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace qiusuo::storage {
namespace {

/// Sets (or unsets) an environment variable for one scope.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name)
    {
        if (const char* old = std::getenv(name))
            old_ = old;
        value ? setenv(name, value, 1) : unsetenv(name);
    }
    ~ScopedEnv() { old_ ? setenv(name_, old_->c_str(), 1) : unsetenv(name_); }

private:
    const char* name_;
    std::optional<std::string> old_;
};

TEST(DataDir, EnvironmentOverrideWins)
{
    ScopedEnv data("QIUSUO_DATA_DIR", "/tmp/qiusuo-profile");
    ScopedEnv xdg("XDG_DATA_HOME", "/somewhere/else");
    EXPECT_EQ(defaultDataDir(), std::filesystem::path("/tmp/qiusuo-profile"));
    EXPECT_EQ(databasePath(defaultDataDir()), std::filesystem::path("/tmp/qiusuo-profile/qiusuo.db"));
}

#if !defined(_WIN32) && !defined(__APPLE__)
TEST(DataDir, XdgDataHomeThenHomeLocalShare)
{
    ScopedEnv data("QIUSUO_DATA_DIR", "");
    ScopedEnv home("HOME", "/home/someone");
    {
        ScopedEnv xdg("XDG_DATA_HOME", "/data/xdg");
        EXPECT_EQ(defaultDataDir(), std::filesystem::path("/data/xdg/Qiusuo"));
    }
    {
        ScopedEnv xdg("XDG_DATA_HOME", nullptr);
        EXPECT_EQ(defaultDataDir(), std::filesystem::path("/home/someone/.local/share/Qiusuo"));
    }
    {
        ScopedEnv xdg("XDG_DATA_HOME", "relative/path"); // invalid per the XDG spec: ignored
        EXPECT_EQ(defaultDataDir(), std::filesystem::path("/home/someone/.local/share/Qiusuo"));
    }
}
#endif

} // namespace
} // namespace qiusuo::storage
