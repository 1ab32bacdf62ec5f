#include "storage/transaction.h"

#include "storage/database.h"

#include <sqlite3.h>

namespace qiusuo::storage {

Transaction::Transaction(Database& db) : db_(db)
{
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    // A destructor must not throw: ROLLBACK directly, ignoring its result
    // (it only fails when SQLite already rolled back by itself).
    if (!done_)
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace qiusuo::storage
