// ConversationStore: conversations, the message tree and its active path.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/storageerror.h"
#include "tests/storage/tempdir.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace qiusuo::storage {
namespace {

using test::TempDir;

class ConversationStoreTest : public ::testing::Test {
protected:
    TempDir dir;
    Database db = Database::open(dir / "qiusuo.db");
    ConversationStore store{db};

    std::int64_t add(std::int64_t conv, std::optional<std::int64_t> parent, MessageRole role, std::string content)
    {
        NewMessage m;
        m.role = role;
        m.content = std::move(content);
        return store.appendMessage(conv, parent, m);
    }

    std::vector<std::int64_t> pathIds(std::int64_t conv)
    {
        std::vector<std::int64_t> ids;
        for (const auto& m : store.activePath(conv))
            ids.push_back(m.id);
        return ids;
    }
};

StorageError::Kind kindOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const StorageError& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no StorageError";
    return StorageError::Kind::Sql;
}

TEST_F(ConversationStoreTest, CreateGivesUuidTimestampsAndDefaults)
{
    const auto c = store.createConversation("第一次对话");
    EXPECT_GT(c.id, 0);
    EXPECT_EQ(c.title, "第一次对话");
    ASSERT_EQ(c.uuid.size(), 36u);
    EXPECT_EQ(c.uuid[14], '4'); // version 4
    EXPECT_GT(c.createdAt, 1'600'000'000'000);
    EXPECT_EQ(c.createdAt, c.updatedAt);
    EXPECT_FALSE(c.pinned);
    EXPECT_FALSE(c.archived);
    EXPECT_EQ(c.settingsJson, "{}");
    EXPECT_FALSE(c.currentLeafId);
    EXPECT_NE(store.createConversation().uuid, c.uuid);
    EXPECT_EQ(store.conversation(c.id).uuid, c.uuid);
    EXPECT_FALSE(store.findConversation(c.id + 100));
    EXPECT_EQ(kindOf([&] { store.conversation(c.id + 100); }), StorageError::Kind::NoSuchItem);
}

TEST_F(ConversationStoreTest, RenamePinArchiveSystemPromptModelAndSettings)
{
    const auto c = store.createConversation("old");
    store.renameConversation(c.id, "new title");
    store.setPinned(c.id, true);
    store.setSystemPrompt(c.id, "You are terse.");
    store.setModelAndBackend(c.id, "DeepSeek-R1-Distill-Qwen-7B-Q4_K_M", "local");
    store.setSettingsJson(c.id, R"({"temperature":0.6,"top_p":0.95})");
    auto got = store.conversation(c.id);
    EXPECT_EQ(got.title, "new title");
    EXPECT_TRUE(got.pinned);
    EXPECT_EQ(got.systemPrompt, "You are terse.");
    EXPECT_EQ(got.model, "DeepSeek-R1-Distill-Qwen-7B-Q4_K_M");
    EXPECT_EQ(got.backend, "local");
    EXPECT_EQ(got.settingsJson, R"({"temperature":0.6,"top_p":0.95})");
    store.setArchived(c.id, true);
    store.setPinned(c.id, false);
    got = store.conversation(c.id);
    EXPECT_TRUE(got.archived);
    EXPECT_FALSE(got.pinned);

    for (auto op : std::vector<std::function<void()>>{
             [&] { store.renameConversation(999, "x"); }, [&] { store.setPinned(999, true); },
             [&] { store.setArchived(999, true); }, [&] { store.setSystemPrompt(999, "x"); },
             [&] { store.setModelAndBackend(999, "m", "b"); }, [&] { store.setSettingsJson(999, "{}"); },
             [&] { store.deleteConversation(999); }})
        EXPECT_EQ(kindOf(op), StorageError::Kind::NoSuchItem);
}

TEST_F(ConversationStoreTest, InvalidSettingsJsonIsRefusedAndNothingChanges)
{
    const auto c = store.createConversation();
    store.setSettingsJson(c.id, R"({"a":1})");
    for (const char* bad : {"{", "not json", "{'a':1}", ""})
        EXPECT_EQ(kindOf([&] { store.setSettingsJson(c.id, bad); }), StorageError::Kind::InvalidArgument) << bad;
    EXPECT_EQ(store.conversation(c.id).settingsJson, R"({"a":1})");
}

