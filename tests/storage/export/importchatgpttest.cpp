// Import of ChatGPT's conversations.json: its mapping tree becomes our
// branches, hidden and bookkeeping nodes are left out, thoughts become the
// answer's reasoning.
#include "storage/importer.h"
#include "storage/storageerror.h"
#include "tests/storage/export/exportfixture.h"

#include <gtest/gtest.h>

namespace qiusuo::storage {
namespace {

const std::filesystem::path kFixture = std::filesystem::path(QIUSUO_EXPORT_TESTDATA) / "chatgpt-conversations.json";

class ImportChatGpt : public ::testing::Test {
protected:
    test::TempDir dir;
    Database db = Database::open(dir / "q.db");
    ConversationStore store{db};
};

std::vector<std::string> contents(const std::vector<Message>& messages)
{
    std::vector<std::string> out;
    for (const auto& m : messages)
        out.push_back(m.content);
    return out;
}

TEST_F(ImportChatGpt, MappingTreeBecomesBranches)
{
    const ImportResult r = importConversations(db, kFixture);
    EXPECT_EQ(r.format, "ChatGPT");
    EXPECT_EQ(r.conversationsImported, 2);
    EXPECT_EQ(r.messagesImported, 9);

    const Conversation c = store.conversationByUuid("6a1b2c3d-0000-4000-8000-00000000abcd");
    EXPECT_EQ(c.title, "Pythagoras");
    EXPECT_EQ(c.createdAt, 1'700'000'000'250);
    EXPECT_EQ(c.updatedAt, 1'700'000'900'500);
    EXPECT_EQ(c.model, "gpt-4o");
    // current_node's path, the hidden system message and empty root left out.
    const auto path = store.activePath(c.id);
    EXPECT_EQ(contents(path), (std::vector<std::string>{"Prove $a^2+b^2=c^2$", "Second proof, by similar triangles.",
                                                          "[image]\n\nWhat is this?"}));
    EXPECT_EQ(path[1].model, "gpt-4o");
    EXPECT_EQ(path[1].createdAt, 1'700'000'003'000);
    // The regenerated answer and the edited question are siblings.
    EXPECT_EQ(store.siblingIds(path[1].id).size(), 2u);
    EXPECT_EQ(store.siblingIds(path[0].id).size(), 2u);
    EXPECT_EQ(contents(store.children(c.id, std::nullopt)),
              (std::vector<std::string>{"Prove $a^2+b^2=c^2$", "Edited: prove it for right triangles"}));
    EXPECT_EQ(store.messageCount(c.id), 5);
}

TEST_F(ImportChatGpt, ThoughtsBecomeReasoningAndToolOutputIsKept)
{
    importConversations(db, kFixture);
    const auto list = store.listConversations();
    const auto it = std::find_if(list.begin(), list.end(), [](const Conversation& c) { return c.title == "思考 with o3"; });
    ASSERT_NE(it, list.end());
    EXPECT_EQ(it->uuid.size(), 36u); // "not-a-uuid" replaced by a fresh one
    const auto path = store.activePath(it->id);
    ASSERT_EQ(path.size(), 4u);
    EXPECT_EQ(path[1].role, MessageRole::Assistant);
    EXPECT_EQ(path[1].reasoning, "Plan\n\nJust add them.");
    EXPECT_EQ(path[1].content, "```python\nprint(2 + 3)\n```");
    EXPECT_EQ(path[1].model, "o3");
    EXPECT_EQ(path[2].role, MessageRole::Tool);
    EXPECT_EQ(path[2].content, "5");
    EXPECT_EQ(path[3].content, "结果是 **5**。");
    EXPECT_EQ(path[3].reasoning, "");
}

TEST_F(ImportChatGpt, ImportingTwiceSkipsWhatIsThereByUuid)
{
    importConversations(db, kFixture);
    const ImportResult again = importConversations(db, kFixture);
    // The one with a real uuid is recognized; the other had none to match.
    EXPECT_EQ(again.skippedTitles, std::vector<std::string>{"Pythagoras"});
    EXPECT_EQ(again.conversationsImported, 1);
}

TEST_F(ImportChatGpt, LoopsAndDanglingLinksDoNotHang)
{
    const std::string text = R"([{"title": "loop", "mapping": {
        "a": {"message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["A"]}}, "parent": null, "children": ["b", "b", "zzz"]},
        "b": {"message": {"author": {"role": "assistant"}, "content": {"content_type": "text", "parts": ["B"]}}, "parent": "a", "children": ["a", "b"]},
        "c": {"message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["C"]}}, "parent": "d", "children": ["d"]},
        "d": {"message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["D"]}}, "parent": "c", "children": ["c"]}
      }, "current_node": "b"}])";
    const ImportResult r = importConversationsFromText(db, text, "loop.json");
    EXPECT_EQ(r.conversationsImported, 1);
    const auto c = store.listConversations().at(0);
    EXPECT_EQ(contents(store.activePath(c.id)), (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(store.messageCount(c.id), 2); // c <-> d has no root: unreachable
}

TEST_F(ImportChatGpt, AVeryLongChainImportsIteratively)
{
    std::string mapping;
    const int n = 5000;
    for (int i = 0; i < n; ++i) {
        mapping += (i ? "," : "") + std::string("\"n") + std::to_string(i) + "\": {\"message\": {\"author\": {\"role\": \""
                   + (i % 2 ? "assistant" : "user") + "\"}, \"content\": {\"content_type\": \"text\", \"parts\": [\"m"
                   + std::to_string(i) + "\"]}}, \"parent\": " + (i ? "\"n" + std::to_string(i - 1) + "\"" : "null")
                   + ", \"children\": [" + (i + 1 < n ? "\"n" + std::to_string(i + 1) + "\"" : "") + "]}";
    }
    const ImportResult r = importConversationsFromText(db, "[{\"title\": \"long\", \"mapping\": {" + mapping + "}}]",
                                                       "long.json");
    EXPECT_EQ(r.messagesImported, n);
    const auto c = store.listConversations().at(0);
    const auto path = store.activePath(c.id);
    ASSERT_EQ(path.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(path.back().content, "m4999");
}

TEST_F(ImportChatGpt, RefusesAConversationWithoutAMapping)
{
    try {
        importConversationsFromText(db, R"([{"title": "x", "mapping": 5}])", "c.json");
        FAIL();
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("conversation 1"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("mapping"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(store.listConversations().empty());
}

} // namespace
} // namespace qiusuo::storage
