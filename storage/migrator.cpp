#include "storage/migrator.h"

#include "storage/database.h"
#include "storage/storageerror.h"
#include "storage/transaction.h"

#include <string>
#include <utility>

namespace qiusuo::storage {

Migrator::Migrator() : migrations_(embeddedMigrations()) {}

Migrator::Migrator(std::vector<EmbeddedMigration> migrations) : migrations_(std::move(migrations)) {}

int Migrator::latestVersion() const
{
    return migrations_.empty() ? 0 : migrations_.back().version;
}

int Migrator::latestKnownVersion()
{
    const auto& all = embeddedMigrations();
    return all.empty() ? 0 : all.back().version;
}

int Migrator::migrate(Database& db, int upTo) const
{
    const auto u8 = db.path().u8string();
    const std::string where(u8.begin(), u8.end());
    for (std::size_t i = 0; i < migrations_.size(); ++i) {
        if (migrations_[i].version != static_cast<int>(i) + 1)
            throw StorageError(StorageError::Kind::MigrationFailed,
                               "The built-in schema migrations are not numbered 1, 2, 3, ... (found " +
                                   std::string(migrations_[i].name) + "); this build of Qiusuo is broken.");
    }
    const int current = db.userVersion();
    const int latest = latestVersion();
    if (current > latest)
        throw StorageError(StorageError::Kind::NewerSchema,
                           "The database " + where + " was written by a newer version of Qiusuo (schema " +
                               std::to_string(current) + "; this version knows up to " + std::to_string(latest) +
                               "). Update Qiusuo to open it; the file was not changed.");
    const int target = upTo < 0 || upTo > latest ? latest : upTo;
    int applied = 0;
    for (const auto& m : migrations_) {
        if (m.version <= current || m.version > target)
            continue;
        try {
            Transaction tx(db);
            db.exec(m.sql);
            // PRAGMA takes no bound parameters; the version is our own integer.
            db.exec("PRAGMA user_version = " + std::to_string(m.version));
            tx.commit();
        } catch (const StorageError& e) {
            throw StorageError(StorageError::Kind::MigrationFailed,
                               "Could not upgrade the database " + where + " to schema " +
                                   std::to_string(m.version) + " (" + std::string(m.name) + "): " + e.what() +
                                   " The upgrade was undone; the database is still at schema " +
                                   std::to_string(m.version - 1) + ".");
        }
        ++applied;
    }
    return applied;
}

} // namespace qiusuo::storage