TEST_F(ConversationStoreTest, ListPutsPinnedFirstThenNewestAndHidesArchived)
{
    const auto a = store.createConversation("a");
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    const auto b = store.createConversation("b");
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    const auto c = store.createConversation("c");
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    const auto d = store.createConversation("d");
    auto titles = [&](const ConversationFilter& f = {}) {
        std::string out;
        for (const auto& conv : store.listConversations(f))
            out += conv.title;
        return out;
    };
    EXPECT_EQ(titles(), "dcba");
    store.setPinned(a.id, true);
    EXPECT_EQ(titles(), "adcb");
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    add(b.id, std::nullopt, MessageRole::User, "activity moves b up");
    EXPECT_EQ(titles(), "abdc");
    store.setArchived(d.id, true);
    EXPECT_EQ(titles(), "abc");
    EXPECT_EQ(titles({.includeArchived = true}), "abdc");
    EXPECT_EQ(titles({.includeArchived = false, .archivedOnly = true}), "d");
    (void)c;
}

TEST_F(ConversationStoreTest, FindByUuidOrUniquePrefix)
{
    const auto c = store.createConversation("x");
    EXPECT_EQ(store.conversationByUuid(c.uuid).id, c.id);
    EXPECT_EQ(store.conversationByUuid(c.uuid.substr(0, 8)).id, c.id);
    std::string upper = c.uuid.substr(0, 6);
    for (char& ch : upper)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(store.conversationByUuid(upper).id, c.id);
    EXPECT_EQ(kindOf([&] { store.conversationByUuid("abc"); }), StorageError::Kind::InvalidArgument);
    EXPECT_EQ(kindOf([&] { store.conversationByUuid("zzzzzzzz"); }), StorageError::Kind::NoSuchItem);
    EXPECT_EQ(kindOf([&] { store.conversationByUuid("%%%%"); }), StorageError::Kind::NoSuchItem);
    // Two uuids sharing a prefix: ambiguous until enough characters are given.
    db.exec("INSERT INTO conversations (uuid, created_at, updated_at) VALUES"
            " ('abcd1111-0000-4000-8000-000000000000', 0, 0), ('abcd2222-0000-4000-8000-000000000000', 0, 0)");
    EXPECT_EQ(kindOf([&] { store.conversationByUuid("abcd"); }), StorageError::Kind::InvalidArgument);
    EXPECT_EQ(store.conversationByUuid("abcd2").uuid, "abcd2222-0000-4000-8000-000000000000");
}

TEST_F(ConversationStoreTest, AppendBuildsTheActivePathWithEveryField)
{
    const auto c = store.createConversation();
    const auto u = add(c.id, std::nullopt, MessageRole::User, "Hello");
    NewMessage answer;
    answer.role = MessageRole::Assistant;
    answer.content = "Hi!";
    answer.reasoning = "The user greets me.";
    answer.model = "deepseek-r1";
    answer.stats = {12, 34, 56.5, 120, 800};
    const auto a = store.appendMessage(c.id, u, answer);
    const auto path = store.activePath(c.id);
    ASSERT_EQ(path.size(), 2u);
    EXPECT_EQ(path[0].id, u);
    EXPECT_EQ(path[0].role, MessageRole::User);
    EXPECT_FALSE(path[0].parentId);
    EXPECT_EQ(path[0].activeChildId, a);
    const Message& m = path[1];
    EXPECT_EQ(m.parentId, u);
    EXPECT_EQ(m.conversationId, c.id);
    EXPECT_EQ(m.role, MessageRole::Assistant);
    EXPECT_EQ(m.content, "Hi!");
    EXPECT_EQ(m.reasoning, "The user greets me.");
    EXPECT_EQ(m.model, "deepseek-r1");
    EXPECT_EQ(m.status, MessageStatus::Complete);
    EXPECT_EQ(m.stats.promptTokens, 12);
    EXPECT_EQ(m.stats.completionTokens, 34);
    EXPECT_DOUBLE_EQ(m.stats.tokensPerSecond.value_or(0), 56.5);
    EXPECT_EQ(m.stats.timeToFirstTokenMs, 120);
    EXPECT_EQ(m.stats.reasoningDurationMs, 800);
    EXPECT_GT(m.createdAt, 0);
    EXPECT_EQ(store.conversation(c.id).currentLeafId, a);
    EXPECT_FALSE(path[0].stats.promptTokens); // unknown stays unknown
}

