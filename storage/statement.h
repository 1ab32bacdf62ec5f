#pragma once
/// @brief RAII prepared statement over sqlite3_stmt: bind by 1-based index,
/// step, read columns. Text is passed and returned byte-exact (no UTF-8
/// validation), so invalid UTF-8 survives a round trip.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace qiusuo::storage {

class Statement {
public:
    /// Prepares `sql` on `db`; throws StorageError on a syntax or schema error.
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& bind(int index, double value);
    /// Binds TEXT (copied by SQLite; `value` need not outlive the call).
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bindNull(int index);
    /// Binds the value, or NULL when empty.
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    /// Runs one step: true when a row is ready to read, false when done.
    /// Throws StorageError (Busy, Corrupt, Sql, ...) on failure.
    bool step();
    /// Steps until done (for INSERT/UPDATE/DELETE); throws on failure.
    void run();
    /// Makes the statement ready to run again; bindings are cleared too.
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    /// The column's bytes as stored (NULL reads as "").
    std::string text(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<std::string> optionalText(int column) const;

    sqlite3_stmt* handle() const noexcept { return stmt_; }

private:
    [[noreturn]] void fail(int rc, const char* what) const;

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace qiusuo::storage
