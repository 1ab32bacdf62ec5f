// Database, Statement, Transaction: opening, pragmas, refusing files it must
// not touch, moving a damaged file aside.
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/storageerror.h"
#include "storage/transaction.h"
#include "tests/storage/tempdir.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

namespace qiusuo::storage {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string pragmaText(Database& db, const char* sql)
{
    Statement s = db.prepare(sql);
    EXPECT_TRUE(s.step());
    return s.text(0);
}

StorageError::Kind openErrorKind(const fs::path& path, std::string* message = nullptr, const OpenOptions& o = {})
{
    try {
        Database::open(path, o);
    } catch (const StorageError& e) {
        if (message)
            *message = e.what();
        return e.kind();
    }
    ADD_FAILURE() << "opening " << path << " did not fail";
    return StorageError::Kind::Sql;
}

TEST(Database, CreatesFolderAndFileWithWalForeignKeysAndLatestSchema)
{
    TempDir dir;
    const fs::path path = dir / "nested/deeper/qiusuo.db";
    Database db = Database::open(path);
    EXPECT_TRUE(fs::exists(path));
    EXPECT_EQ(pragmaText(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragmaText(db, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(pragmaText(db, "PRAGMA busy_timeout"), "5000");
    EXPECT_EQ(pragmaText(db, "PRAGMA synchronous"), "1"); // NORMAL
    EXPECT_EQ(db.userVersion(), Migrator::latestKnownVersion());
    EXPECT_GE(Migrator::latestKnownVersion(), 2);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(Database, TablesAreStrict)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    for (const char* table : {"conversations", "messages"}) {
        Statement s = db.prepare("SELECT strict FROM pragma_table_list WHERE name = ?1");
        s.bind(1, table);
        ASSERT_TRUE(s.step()) << table;
        EXPECT_EQ(s.int64(0), 1) << table;
    }
    // A STRICT table rejects text in an INTEGER column instead of storing it.
    EXPECT_THROW(db.exec("INSERT INTO conversations (uuid, created_at, updated_at) VALUES ('u', 'yesterday', 0)"),
                 StorageError);
}

TEST(Database, ForeignKeysAreEnforced)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    EXPECT_THROW(db.exec("INSERT INTO messages (conversation_id, role, created_at, updated_at)"
                         " VALUES (999, 'user', 0, 0)"),
                 StorageError);
}

TEST(Database, MissingFileWithoutCreateIsNotFoundAndNothingIsCreated)
{
    TempDir dir;
    OpenOptions o;
    o.createIfMissing = false;
    std::string message;
    EXPECT_EQ(openErrorKind(dir / "none.db", &message, o), StorageError::Kind::NotFound);
    EXPECT_NE(message.find("none.db"), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(dir / "none.db"));
}

TEST(Database, NewerSchemaIsRefusedAndFileIsByteIdentical)
{
    TempDir dir;
    const fs::path path = dir / "newer.db";
    {
        Database db = Database::open(path);
        db.exec("PRAGMA user_version = 7");
    }
    ASSERT_FALSE(fs::exists(dir / "newer.db-wal")); // checkpointed on close
    const std::string before = test::readBytes(path);
    std::string message;
    EXPECT_EQ(openErrorKind(path, &message), StorageError::Kind::NewerSchema);
    EXPECT_NE(message.find("newer version of Qiusuo (schema 7; this version knows up to " +
                           std::to_string(Migrator::latestKnownVersion()) + ")"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("not changed"), std::string::npos) << message;
    EXPECT_EQ(test::readBytes(path), before);
}

TEST(Database, NewerSchemaInRollbackJournalModeStaysInThatMode)
{
    // Setting WAL rewrites the header; a refused file must not get even that.
    TempDir dir;
    const fs::path path = dir / "old-mode.db";
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE t(x); PRAGMA user_version = 99;", nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    const std::string before = test::readBytes(path);
    EXPECT_EQ(openErrorKind(path), StorageError::Kind::NewerSchema);
    EXPECT_EQ(test::readBytes(path), before);
    EXPECT_FALSE(fs::exists(dir / "old-mode.db-wal"));
}

TEST(Database, GarbageFileIsReportedAsCorruptAndNotOverwritten)
{
    TempDir dir;
    const fs::path path = dir / "qiusuo.db";
    std::string garbage;
    for (int i = 0; i < 8192; ++i)
        garbage += static_cast<char>((i * 7919 + 13) % 251);
    test::writeBytes(path, garbage);
    std::string message;
    EXPECT_EQ(openErrorKind(path, &message), StorageError::Kind::Corrupt);
    EXPECT_NE(message.find("qiusuo.db"), std::string::npos) << message;
    EXPECT_NE(message.find("not changed"), std::string::npos) << message;
    EXPECT_EQ(test::readBytes(path), garbage);
    // Twice: reporting it leaves nothing behind that changes the answer.
    EXPECT_EQ(openErrorKind(path), StorageError::Kind::Corrupt);
    EXPECT_EQ(test::readBytes(path), garbage);
}

TEST(Database, TextFileIsCorrupt)
{
    TempDir dir;
    const fs::path path = dir / "notes.db";
    const std::string text(600, 'x');
    test::writeBytes(path, text);
    EXPECT_EQ(openErrorKind(path), StorageError::Kind::Corrupt);
    EXPECT_EQ(test::readBytes(path), text);
}

TEST(Database, ForeignSqliteDatabaseIsRefusedUntouched)
{
    TempDir dir;
    const fs::path path = dir / "other-app.db";
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE photos(id INTEGER PRIMARY KEY)", nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    const std::string before = test::readBytes(path);
    std::string message;
    EXPECT_EQ(openErrorKind(path, &message), StorageError::Kind::Corrupt);
    EXPECT_NE(message.find("not one Qiusuo wrote"), std::string::npos) << message;
    EXPECT_EQ(test::readBytes(path), before);
}

TEST(Database, MoveAsideKeepsTheOldBytesAndStartsAnEmptyDatabase)
{
    TempDir dir;
    const fs::path path = dir / "qiusuo.db";
    const std::string garbage = "definitely not SQLite\n" + std::string(5000, '\x7f');
    test::writeBytes(path, garbage);
    test::writeBytes(dir / "qiusuo.db-wal", "stale wal");
    auto moved = Database::moveAsideAndCreate(path);
    EXPECT_EQ(moved.movedTo.parent_path(), dir.path());
    EXPECT_EQ(moved.movedTo.filename().string().rfind("qiusuo.db.corrupt-", 0), 0u) << moved.movedTo;
    EXPECT_EQ(test::readBytes(moved.movedTo), garbage);
    EXPECT_EQ(test::readBytes(fs::path(moved.movedTo.string() + "-wal")), "stale wal");
    EXPECT_EQ(moved.database.userVersion(), Migrator::latestKnownVersion());
    EXPECT_EQ(moved.database.integrityCheck(), "ok");

    // A second corrupt file in the same second gets its own name.
    moved.database = Database::open(dir / "scratch.db");
    test::writeBytes(path, garbage);
    auto again = Database::moveAsideAndCreate(path);
    EXPECT_NE(again.movedTo, moved.movedTo);
    EXPECT_EQ(test::readBytes(again.movedTo), garbage);
}

TEST(Transaction, RollsBackUnlessCommitted)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    db.exec("CREATE TABLE t(x INTEGER) STRICT");
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
    }
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    Statement s = db.prepare("SELECT group_concat(x) FROM t");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), "2");
}