TEST_F(ConversationStoreTest, AppendChecksConversationAndParent)
{
    const auto c1 = store.createConversation();
    const auto c2 = store.createConversation();
    const auto m1 = add(c1.id, std::nullopt, MessageRole::User, "in c1");
    EXPECT_EQ(kindOf([&] { add(999, std::nullopt, MessageRole::User, "x"); }), StorageError::Kind::NoSuchItem);
    EXPECT_EQ(kindOf([&] { add(c1.id, 999, MessageRole::User, "x"); }), StorageError::Kind::NoSuchItem);
    EXPECT_EQ(kindOf([&] { add(c2.id, m1, MessageRole::User, "x"); }), StorageError::Kind::InvalidArgument);
    EXPECT_TRUE(store.allMessages(c2.id).empty());
    EXPECT_EQ(store.allMessages(c1.id).size(), 1u);
}

TEST_F(ConversationStoreTest, SiblingsSwitchTheWholePathBelow)
{
    // u1 -> a1 -> u2 -> a2        (first answer, continued)
    //    -> b1 -> v2 -> b2        (regenerated answer, continued differently)
    const auto c = store.createConversation();
    const auto u1 = add(c.id, std::nullopt, MessageRole::User, "q1");
    const auto a1 = add(c.id, u1, MessageRole::Assistant, "a1");
    const auto u2 = add(c.id, a1, MessageRole::User, "q2");
    const auto a2 = add(c.id, u2, MessageRole::Assistant, "a2");
    const auto b1 = add(c.id, u1, MessageRole::Assistant, "b1"); // regenerate: sibling of a1
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, b1}));
    const auto v2 = add(c.id, b1, MessageRole::User, "q2'");
    const auto b2 = add(c.id, v2, MessageRole::Assistant, "b2");
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, b1, v2, b2}));

    EXPECT_EQ(store.siblingIds(a1), (std::vector<std::int64_t>{a1, b1}));
    EXPECT_EQ(store.siblingIds(b1), (std::vector<std::int64_t>{a1, b1}));
    EXPECT_EQ(store.siblingIds(u1), (std::vector<std::int64_t>{u1}));
    const auto kids = store.children(c.id, u1);
    ASSERT_EQ(kids.size(), 2u);
    EXPECT_EQ(kids[0].id, a1);
    EXPECT_EQ(kids[1].id, b1);
    ASSERT_EQ(store.children(c.id, std::nullopt).size(), 1u);
    EXPECT_TRUE(store.children(c.id, b2).empty());

    EXPECT_EQ(store.setActive(a1), a2); // back to the first branch, down to its leaf
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, a1, u2, a2}));
    EXPECT_EQ(store.setActive(b1), b2);
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, b1, v2, b2}));
    EXPECT_EQ(store.setActive(u2), a2); // a node deep in an inactive branch
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, a1, u2, a2}));

    // Editing the first question makes a second root.
    const auto r2 = add(c.id, std::nullopt, MessageRole::User, "q1 edited");
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{r2}));
    EXPECT_EQ(store.siblingIds(u1), (std::vector<std::int64_t>{u1, r2}));
    EXPECT_EQ(store.setActive(u1), a2);
    EXPECT_EQ(store.allMessages(c.id).size(), 8u);
    EXPECT_EQ(kindOf([&] { store.setActive(999); }), StorageError::Kind::NoSuchItem);
}

