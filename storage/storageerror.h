#pragma once
/// @brief The storage layer's error type: a kind the app can branch on and a
/// message written for the user.

#include <stdexcept>
#include <string>

namespace qiusuo::storage {

/// Thrown by everything in qiusuo::storage for anything a user can meet.
/// what() is a complete sentence in plain words naming the file or the thing
/// at fault; kind() tells the app what it may offer (e.g. Corrupt: ask the
/// user whether to move the file aside with Database::moveAsideAndCreate()).
class StorageError : public std::runtime_error {
public:
    enum class Kind {
        CannotOpen,      ///< the file or its folder cannot be opened or created
        NotFound,        ///< the database file does not exist (createIfMissing = false)
        Corrupt,         ///< not an SQLite database, or damaged; the file was not changed
        NewerSchema,     ///< written by a newer Qiusuo; the file was not changed
        MigrationFailed, ///< an upgrade step failed and was rolled back
        Busy,            ///< another process held the database longer than the busy timeout
        NoSuchItem,      ///< a conversation or message id that does not exist
        InvalidArgument, ///< bad input from the caller (e.g. settings that are not JSON)
        Sql,             ///< any other SQLite failure (disk full, I/O error, ...)
    };

    StorageError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

} // namespace qiusuo::storage