TEST(Transaction, NestsAsSavepoints)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    db.exec("CREATE TABLE t(x INTEGER) STRICT");
    {
        Transaction outer(db);
        db.exec("INSERT INTO t VALUES (1)");
        {
            Transaction inner(db); // rolled back alone
            db.exec("INSERT INTO t VALUES (2)");
        }
        {
            Transaction inner(db);
            db.exec("INSERT INTO t VALUES (3)");
            inner.commit();
        }
        outer.commit();
    }
    {
        Transaction outer(db); // undoes its committed inner savepoint too
        Transaction inner(db);
        db.exec("INSERT INTO t VALUES (4)");
        inner.commit();
    }
    Statement s = db.prepare("SELECT group_concat(x) FROM t");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), "1,3");
}

TEST(Statement, TextIsByteExactIncludingNulAndInvalidUtf8)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    const std::string bytes("a\0b\xff\xfe\xc3(\xed\xa0\x80z", 11);
    Statement s = db.prepare("SELECT ?1, length(CAST(?1 AS BLOB))");
    s.bind(1, std::string_view(bytes));
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), bytes);
    EXPECT_EQ(s.int64(1), 11);
}

TEST(Statement, SyntaxErrorThrowsStorageErrorWithMessage)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    try {
        db.prepare("SELEC nonsense");
        FAIL() << "no exception";
    } catch (const StorageError& e) {
        EXPECT_EQ(e.kind(), StorageError::Kind::Sql);
        EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
    }
}

TEST(Database, CachedStatementIsResetBetweenUses)
{
    TempDir dir;
    Database db = Database::open(dir / "q.db");
    Statement& a = db.cached("SELECT ?1 + 1");
    a.bind(1, 41);
    ASSERT_TRUE(a.step());
    EXPECT_EQ(a.int64(0), 42);
    Statement& b = db.cached("SELECT ?1 + 1");
    EXPECT_EQ(&a, &b);
    ASSERT_TRUE(b.step()); // bindings cleared: NULL + 1 is NULL
    EXPECT_TRUE(b.isNull(0));
}

TEST(Database, SecondConnectionWaitsThenReportsBusy)
{
    TempDir dir;
    Database writer = Database::open(dir / "q.db");
    OpenOptions quick;
    quick.busyTimeoutMs = 50;
    Database other = Database::open(dir / "q.db", quick);
    Transaction tx(writer);
    try {
        Transaction blocked(other);
        FAIL() << "second writer got the lock";
    } catch (const StorageError& e) {
        EXPECT_EQ(e.kind(), StorageError::Kind::Busy) << e.what();
    }
}

} // namespace
} // namespace qiusuo::storage