TEST_F(ConversationStoreTest, AppendingToAnInactiveBranchMakesItActive)
{
    const auto c = store.createConversation();
    const auto u1 = add(c.id, std::nullopt, MessageRole::User, "q");
    const auto a1 = add(c.id, u1, MessageRole::Assistant, "a");
    const auto b1 = add(c.id, u1, MessageRole::Assistant, "b");
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, b1}));
    const auto u2 = add(c.id, a1, MessageRole::User, "follow-up on a");
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, a1, u2}));
}

TEST_F(ConversationStoreTest, DeleteMessageRemovesSubtreeAndMendsThePath)
{
    const auto c = store.createConversation();
    const auto u1 = add(c.id, std::nullopt, MessageRole::User, "q1");
    const auto a1 = add(c.id, u1, MessageRole::Assistant, "a1");
    const auto u2 = add(c.id, a1, MessageRole::User, "q2");
    add(c.id, u2, MessageRole::Assistant, "a2");
    const auto b1 = add(c.id, u1, MessageRole::Assistant, "b1");
    store.setActive(a1);
    // Deleting an inactive branch keeps the path.
    store.deleteMessage(b1);
    EXPECT_EQ(store.allMessages(c.id).size(), 4u);
    EXPECT_EQ(pathIds(c.id).size(), 4u);
    // Deleting a node on the path: the path ends at its parent now.
    store.deleteMessage(u2);
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, a1}));
    EXPECT_FALSE(store.findMessage(u2));
    EXPECT_FALSE(store.message(a1).activeChildId);
    // Deleting the active one of two siblings moves to the other.
    const auto x = add(c.id, u1, MessageRole::Assistant, "x");
    store.setActive(a1);
    store.deleteMessage(a1);
    EXPECT_EQ(pathIds(c.id), (std::vector<std::int64_t>{u1, x}));
    // Deleting the only root empties the conversation.
    store.deleteMessage(u1);
    EXPECT_TRUE(store.allMessages(c.id).empty());
    EXPECT_TRUE(store.activePath(c.id).empty());
    EXPECT_FALSE(store.conversation(c.id).currentLeafId);
    EXPECT_EQ(kindOf([&] { store.deleteMessage(u1); }), StorageError::Kind::NoSuchItem);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST_F(ConversationStoreTest, DeleteConversationRemovesMessagesAndSearchEntries)
{
    const auto keep = store.createConversation("keep");
    const auto gone = store.createConversation("gone");
    add(keep.id, std::nullopt, MessageRole::User, "shared phrase kept");
    auto last = add(gone.id, std::nullopt, MessageRole::User, "shared phrase gone");
    for (int i = 0; i < 50; ++i)
        last = add(gone.id, last, i % 2 ? MessageRole::User : MessageRole::Assistant, "reply " + std::to_string(i));
    EXPECT_EQ(store.search("shared phrase").size(), 2u);
    store.deleteConversation(gone.id);
    EXPECT_FALSE(store.findConversation(gone.id));
    EXPECT_FALSE(store.findMessage(last));
    Statement count = db.prepare("SELECT count(*) FROM messages");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.int64(0), 1);
    const auto hits = store.search("shared phrase");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].conversationId, keep.id);
    db.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)");
}

