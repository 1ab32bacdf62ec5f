#pragma once
/// @brief One SQLite connection (RAII over sqlite3*): opened in WAL mode with
/// foreign keys on and a busy timeout, brought up to the latest schema by the
/// Migrator, never overwriting a file it cannot read.
///
/// Opening, in order:
///  1. A file that is not an SQLite database, or is damaged, is refused with
///     StorageError::Kind::Corrupt; its bytes are not touched. The app asks the
///     user, then calls moveAsideAndCreate().
///  2. A file whose PRAGMA user_version is newer than this build knows is
///     refused, untouched, with StorageError::Kind::NewerSchema.
///  3. Otherwise WAL, foreign_keys, busy_timeout and synchronous=NORMAL are
///     set and every pending migration runs (each in its own transaction).
///
/// A Database is used from one thread at a time; give each thread its own.

#include "storage/statement.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;

namespace qiusuo::storage {

struct OpenOptions {
    /// Create the file (and its folder) when missing. When false, a missing
    /// file throws StorageError::Kind::NotFound (qiusuo-cli history uses this).
    bool createIfMissing = true;
    /// Run pending migrations. Only tests turn this off.
    bool migrate = true;
    /// How long to wait for another connection's write lock.
    int busyTimeoutMs = 5000;
};

class Database {
public:
    /// Opens (and creates/migrates) the database at `path`; see the file
    /// comment for the order of checks. Throws StorageError.
    static Database open(const std::filesystem::path& path, const OpenOptions& options = {});

    struct MovedAside;
    /// Renames the file at `path` (and its -wal/-shm) to
    /// `<path>.corrupt-<UTC timestamp>` (never over an existing file) and
    /// opens a new database there. Only call it after the user agreed.
    static MovedAside moveAsideAndCreate(const std::filesystem::path& path,
                                         const OpenOptions& options = {});

    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements without parameters (schema, pragmas).
    void exec(std::string_view sql);
    /// A new prepared statement. Bind every value; never format SQL.
    Statement prepare(std::string_view sql);
    /// A statement prepared once per connection and reused (reset and cleared
    /// on each call): for hot paths like streaming updates. The reference
    /// stays valid as long as the Database; do not nest two uses of one sql.
    Statement& cached(const std::string& sql);

    std::int64_t lastInsertRowId() const;
    /// Rows changed by the last INSERT/UPDATE/DELETE.
    int changes() const;
    /// PRAGMA user_version: the schema version.
    int userVersion();
    /// PRAGMA integrity_check's answer: "ok" when the file is sound.
    std::string integrityCheck();

    const std::filesystem::path& path() const noexcept { return path_; }
    sqlite3* handle() const noexcept { return db_; }

private:
    Database(sqlite3* db, std::filesystem::path path);

    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

/// Result of Database::moveAsideAndCreate().
struct Database::MovedAside {
    std::filesystem::path movedTo; ///< e.g. qiusuo.db.corrupt-20261128-130501
    Database database;             ///< a new, empty, migrated database at the old path
};

} // namespace qiusuo::storage
