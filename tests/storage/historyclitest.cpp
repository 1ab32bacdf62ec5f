// qiusuo-cli history list | show | search, run as a process on a temporary
// database written through the store.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "tests/runprogram.h"
#include "tests/storage/tempdir.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qiusuo::storage {
namespace {

/// Runs `qiusuo-cli history ARGS...` (no shell), with QIUSUO_DATA_DIR when given.
qiusuo::test::ProgramResult runCli(std::vector<std::string> args, const std::string& dataDir = {})
{
    args.insert(args.begin(), "history");
    std::vector<std::pair<std::string, std::string>> env;
    if (!dataDir.empty())
        env.emplace_back("QIUSUO_DATA_DIR", dataDir);
    return qiusuo::test::runProgram(QIUSUO_CLI, args, env);
}

class HistoryCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        Database db = Database::open(dbPath);
        ConversationStore store(db);
        chat = store.createConversation("深度学习入门");
        store.setModelAndBackend(chat.id, "deepseek-r1", "local");
        store.setSystemPrompt(chat.id, "Answer briefly.");
        NewMessage q;
        q.content = "什么是深度学习？";
        const auto u = store.appendMessage(chat.id, std::nullopt, q);
        NewMessage a;
        a.role = MessageRole::Assistant;
        a.content = "First answer about neural networks.";
        store.appendMessage(chat.id, u, a);
        a.content = "Deep learning trains many-layered neural networks.";
        a.reasoning = "用户想要一个简短的定义。";
        a.model = "deepseek-r1";
        a.stats = {10, 42, 18.5, 250, 1500};
        store.appendMessage(chat.id, u, a);
        other = store.createConversation("Archived notes");
        NewMessage n;
        n.content = "Remember the WAL checkpoint.";
        store.appendMessage(other.id, std::nullopt, n);
        store.setArchived(other.id, true);
    }

    test::TempDir dir;
    std::filesystem::path dbPath = dir / "qiusuo.db";
    Conversation chat, other;
};

TEST_F(HistoryCli, ListShowsConversationsAndHidesArchivedUnlessAll)
{
    const auto r = runCli({"list", "--db", dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find(chat.uuid.substr(0, 8)), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("深度学习入门"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("Archived notes"), std::string::npos) << r.output;
    const auto all = runCli({"list", "--all", "--db", dbPath.string()});
    EXPECT_NE(all.output.find("Archived notes"), std::string::npos) << all.output;
    EXPECT_NE(all.output.find("[archived]"), std::string::npos) << all.output;
}

TEST_F(HistoryCli, DefaultDatabaseIsInTheDataDir)
{
    const auto r = runCli({"list"}, dir.path().string());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("深度学习入门"), std::string::npos) << r.output;
}

TEST_F(HistoryCli, ShowPrintsTheActivePathWithReasoningAndStats)
{
    const auto r = runCli({"show", chat.uuid.substr(0, 6), "--db", dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("# 深度学习入门"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Answer briefly."), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("## User"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("## Assistant (version 2 of 2)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("[reasoning, 1.5 s]\n> 用户想要一个简短的定义。"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Deep learning trains many-layered neural networks."), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("First answer"), std::string::npos) << "inactive branch shown:\n" << r.output;
    EXPECT_NE(r.output.find("42 tokens"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("18.5 tokens/s"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("first token 250 ms"), std::string::npos) << r.output;
    EXPECT_EQ(runCli({"show", chat.uuid, "--db", dbPath.string()}).exitCode, 0);
}

TEST_F(HistoryCli, ShowUnknownOrTooShortIdFailsClearly)
{
    const auto none = runCli({"show", "ffffffff", "--db", dbPath.string()});
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_NE(none.output.find("no conversation whose id starts with 'ffffffff'"), std::string::npos)
        << none.output;
    const auto shortId = runCli({"show", "ab", "--db", dbPath.string()});
    EXPECT_EQ(shortId.exitCode, 1);
    EXPECT_NE(shortId.output.find("at least 4 characters"), std::string::npos) << shortId.output;
    EXPECT_EQ(runCli({"show", "--db", dbPath.string()}).exitCode, 2); // id missing
}

TEST_F(HistoryCli, SearchFindsChineseEnglishAndHostileText)
{
    auto r = runCli({"search", "深度学习", "--db", dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("«深度学习»"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(chat.uuid.substr(0, 8)), std::string::npos) << r.output;
    r = runCli({"search", "神经", "--db", dbPath.string()}); // 2 characters: no match, no error
    EXPECT_EQ(r.exitCode, 0) << r.output;
    r = runCli({"search", "neural", "networks", "--db", dbPath.string()});
    EXPECT_NE(r.output.find("«neural» «networks»"), std::string::npos) << r.output;
    r = runCli({"search", "checkpoint", "--db", dbPath.string()}); // archived conversations are searched too
    EXPECT_NE(r.output.find("Archived notes"), std::string::npos) << r.output;
    for (const char* hostile : {"\"", "NEAR(", "-foo", "zz OR", "*", "%", "_"}) {
        // "--" ends the options, so a query may start with "-".
        r = runCli({"search", "--db", dbPath.string(), "--", hostile});
        EXPECT_EQ(r.exitCode, 0) << hostile << ": " << r.output;
        EXPECT_NE(r.output.find("No messages match"), std::string::npos) << hostile << ": " << r.output;
    }
}

TEST(HistoryCliNoDatabase, MissingDatabaseIsReportedAndNotCreated)
{
    test::TempDir dir;
    const auto path = dir / "absent.db";
    auto r = runCli({"list", "--db", path.string()});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("No conversations yet"), std::string::npos) << r.output;
    r = runCli({"search", "anything", "--db", path.string()});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("No conversations yet"), std::string::npos) << r.output;
    r = runCli({"show", "abcd", "--db", path.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("no database at"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(HistoryCliNoDatabase, CorruptDatabaseIsReportedAndLeftAlone)
{
    test::TempDir dir;
    const auto path = dir / "qiusuo.db";
    const std::string garbage(4096, '\x5a');
    test::writeBytes(path, garbage);
    const auto r = runCli({"list", "--db", path.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("not a readable Qiusuo database"), std::string::npos) << r.output;
    EXPECT_EQ(test::readBytes(path), garbage);
}

} // namespace
} // namespace qiusuo::storage