TEST_F(ConversationStoreTest, StreamingUpdatesThenFinish)
{
    const auto c = store.createConversation();
    const auto u = add(c.id, std::nullopt, MessageRole::User, "Explain WAL.");
    NewMessage draft;
    draft.role = MessageRole::Assistant;
    draft.status = MessageStatus::Streaming;
    draft.model = "deepseek-chat";
    const auto a = store.appendMessage(c.id, u, draft);
    std::string content;
    for (int i = 0; i < 20; ++i) {
        content += "token" + std::to_string(i) + " ";
        store.updateStreaming(a, content, "thinking " + std::to_string(i));
        const auto m = store.message(a);
        EXPECT_EQ(m.content, content);
        EXPECT_EQ(m.status, MessageStatus::Streaming);
    }
    EXPECT_EQ(store.search("token19").size(), 1u); // searchable while streaming
    store.finishMessage(a, MessageStatus::Stopped, content + "end", "thinking done", {5, 21, 30.0, 90, 400});
    const auto m = store.message(a);
    EXPECT_EQ(m.status, MessageStatus::Stopped);
    EXPECT_EQ(m.content, content + "end");
    EXPECT_EQ(m.reasoning, "thinking done");
    EXPECT_EQ(m.stats.completionTokens, 21);
    EXPECT_EQ(m.stats.reasoningDurationMs, 400);
    EXPECT_GE(store.conversation(c.id).updatedAt, m.updatedAt);
    // Finished: further streaming updates are refused, the text stays.
    EXPECT_EQ(kindOf([&] { store.updateStreaming(a, "late", ""); }), StorageError::Kind::InvalidArgument);
    EXPECT_EQ(store.message(a).content, content + "end");
    EXPECT_EQ(kindOf([&] { store.updateStreaming(999, "x", ""); }), StorageError::Kind::NoSuchItem);
    EXPECT_EQ(kindOf([&] { store.finishMessage(a, MessageStatus::Streaming, "", "", {}); }),
              StorageError::Kind::InvalidArgument);
    EXPECT_EQ(kindOf([&] { store.finishMessage(999, MessageStatus::Complete, "", "", {}); }),
              StorageError::Kind::NoSuchItem);
}

TEST_F(ConversationStoreTest, FinishWithErrorKeepsTheErrorText)
{
    const auto c = store.createConversation();
    NewMessage draft;
    draft.role = MessageRole::Assistant;
    draft.status = MessageStatus::Streaming;
    const auto a = store.appendMessage(c.id, std::nullopt, draft);
    store.finishMessage(a, MessageStatus::Error, "partial", "", {}, "The server closed the connection.");
    const auto m = store.message(a);
    EXPECT_EQ(m.status, MessageStatus::Error);
    EXPECT_EQ(m.errorText, "The server closed the connection.");
    EXPECT_EQ(m.content, "partial");
}

TEST_F(ConversationStoreTest, SetMessageContentEditsInPlace)
{
    const auto c = store.createConversation();
    const auto u = add(c.id, std::nullopt, MessageRole::User, "typo");
    store.setMessageContent(u, "fixed", "");
    EXPECT_EQ(store.message(u).content, "fixed");
    EXPECT_TRUE(store.search("typo").empty());
    EXPECT_EQ(store.search("fixed").size(), 1u);
    EXPECT_EQ(kindOf([&] { store.setMessageContent(999, "x", ""); }), StorageError::Kind::NoSuchItem);
}

TEST_F(ConversationStoreTest, RecoverInterruptedTurnsStreamingIntoInterrupted)
{
    const auto c = store.createConversation();
    NewMessage draft;
    draft.role = MessageRole::Assistant;
    draft.status = MessageStatus::Streaming;
    const auto a = store.appendMessage(c.id, std::nullopt, draft);
    const auto b = store.appendMessage(c.id, a, draft);
    const auto done = add(c.id, b, MessageRole::User, "complete one");
    store.updateStreaming(a, "half an answer", "");
    EXPECT_EQ(store.recoverInterrupted(), 2);
    EXPECT_EQ(store.message(a).status, MessageStatus::Interrupted);
    EXPECT_EQ(store.message(a).content, "half an answer");
    EXPECT_EQ(store.message(b).status, MessageStatus::Interrupted);
    EXPECT_EQ(store.message(done).status, MessageStatus::Complete);
    EXPECT_EQ(store.recoverInterrupted(), 0);
}

TEST_F(ConversationStoreTest, TenMegabyteMessageRoundTrips)
{
    const auto c = store.createConversation();
    std::string big;
    big.reserve(10 * 1024 * 1024 + 64);
    const std::string pattern = "深度学习 deep learning 第";
    for (int i = 0; big.size() < 10 * 1024 * 1024; ++i)
        big += pattern + std::to_string(i) + "段。\n";
    big += "UNIQUE-TAIL-MARKER";
    const auto id = add(c.id, std::nullopt, MessageRole::Assistant, big);
    const auto m = store.message(id);
    EXPECT_EQ(m.content.size(), big.size());
    EXPECT_TRUE(m.content == big);
    const auto hits = store.search("UNIQUE-TAIL-MARKER");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].snippet.find("\x02UNIQUE-TAIL-MARKER\x03"), std::string::npos) << hits[0].snippet;
    EXPECT_EQ(store.search("第12345段").size(), 1u);
}

