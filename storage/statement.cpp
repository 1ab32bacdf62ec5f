#include "storage/statement.h"

#include "storage/storageerror.h"

#include <sqlite3.h>

#include <utility>

namespace qiusuo::storage {

namespace {

StorageError::Kind kindFor(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return StorageError::Kind::Busy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return StorageError::Kind::Corrupt;
    case SQLITE_CANTOPEN:
        return StorageError::Kind::CannotOpen;
    default:
        return StorageError::Kind::Sql;
    }
}

StorageError errorFor(sqlite3* db, int rc, const char* what, const std::string& detail)
{
    const char* file = sqlite3_db_filename(db, "main");
    return StorageError(kindFor(rc), std::string("Could not ") + what + " on the database " +
                                         (file && *file ? file : "(in memory)") + ": " + detail + ".");
}

} // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db)
{
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK)
        fail(rc, "prepare a statement");
}

Statement::~Statement()
{
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr))
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "bind a value");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    if (const int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "bind a value");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    // sqlite3_bind_text64 with an explicit length keeps embedded NULs and
    // stores the bytes unchanged, valid UTF-8 or not. data() of an empty view
    // may be null, which SQLite would bind as NULL: pass "" instead.
    const char* data = value.empty() ? "" : value.data();
    const int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK)
        fail(rc, "bind a text value");
    return *this;
}

Statement& Statement::bindNull(int index)
{
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK)
        fail(rc, "bind a value");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    // Read the message first: resetting leaves the statement reusable but
    // may replace it.
    const std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    throw errorFor(db_, rc, "run a statement", message);
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const
{
    // Pointer first, then the byte count (SQLite's documented order).
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

std::optional<double> Statement::optionalReal(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return real(column);
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

void Statement::fail(int rc, const char* what) const
{
    throw errorFor(db_, rc, what, sqlite3_errmsg(db_));
}

} // namespace qiusuo::storage
