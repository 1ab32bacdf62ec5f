// qiusuo-cli history export / import, run as a process on real databases.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "tests/runprogram.h"
#include "tests/storage/export/exportfixture.h"

#include <gtest/gtest.h>

namespace qiusuo::storage {
namespace {

qiusuo::test::ProgramResult cli(std::vector<std::string> args)
{
    args.insert(args.begin(), "history");
    return qiusuo::test::runProgram(QIUSUO_CLI, args);
}

class HistoryExportCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::RichStore rich(dbPath);
        ids = rich.fill();
        for (const auto id : ids)
            uuids.push_back(rich.store.conversation(id).uuid);
    }

    test::TempDir dir;
    std::filesystem::path dbPath = dir / "a.db";
    std::vector<std::int64_t> ids;
    std::vector<std::string> uuids;
};

/// The export with its exported_at line taken out.
std::string withoutExportedAt(std::string json)
{
    const auto at = json.find("\"exported_at\"");
    return at == std::string::npos ? json : json.erase(at, json.find('\n', at) - at);
}

TEST_F(HistoryExportCli, JsonRoundTripThroughTheCommandLineIsIdentical)
{
    const auto out1 = dir / "all.json";
    auto r = cli({"export", "--all", "--format", "json", "--out", out1.string(), "--db", dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Exported 3 conversations"), std::string::npos) << r.output;
    const auto other = dir / "fresh" / "b.db"; // import creates the profile
    r = cli({"import", out1.string(), "--db", other.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Imported 3 conversations (8 messages)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Qiusuo format"), std::string::npos) << r.output;
    const auto out2 = dir / "again.json";
    r = cli({"export", "--all", "--format", "json", "--out", out2.string(), "--db", other.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(withoutExportedAt(test::readBytes(out1)), withoutExportedAt(test::readBytes(out2)));
    // Again: everything is already there.
    r = cli({"import", out1.string(), "--db", other.string()});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("Imported 0 conversations"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Skipped 3"), std::string::npos) << r.output;
}

TEST_F(HistoryExportCli, ExportsOneOrASelectionInEachFormat)
{
    auto r = cli({"export", uuids[0].substr(0, 8), "--format", "md", "--out", "-", "--db", dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.rfind("# 二次方程", 0), 0u) << r.output;
    EXPECT_NE(r.output.find("<details>"), std::string::npos);
    r = cli({"export", uuids[0], "--format", "md", "--no-reasoning", "--out", "-", "--db", dbPath.string()});
    EXPECT_EQ(r.output.find("<details>"), std::string::npos);
    const auto html = dir / "two.html";
    r = cli({"export", uuids[0], uuids[2], "--format", "html", "--out", html.string(), "--db", dbPath.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string page = test::readBytes(html);
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(page.find("<h1>Empty</h1>"), std::string::npos);
    EXPECT_EQ(page.find("Untitled conversation"), std::string::npos); // not selected
    EXPECT_FALSE(std::filesystem::exists(dir / "two.html.partial"));
}

TEST_F(HistoryExportCli, BadRequestsGetClearErrors)
{
    auto r = cli({"export", "--format", "json", "--out", "-", "--db", dbPath.string()});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("give conversation ids or --all"), std::string::npos) << r.output;
    r = cli({"export", "zzzzzzzz", "--format", "json", "--out", "-", "--db", dbPath.string()});
    EXPECT_EQ(r.exitCode, 1);
    r = cli({"export", "--all", "--format", "docx", "--out", "-", "--db", dbPath.string()});
    EXPECT_EQ(r.exitCode, 2);
    r = cli({"export", "--all", "--format", "json", "--out", (dir / "no" / "such" / "x.json").string(), "--db",
             dbPath.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("cannot write"), std::string::npos) << r.output;
    r = cli({"export", "--all", "--format", "json", "--out", "-", "--db", (dir / "none.db").string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("no database"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir / "none.db"));

    test::writeBytes(dir / "bad.json", "{\"format\": \"qiusuo-conversations\", \"version\": 99, \"conversations\": []}");
    r = cli({"import", (dir / "bad.json").string(), "--db", dbPath.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("newer Qiusuo"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Nothing was imported"), std::string::npos) << r.output;
    Database db = Database::open(dbPath);
    EXPECT_EQ(ConversationStore(db).listConversations({.includeArchived = true, .archivedOnly = false}).size(), 3u);
}

TEST_F(HistoryExportCli, ImportsChatGptExports)
{
    const auto r = cli({"import", std::string(QIUSUO_EXPORT_TESTDATA) + "/chatgpt-conversations.json", "--db",
                        (dir / "c.db").string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Imported 2 conversations (9 messages)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("ChatGPT format"), std::string::npos) << r.output;
}

} // namespace
} // namespace qiusuo::storage
