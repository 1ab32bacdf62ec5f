#include "storage/datadir.h"

#include <cstdlib>

namespace qiusuo::storage {

namespace fs = std::filesystem;

namespace {

const char* nonEmptyEnv(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value ? value : nullptr;
}

} // namespace

fs::path defaultDataDir()
{
    if (const char* dir = nonEmptyEnv("QIUSUO_DATA_DIR"))
        return fs::path(dir);
#if defined(_WIN32)
    if (const char* appData = nonEmptyEnv("APPDATA"))
        return fs::path(appData) / "Qiusuo";
    if (const char* profile = nonEmptyEnv("USERPROFILE"))
        return fs::path(profile) / "AppData" / "Roaming" / "Qiusuo";
#elif defined(__APPLE__)
    if (const char* home = nonEmptyEnv("HOME"))
        return fs::path(home) / "Library" / "Application Support" / "Qiusuo";
#else
    // XDG Base Directory: a relative XDG_DATA_HOME is invalid and ignored.
    if (const char* xdg = nonEmptyEnv("XDG_DATA_HOME"); xdg && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "Qiusuo";
    if (const char* home = nonEmptyEnv("HOME"))
        return fs::path(home) / ".local" / "share" / "Qiusuo";
#endif
    return fs::path("Qiusuo");
}

fs::path databasePath(const fs::path& dataDir)
{
    return dataDir / "qiusuo.db";
}

} // namespace qiusuo::storage
