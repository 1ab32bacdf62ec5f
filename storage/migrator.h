#pragma once
/// @brief Brings a database to the latest schema by running the numbered
/// migrations of resources/sql (compiled in, see embeddedmigrations.h).
///
/// Each migration runs in one transaction that also sets PRAGMA user_version
/// to its number; a failing one is rolled back and stops the run with
/// StorageError::Kind::MigrationFailed, leaving the previous version intact.

#include "storage/embeddedmigrations.h"

#include <vector>

namespace qiusuo::storage {

class Database;

class Migrator {
public:
    /// Uses the migrations compiled in from resources/sql.
    Migrator();
    /// Uses the given migrations (sorted by version, 1, 2, ... without gaps);
    /// tests pass truncated or deliberately broken lists.
    explicit Migrator(std::vector<EmbeddedMigration> migrations);

    /// The highest version these migrations reach (0 when there are none).
    int latestVersion() const;
    /// The schema version of the compiled-in migrations.
    static int latestKnownVersion();

    /// Runs every migration above db's user_version, up to `upTo` (default:
    /// all). Throws StorageError: NewerSchema when the database is already
    /// above latestVersion() (nothing is changed), MigrationFailed when a step
    /// fails. Returns the number of migrations applied.
    int migrate(Database& db, int upTo = -1) const;

private:
    std::vector<EmbeddedMigration> migrations_;
};

} // namespace qiusuo::storage
