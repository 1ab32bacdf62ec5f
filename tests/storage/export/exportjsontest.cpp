// JSON export: structure, full fidelity, determinism and the lossless round
// trip through import into an empty profile.
#include "storage/exportjson.h"
#include "storage/importer.h"
#include "storage/storageerror.h"
#include "tests/storage/export/exportfixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace qiusuo::storage {
namespace {

using nlohmann::json;
constexpr std::int64_t kT1 = 1'700'000'000'000;
constexpr std::int64_t kT2 = 1'800'000'000'000;

class ExportJson : public ::testing::Test {
protected:
    test::TempDir dir;
    test::RichStore rich{dir / "a.db"};
    std::vector<std::int64_t> ids = rich.fill();
};

TEST_F(ExportJson, HoldsEveryBranchFieldAndStatistic)
{
    const json root = json::parse(exportJson(rich.store, ids, kT1));
    EXPECT_EQ(root["format"], "qiusuo-conversations");
    EXPECT_EQ(root["version"], 1);
    EXPECT_EQ(root["exported_at"], "2023-11-14T22:13:20.000Z");
    ASSERT_EQ(root["conversations"].size(), 3u);
    const json& chat = root["conversations"][0];
    const Conversation stored = rich.store.conversation(ids[0]);
    EXPECT_EQ(chat["uuid"], stored.uuid);
    EXPECT_EQ(chat["title"], "二次方程 and $x^2$ 🧮");
    EXPECT_EQ(chat["pinned"], true);
    EXPECT_EQ(chat["archived"], false);
    EXPECT_EQ(chat["model"], "deepseek-r1-distill-qwen-7b");
    EXPECT_EQ(chat["backend"], "local");
    EXPECT_EQ(chat["system_prompt"], "Answer briefly.\nUse LaTeX.");
    EXPECT_EQ(chat["settings"]["nested"]["a"][1], 2.5);
    const json& messages = chat["messages"];
    ASSERT_EQ(messages.size(), 7u);
    // Two roots (the edit), two answers to the first question.
    EXPECT_TRUE(messages[0]["parent"].is_null());
    EXPECT_EQ(messages[1]["parent"], 1);
    EXPECT_EQ(messages[2]["parent"], 1);
    EXPECT_TRUE(messages[5]["parent"].is_null());
    // Active path: 1 -> 3 -> 4 -> 5, as setActive(s) left it.
    EXPECT_EQ(messages[0]["active_child"], 3);
    EXPECT_EQ(messages[2]["active_child"], 4);
    EXPECT_EQ(chat["current_leaf"], 5);
    EXPECT_EQ(messages[2]["reasoning"], "因式分解：(x-2)(x-3)。");
    EXPECT_EQ(messages[2]["stats"]["completion_tokens"], 55);
    EXPECT_EQ(messages[2]["stats"]["tokens_per_second"], 18.5);
    EXPECT_EQ(messages[2]["stats"]["time_to_first_token_ms"], 250);
    EXPECT_EQ(messages[2]["stats"]["reasoning_duration_ms"], 1500);
    EXPECT_EQ(messages[4]["status"], "stopped");
    EXPECT_EQ(messages[6]["status"], "error");
    EXPECT_EQ(messages[6]["error"], "The server answered 503.");
    EXPECT_EQ(root["conversations"][1]["archived"], true);
    EXPECT_EQ(root["conversations"][2]["messages"].size(), 0u);
    EXPECT_TRUE(root["conversations"][2]["current_leaf"].is_null());
}

TEST_F(ExportJson, KeepsTheSettingsKeyOrder)
{
    const std::string text = exportJson(rich.store, {ids[0]}, kT1);
    EXPECT_LT(text.find("\"temperature\""), text.find("\"top_p\""));
    EXPECT_LT(text.find("\"z\""), text.find("\"a\""));
}

TEST_F(ExportJson, OnlyExportedAtDependsOnWhenItRuns)
{
    std::string a = exportJson(rich.store, ids, kT1);
    std::string b = exportJson(rich.store, ids, kT2);
    EXPECT_NE(a, b);
    const std::string ta = "\"exported_at\": \"2023-11-14T22:13:20.000Z\"";
    const std::string tb = "\"exported_at\": \"2027-01-15T08:00:00.000Z\"";
    ASSERT_NE(a.find(ta), std::string::npos);
    ASSERT_NE(b.find(tb), std::string::npos);
    a.replace(a.find(ta), ta.size(), "X");
    b.replace(b.find(tb), tb.size(), "X");
    EXPECT_EQ(a, b);
    // The selection's order does not matter either.
    EXPECT_EQ(exportJson(rich.store, {ids[2], ids[0], ids[1], ids[0]}, kT1), exportJson(rich.store, ids, kT1));
}

TEST_F(ExportJson, RoundTripThroughAnEmptyProfileIsByteIdentical)
{
    const std::string first = exportJson(rich.store, ids, kT1);
    test::writeBytes(dir / "export.json", first);
    test::RichStore other{dir / "b.db"};
    const ImportResult result = importConversations(other.db, dir / "export.json");
    EXPECT_EQ(result.format, "Qiusuo");
    EXPECT_EQ(result.conversationsImported, 3);
    EXPECT_EQ(result.messagesImported, 8);
    const std::string second = exportJson(other.store, allConversationIds(other.store), kT1);
    EXPECT_EQ(first, second);

    // The imported store works like the original: same active path, search
    // finds imported text (the index triggers ran), flags and settings kept.
    const Conversation c = other.store.conversationByUuid(rich.store.conversation(ids[0]).uuid);
    const auto pathA = rich.store.activePath(ids[0]);
    const auto pathB = other.store.activePath(c.id);
    ASSERT_EQ(pathA.size(), pathB.size());
    for (std::size_t i = 0; i < pathA.size(); ++i) {
        EXPECT_EQ(pathA[i].content, pathB[i].content);
        EXPECT_EQ(pathA[i].createdAt, pathB[i].createdAt);
    }
    EXPECT_EQ(c.settingsJson, rich.store.conversation(ids[0]).settingsJson);
    EXPECT_TRUE(c.pinned);
    EXPECT_EQ(other.store.search("因式分解").size(), 2u); // both answers' reasoning
    EXPECT_EQ(other.db.integrityCheck(), "ok");
}

TEST_F(ExportJson, ImportingTheSameFileTwiceAddsNothing)
{
    test::writeBytes(dir / "export.json", exportJson(rich.store, ids, kT1));
    const ImportResult again = importConversations(rich.db, dir / "export.json");
    EXPECT_EQ(again.conversationsImported, 0);
    EXPECT_EQ(again.skippedTitles.size(), 3u);
    EXPECT_EQ(rich.store.listConversations({.includeArchived = true, .archivedOnly = false}).size(), 3u);
}

TEST_F(ExportJson, ExportsASelectionAndRefusesUnknownIds)
{
    const json one = json::parse(exportJson(rich.store, {ids[1]}, kT1));
    ASSERT_EQ(one["conversations"].size(), 1u);
    EXPECT_EQ(one["conversations"][0]["messages"][0]["role"], "system");
    try {
        exportJson(rich.store, {ids[0], 9999}, kT1);
        FAIL() << "an unknown id was exported";
    } catch (const StorageError& e) {
        EXPECT_EQ(e.kind(), StorageError::Kind::NoSuchItem);
    }
}

TEST_F(ExportJson, ReplacesInvalidUtf8InsteadOfFailing)
{
    const auto c = rich.store.createConversation("bad \xff bytes");
    const json root = json::parse(exportJson(rich.store, {c.id}, kT1));
    EXPECT_EQ(root["conversations"][0]["title"], "bad \xEF\xBF\xBD bytes");
}

} // namespace
} // namespace qiusuo::storage
