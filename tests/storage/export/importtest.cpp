// Import of bad and hostile files: a clear error naming the problem, and the
// database exactly as it was (one transaction).
#include "storage/importer.h"
#include "storage/storageerror.h"
#include "tests/storage/export/exportfixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace qiusuo::storage {
namespace {

using nlohmann::json;
constexpr std::int64_t kT = 1'700'000'000'000;

class Import : public ::testing::Test {
protected:
    void SetUp() override
    {
        ids = rich.fill();
        before = exportJson(rich.store, allConversationIds(rich.store), kT);
        valid = json::parse(exportJson(rich.store, {ids[0]}, kT));
        // Imported copies must not collide with what is already there.
        valid["conversations"][0]["uuid"] = "00000000-0000-4000-8000-000000000001";
    }

    /// Imports `text`; expects a refusal whose message has every one of
    /// `words`, and the database unchanged.
    void expectRefused(const std::string& text, std::vector<std::string> words, const ImportOptions& options = {})
    {
        try {
            importConversationsFromText(rich.db, text, "chats.json", options);
            ADD_FAILURE() << "accepted: " << text.substr(0, 200);
        } catch (const StorageError& e) {
            EXPECT_EQ(e.kind(), StorageError::Kind::InvalidArgument) << e.what();
            words.push_back("chats.json");
            words.push_back("Nothing was imported");
            for (const auto& w : words)
                EXPECT_NE(std::string(e.what()).find(w), std::string::npos) << "\"" << w << "\" not in: " << e.what();
        }
        EXPECT_EQ(exportJson(rich.store, allConversationIds(rich.store), kT), before);
    }

    std::string withMessage(const char* key, const json& value, std::size_t index = 1)
    {
        json copy = valid;
        copy["conversations"][0]["messages"][index][key] = value;
        return copy.dump();
    }

    test::TempDir dir;
    test::RichStore rich{dir / "a.db"};
    std::vector<std::int64_t> ids;
    std::string before;
    json valid;
};

TEST_F(Import, TheValidFixtureImports)
{
    const ImportResult r = importConversationsFromText(rich.db, valid.dump(), "chats.json");
    EXPECT_EQ(r.conversationsImported, 1);
    EXPECT_EQ(r.messagesImported, 7);
}

TEST_F(Import, RefusesWhatIsNotAnExport)
{
    expectRefused("", {"not valid JSON"});
    expectRefused("hello", {"not valid JSON"});
    expectRefused("{\"conversations\": []", {"not valid JSON"});
    expectRefused("{}", {"neither a Qiusuo export", "ChatGPT"});
    expectRefused("[1, 2]", {"neither"});
    expectRefused(R"({"format": "something-else", "conversations": []})", {"neither"});
}

TEST_F(Import, RefusesANewerOrMissingVersion)
{
    json copy = valid;
    copy["version"] = 2;
    expectRefused(copy.dump(), {"newer Qiusuo", "version 2"});
    copy["version"] = "1";
    expectRefused(copy.dump(), {"version"});
    copy.erase("version");
    expectRefused(copy.dump(), {"version"});
}

TEST_F(Import, RefusesInvalidUtf8WithItsPlace)
{
    std::string text = valid.dump();
    const auto at = text.find("Answer briefly");
    text[at] = '\xC0'; // an overlong lead byte
    expectRefused(text, {"not valid UTF-8", "offset " + std::to_string(at)});
    expectRefused("{\"format\": \"qiusuo-conversations\", \"x\": \"\xED\xA0\x80\"}", {"UTF-8"}); // a surrogate
}

TEST_F(Import, RefusesDeepNestingWithoutCrashing)
{
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    expectRefused(deep, {"nested more than 64 levels"});
    json copy = valid;
    json nested = json::object();
    for (int i = 0; i < 80; ++i)
        nested = json{{"n", nested}};
    copy["conversations"][0]["settings"] = nested;
    expectRefused(copy.dump(), {"nested"});
}

TEST_F(Import, RefusesFilesOverTheSizeLimit)
{
    ImportOptions small;
    small.maxFileBytes = 1000;
    expectRefused(valid.dump(), {"more than the 1 MB"}, small);
    test::writeBytes(dir / "big.json", valid.dump());
    EXPECT_THROW(importConversations(rich.db, dir / "big.json", small), StorageError);
    EXPECT_EQ(exportJson(rich.store, allConversationIds(rich.store), kT), before);
}

TEST_F(Import, RefusesBrokenTreesAndFields)
{
    expectRefused(withMessage("parent", 7), {"conversation 1", "message 2", "parent", "earlier message"});
    expectRefused(withMessage("parent", 2), {"message 2", "parent"}); // itself
    expectRefused(withMessage("id", 1), {"message 2", "used twice"});
    expectRefused(withMessage("active_child", 5, 0), {"message 1", "active_child", "not one of its replies"});
    expectRefused(withMessage("active_child", 99, 0), {"active_child", "99"});
    expectRefused(withMessage("role", "wizard"), {"message 2", "role", "wizard", "assistant"});
    expectRefused(withMessage("status", "done"), {"status", "done"});
    expectRefused(withMessage("content", 42), {"content", "should be text", "a number"});
    expectRefused(withMessage("created_at", "yesterday"), {"created_at", "yesterday", "UTC time"});
    json stats = {{"completion_tokens", -1}};
    expectRefused(withMessage("stats", stats), {"completion_tokens", "negative"});
    stats = {{"tokens_per_second", "fast"}};
    expectRefused(withMessage("stats", stats), {"tokens_per_second", "number"});

    json copy = valid;
    copy["conversations"][0]["uuid"] = "not-a-uuid";
    expectRefused(copy.dump(), {"uuid", "not-a-uuid"});
    copy = valid;
    copy["conversations"][0]["current_leaf"] = 42;
    expectRefused(copy.dump(), {"current_leaf"});
    copy = valid;
    copy["conversations"][0].erase("messages");
    expectRefused(copy.dump(), {"\"messages\" is missing"});
    copy = valid;
    copy["conversations"] = json::object();
    expectRefused(copy.dump(), {"conversations", "a list"});
    copy = valid;
    copy["conversations"].push_back(42);
    expectRefused(copy.dump(), {"conversation 2 is not an object"});
}

TEST_F(Import, AFailureWhileWritingRollsEverythingBack)
{
    // Two good conversations; the database refuses the second one's text
    // only when it is written, after the first was.
    json copy = valid;
    json second = valid["conversations"][0];
    second["uuid"] = "00000000-0000-4000-8000-000000000002";
    second["messages"][0]["content"] = "REFUSE ME";
    copy["conversations"].push_back(second);
    rich.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN new.content = 'REFUSE ME' "
                 "BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
    EXPECT_THROW(importConversationsFromText(rich.db, copy.dump(), "chats.json"), StorageError);
    EXPECT_EQ(exportJson(rich.store, allConversationIds(rich.store), kT), before);
}

TEST_F(Import, AMissingFileIsNamed)
{
    try {
        importConversations(rich.db, dir / "nope.json");
        FAIL();
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("nope.json"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos);
    }
}

TEST_F(Import, AcceptsAByteOrderMarkAndUnknownKeys)
{
    json copy = valid;
    copy["comment"] = "added by hand";
    copy["conversations"][0]["messages"][0]["future_field"] = {1, 2, 3};
    const ImportResult r = importConversationsFromText(rich.db, "\xEF\xBB\xBF" + copy.dump(), "chats.json");
    EXPECT_EQ(r.conversationsImported, 1);
}

} // namespace
} // namespace qiusuo::storage
