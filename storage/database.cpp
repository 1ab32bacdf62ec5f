#include "storage/database.h"

#include "storage/migrator.h"
#include "storage/storageerror.h"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <system_error>
#include <utility>

namespace qiusuo::storage {

namespace fs = std::filesystem;

namespace {

std::string displayPath(const fs::path& path)
{
    const auto u8 = path.u8string();
    return std::string(u8.begin(), u8.end());
}

/// Closes a connection that failed to open properly.
struct ConnectionGuard {
    sqlite3* db = nullptr;
    ~ConnectionGuard() { sqlite3_close_v2(db); }
    sqlite3* release() { return std::exchange(db, nullptr); }
};

/// "20261128-130501" in UTC, for the name of a file moved aside.
std::string utcStamp()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
#ifdef _WIN32
    gmtime_s(&tm, &now);
#else
    gmtime_r(&now, &tm);
#endif
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

fs::path withSuffix(const fs::path& path, const std::string& suffix)
{
    fs::path p = path;
    p += suffix;
    return p;
}

/// Reads the schema version and checks the file is an SQLite database we may
/// use, before anything could write to it (setting WAL mode rewrites the
/// header, so it must come after these checks).
int probe(sqlite3* db, const fs::path& path)
{
    const std::string where = displayPath(path);
    auto corrupt = [&](const std::string& why) {
        return StorageError(StorageError::Kind::Corrupt,
                            "The file " + where + " is not a readable Qiusuo database (" + why +
                                "). It was not changed. Qiusuo can move it aside and start a new, "
                                "empty database.");
    };
    int userVersion = 0;
    int objects = 0;
    for (const char* sql : {"PRAGMA user_version", "SELECT count(*) FROM sqlite_schema"}) {
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(stmt);
        const int value = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
        const std::string message = sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
        if (rc != SQLITE_ROW) {
            const int primary = rc & 0xff;
            if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
                throw corrupt(message);
            if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                throw StorageError(StorageError::Kind::Busy,
                                   "The database " + where + " is locked by another program: " + message + ".");
            throw StorageError(StorageError::Kind::CannotOpen,
                               "Could not read the database " + where + ": " + message + ".");
        }
        (sql[0] == 'P' ? userVersion : objects) = value;
    }
    if (userVersion == 0 && objects > 0)
        throw corrupt("it is an SQLite database, but not one Qiusuo wrote");
    const int known = Migrator::latestKnownVersion();
    if (userVersion > known)
        throw StorageError(StorageError::Kind::NewerSchema,
                           "The database " + where + " was written by a newer version of Qiusuo (schema " +
                               std::to_string(userVersion) + "; this version knows up to " +
                               std::to_string(known) + "). Update Qiusuo to open it; the file was not changed.");
    return userVersion;
}

} // namespace

Database::Database(sqlite3* db, fs::path path) : db_(db), path_(std::move(path)) {}

Database::~Database()
{
    cache_.clear(); // statements must be finalized before the connection closes
    sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), cache_(std::move(other.cache_))
{
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        cache_.clear();
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

Database Database::open(const fs::path& path, const OpenOptions& options)
{
    const std::string where = displayPath(path);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        if (!options.createIfMissing)
            throw StorageError(StorageError::Kind::NotFound, "There is no Qiusuo database at " + where + ".");
        if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
            fs::create_directories(path.parent_path(), ec);
            if (ec)
                throw StorageError(StorageError::Kind::CannotOpen,
                                   "Could not create the folder " + displayPath(path.parent_path()) + ": " +
                                       ec.message() + ".");
        }
    }

    ConnectionGuard guard;
    const int flags = SQLITE_OPEN_READWRITE | (options.createIfMissing ? SQLITE_OPEN_CREATE : 0);
    if (const int rc = sqlite3_open_v2(where.c_str(), &guard.db, flags, nullptr); rc != SQLITE_OK) {
        const std::string message = guard.db ? sqlite3_errmsg(guard.db) : sqlite3_errstr(rc);
        throw StorageError(StorageError::Kind::CannotOpen,
                           "Could not open the database " + where + ": " + message + ".");
    }
    sqlite3_extended_result_codes(guard.db, 1);
    sqlite3_busy_timeout(guard.db, options.busyTimeoutMs);
    probe(guard.db, path);

    Database db(guard.release(), path);
    // WAL: readers never block the writer, and a commit is one append; with
    // synchronous=NORMAL a killed process loses nothing committed (only a
    // power cut may lose the last commits, never corrupt the file).
    {
        Statement wal = db.prepare("PRAGMA journal_mode = WAL");
        if (!wal.step() || wal.text(0) != "wal")
            throw StorageError(StorageError::Kind::CannotOpen,
                               "Could not switch the database " + where + " to write-ahead logging.");
    }
    db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    if (options.migrate)
        Migrator().migrate(db);
    return db;
}

Database::MovedAside Database::moveAsideAndCreate(const fs::path& path, const OpenOptions& options)
{
    const std::string stamp = ".corrupt-" + utcStamp();
    fs::path target = withSuffix(path, stamp);
    for (int n = 2; fs::exists(target); ++n)
        target = withSuffix(path, stamp + "-" + std::to_string(n));

    std::error_code ec;
    fs::rename(path, target, ec);
    if (ec)
        throw StorageError(StorageError::Kind::CannotOpen,
                           "Could not move " + displayPath(path) + " aside to " + displayPath(target) + ": " +
                               ec.message() + ". Nothing was changed.");
    // The journal files belong to the old file: they travel with it, named
    // the way SQLite looks for them.
    for (const char* journal : {"-wal", "-shm", "-journal"}) {
        const fs::path from = withSuffix(path, journal);
        if (fs::exists(from, ec))
            fs::rename(from, withSuffix(target, journal), ec);
    }
    OpenOptions create = options;
    create.createIfMissing = true;
    return MovedAside{target, open(path, create)};
}

void Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        const int primary = rc & 0xff;
        const auto kind = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? StorageError::Kind::Busy
                          : primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? StorageError::Kind::Corrupt
                                                                                   : StorageError::Kind::Sql;
        throw StorageError(kind, "The database " + displayPath(path_) + " reported an error: " + message + ".");
    }
}

Statement Database::prepare(std::string_view sql)
{
    return Statement(db_, sql);
}

Statement& Database::cached(const std::string& sql)
{
    auto it = cache_.find(sql);
    if (it == cache_.end())
        it = cache_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    it->second->reset();
    return *it->second;
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const
{
    return sqlite3_changes(db_);
}

int Database::userVersion()
{
    Statement s = prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.int64(0));
}

std::string Database::integrityCheck()
{
    Statement s = prepare("PRAGMA integrity_check");
    std::string result;
    while (s.step()) {
        if (!result.empty())
            result += '\n';
        result += s.text(0);
    }
    return result;
}

} // namespace qiusuo::storage
