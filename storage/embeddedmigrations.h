#pragma once
/// @brief The schema migrations compiled in from resources/sql (generated).

#include <string_view>
#include <vector>

namespace qiusuo::storage {

struct EmbeddedMigration {
    int version;            ///< the file's number; PRAGMA user_version after it runs
    std::string_view name;  ///< the file name without .sql
    std::string_view sql;   ///< the statements, run in one transaction
};

/// All migrations, sorted by version (1, 2, ...).
const std::vector<EmbeddedMigration>& embeddedMigrations();

} // namespace qiusuo::storage
