#include "storage/transaction.h"

#include "storage/database.h"

#include <sqlite3.h>

namespace qiusuo::storage {

Transaction::Transaction(Database& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0)
{
    // Inside another transaction a savepoint nests: its rollback undoes only
    // its own work, and its commit becomes durable with the outer one.
    db_.exec(nested_ ? "SAVEPOINT qiusuo_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    // A destructor must not throw: roll back directly, ignoring the result
    // (it only fails when SQLite already rolled back by itself).
    if (done_)
        return;
    if (nested_)
        sqlite3_exec(db_.handle(), "ROLLBACK TO qiusuo_nested; RELEASE qiusuo_nested", nullptr, nullptr, nullptr);
    else
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    db_.exec(nested_ ? "RELEASE qiusuo_nested" : "COMMIT");
    done_ = true;
}

} // namespace qiusuo::storage
