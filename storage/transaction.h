#pragma once
/// @brief RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK in the
/// destructor unless commit() was called. Nests: inside another transaction
/// it is a SAVEPOINT (so a caller can group many store calls, e.g. an import,
/// into one commit).

namespace qiusuo::storage {

class Database;

class Transaction {
public:
    /// Begins an IMMEDIATE transaction (takes the write lock now, so a busy
    /// database fails here, within the busy timeout, rather than mid-way),
    /// or a savepoint when one is already open on `db`.
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Commits; throws StorageError on failure (the transaction is then
    /// rolled back by the destructor).
    void commit();

private:
    Database& db_;
    bool nested_ = false;
    bool done_ = false;
};

} // namespace qiusuo::storage