TEST_F(ConversationStoreTest, InvalidUtf8IsStoredAndReturnedByteExact)
{
    const auto c = store.createConversation(std::string("bad \xff title", 11));
    static const char kContent[] = "ok \xc3\x28 bad \xa0\xa1 truncated \xe6\xb7 lone \xed\xa0\x80 nul\0end \xf8";
    const std::string content(kContent, sizeof kContent - 1); // keeps the embedded NUL
    const std::string reasoning("\xfe\xfe\xfe\xfe reasoning", 14);
    NewMessage m;
    m.content = content;
    m.reasoning = reasoning;
    const auto id = store.appendMessage(c.id, std::nullopt, m);
    const auto got = store.message(id);
    EXPECT_EQ(got.content.size(), 44u);
    EXPECT_EQ(got.content, content);
    EXPECT_EQ(got.reasoning, reasoning);
    EXPECT_EQ(store.conversation(c.id).title, std::string("bad \xff title", 11));
    // Search over it neither crashes nor loses the valid parts.
    EXPECT_EQ(store.search("truncated").size(), 1u);
    EXPECT_EQ(store.search("reasoning").size(), 1u);
    EXPECT_NO_THROW(store.search("\xc3\x28"));
    EXPECT_NO_THROW(store.search("\xff\xfe\xfd\xfc"));
    EXPECT_NO_THROW(store.search("\xe6\xb7"));
    store.setMessageContent(id, content + "!", reasoning);
    EXPECT_EQ(store.message(id).content, content + "!");
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST_F(ConversationStoreTest, LongConversationDeletesWithoutDeepRecursion)
{
    const auto c = store.createConversation();
    std::optional<std::int64_t> last;
    std::int64_t first = 0;
    for (int i = 0; i < 2500; ++i) {
        last = add(c.id, last, i % 2 ? MessageRole::Assistant : MessageRole::User, "turn " + std::to_string(i));
        if (i == 0)
            first = *last;
    }
    EXPECT_EQ(store.activePath(c.id).size(), 2500u);
    store.deleteMessage(first + 1);
    EXPECT_EQ(store.allMessages(c.id).size(), 1u);
    store.deleteConversation(c.id);
    Statement count = db.prepare("SELECT count(*) FROM messages");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.int64(0), 0);
}

TEST_F(ConversationStoreTest, RoleAndStatusStringsOnDiskNeverChange)
{
    // These strings are in users' files: this test pins them.
    EXPECT_EQ(toString(MessageRole::System), "system");
    EXPECT_EQ(toString(MessageRole::User), "user");
    EXPECT_EQ(toString(MessageRole::Assistant), "assistant");
    EXPECT_EQ(toString(MessageRole::Tool), "tool");
    EXPECT_EQ(toString(MessageStatus::Streaming), "streaming");
    EXPECT_EQ(toString(MessageStatus::Complete), "complete");
    EXPECT_EQ(toString(MessageStatus::Stopped), "stopped");
    EXPECT_EQ(toString(MessageStatus::Error), "error");
    EXPECT_EQ(toString(MessageStatus::Interrupted), "interrupted");
    EXPECT_EQ(messageStatusFromString("interrupted"), MessageStatus::Interrupted);
    EXPECT_EQ(messageRoleFromString("assistant"), MessageRole::Assistant);
    EXPECT_THROW(messageRoleFromString("wizard"), StorageError);
    // The schema refuses anything else.
    const auto c = store.createConversation();
    EXPECT_THROW(db.exec("INSERT INTO messages (conversation_id, role, created_at, updated_at) VALUES (" +
                         std::to_string(c.id) + ", 'wizard', 0, 0)"),
                 StorageError);
}

} // namespace
} // namespace qiusuo::storage
