// Migrations: every earlier schema upgrades to the latest with its data
// intact; a failing step rolls back and stops.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/embeddedmigrations.h"
#include "storage/migrator.h"
#include "storage/storageerror.h"
#include "tests/storage/tempdir.h"

#include <gtest/gtest.h>

namespace qiusuo::storage {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::vector<EmbeddedMigration> firstMigrations(int count)
{
    const auto& all = embeddedMigrations();
    return {all.begin(), all.begin() + count};
}

Database openUnmigrated(const fs::path& path)
{
    OpenOptions o;
    o.migrate = false;
    return Database::open(path, o);
}

bool tableExists(Database& db, const char* name)
{
    Statement s = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = ?1");
    s.bind(1, name);
    return s.step();
}

TEST(Migrator, EmbeddedMigrationsAreNumberedFromOneWithoutGaps)
{
    const auto& all = embeddedMigrations();
    ASSERT_GE(all.size(), 2u);
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].version, static_cast<int>(i) + 1) << all[i].name;
        EXPECT_FALSE(all[i].sql.empty()) << all[i].name;
    }
    EXPECT_EQ(Migrator().latestVersion(), Migrator::latestKnownVersion());
}

// From every earlier schema k (0 = a new file): build it with migrations
// 1..k, store data the way that schema holds it, open normally (which
// migrates to the latest), and check the data and the features of the
// newer schemas.
TEST(Migrator, EveryEarlierSchemaUpgradesWithItsData)
{
    const int latest = Migrator::latestKnownVersion();
    for (int k = 0; k < latest; ++k) {
        SCOPED_TRACE("from schema " + std::to_string(k));
        TempDir dir;
        const fs::path path = dir / "q.db";
        {
            Database db = openUnmigrated(path);
            EXPECT_EQ(Migrator(firstMigrations(k)).migrate(db), k);
            EXPECT_EQ(db.userVersion(), k);
            if (k >= 1) {
                // Schema 1's tables, written with plain SQL as that version would.
                db.exec("INSERT INTO conversations (id, uuid, title, created_at, updated_at, pinned, settings,"
                        " current_leaf_id) VALUES (1, 'aaaaaaaa-0000-4000-8000-000000000001', '旧的对话', 10, 20, 1,"
                        " '{\"temperature\":0.6}', NULL)");
                db.exec("INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at, updated_at)"
                        " VALUES (1, 1, NULL, 'user', '什么是深度学习？', 11, 11)");
                db.exec("INSERT INTO messages (id, conversation_id, parent_id, role, content, reasoning, status,"
                        " model, completion_tokens, tokens_per_second, created_at, updated_at) VALUES (2, 1, 1,"
                        " 'assistant', 'Deep learning uses neural networks.', '用户问的是概念', 'complete',"
                        " 'deepseek-r1', 42, 17.5, 12, 13)");
                db.exec("UPDATE messages SET active_child_id = 2 WHERE id = 1;"
                        "UPDATE conversations SET current_leaf_id = 2 WHERE id = 1");
            }
        }
        Database db = Database::open(path);
        EXPECT_EQ(db.userVersion(), latest);
        EXPECT_EQ(db.integrityCheck(), "ok");
        ConversationStore store(db);
        if (k == 0) {
            EXPECT_TRUE(store.listConversations().empty());
            continue;
        }
        const auto list = store.listConversations();
        ASSERT_EQ(list.size(), 1u);
        EXPECT_EQ(list[0].title, "旧的对话");
        EXPECT_TRUE(list[0].pinned);
        EXPECT_EQ(list[0].settingsJson, "{\"temperature\":0.6}");
        const auto path2 = store.activePath(1);
        ASSERT_EQ(path2.size(), 2u);
        EXPECT_EQ(path2[0].content, "什么是深度学习？");
        EXPECT_EQ(path2[1].reasoning, "用户问的是概念");
        EXPECT_EQ(path2[1].stats.completionTokens, 42);
        EXPECT_DOUBLE_EQ(path2[1].stats.tokensPerSecond.value_or(0), 17.5);
        // Schema 2 indexed what schema 1 held.
        const auto hits = store.search("深度学习");
        ASSERT_EQ(hits.size(), 1u);
        EXPECT_EQ(hits[0].messageId, 1);
        EXPECT_EQ(store.search("neural networks").size(), 1u);
        EXPECT_EQ(store.search("概念").size(), 1u);
    }
}

TEST(Migrator, UpToStopsAtTheGivenVersion)
{
    TempDir dir;
    Database db = openUnmigrated(dir / "q.db");
    EXPECT_EQ(Migrator().migrate(db, 1), 1);
    EXPECT_EQ(db.userVersion(), 1);
    EXPECT_TRUE(tableExists(db, "messages"));
    EXPECT_FALSE(tableExists(db, "messages_fts"));
    EXPECT_EQ(Migrator().migrate(db), Migrator::latestKnownVersion() - 1);
    EXPECT_TRUE(tableExists(db, "messages_fts"));
    EXPECT_EQ(Migrator().migrate(db), 0); // nothing left to do
}

TEST(Migrator, FailingMigrationRollsBackAndStops)
{
    TempDir dir;
    Database db = openUnmigrated(dir / "q.db");
    auto migrations = firstMigrations(1);
    migrations.push_back({2, "0002_half_done", "CREATE TABLE half_done(x INTEGER) STRICT;"
                                               " INSERT INTO no_such_table VALUES (1);"});
    migrations.push_back({3, "0003_never_reached", "CREATE TABLE never_reached(x INTEGER) STRICT;"});
    try {
        Migrator(migrations).migrate(db);
        FAIL() << "the broken migration did not fail";
    } catch (const StorageError& e) {
        EXPECT_EQ(e.kind(), StorageError::Kind::MigrationFailed);
        const std::string message = e.what();
        EXPECT_NE(message.find("schema 2 (0002_half_done)"), std::string::npos) << message;
        EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
        EXPECT_NE(message.find("still at schema 1"), std::string::npos) << message;
    }
    EXPECT_EQ(db.userVersion(), 1);
    EXPECT_TRUE(tableExists(db, "conversations"));
    EXPECT_FALSE(tableExists(db, "half_done"));
    EXPECT_FALSE(tableExists(db, "never_reached"));
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(Migrator, GapInNumbersIsRefused)
{
    TempDir dir;
    Database db = openUnmigrated(dir / "q.db");
    std::vector<EmbeddedMigration> gappy{{1, "0001_a", "CREATE TABLE a(x INTEGER) STRICT;"},
                                         {3, "0003_c", "CREATE TABLE c(x INTEGER) STRICT;"}};
    try {
        Migrator(gappy).migrate(db);
        FAIL() << "gap accepted";
    } catch (const StorageError& e) {
        EXPECT_EQ(e.kind(), StorageError::Kind::MigrationFailed);
    }
    EXPECT_EQ(db.userVersion(), 0);
    EXPECT_FALSE(tableExists(db, "a"));
}

TEST(Migrator, DatabaseNewerThanTheMigrationsIsRefusedUnchanged)
{
    TempDir dir;
    Database db = openUnmigrated(dir / "q.db");
    Migrator().migrate(db);
    try {
        Migrator(firstMigrations(1)).migrate(db);
        FAIL() << "newer schema accepted";
    } catch (const StorageError& e) {
        EXPECT_EQ(e.kind(), StorageError::Kind::NewerSchema);
        EXPECT_NE(std::string(e.what()).find("this version knows up to 1"), std::string::npos) << e.what();
    }
    EXPECT_EQ(db.userVersion(), Migrator::latestKnownVersion());
}

} // namespace
} // namespace qiusuo::storage
