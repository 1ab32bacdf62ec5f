#pragma once
/// @brief A store holding everything an export must keep: branches (edited
/// questions and regenerated answers), reasoning, statistics, every status,
/// settings with nested values in a chosen key order, flags, a system prompt,
/// Chinese and emoji text — written through the store as the app does.

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/exportjson.h"
#include "storage/exportselection.h"
#include "tests/storage/tempdir.h"

#include <string>
#include <vector>

namespace qiusuo::storage::test {

struct RichStore {
    explicit RichStore(const std::filesystem::path& path) : db(Database::open(path)), store(db) {}

    /// Fills the store; returns the ids of the conversations made.
    std::vector<std::int64_t> fill()
    {
        Conversation chat = store.createConversation("二次方程 and $x^2$ 🧮");
        store.setModelAndBackend(chat.id, "deepseek-r1-distill-qwen-7b", "local");
        store.setSystemPrompt(chat.id, "Answer briefly.\nUse LaTeX.");
        store.setSettingsJson(chat.id, R"({"temperature":0.6,"top_p":0.95,"thinking":true,"stop":["</s>"],"nested":{"z":1,"a":[1,2.5,null]}})");
        store.setPinned(chat.id, true);
        NewMessage q;
        q.content = "解方程 $x^2-5x+6=0$";
        const auto q1 = store.appendMessage(chat.id, std::nullopt, q);
        NewMessage a;
        a.role = MessageRole::Assistant;
        a.model = "deepseek-r1-distill-qwen-7b";
        a.content = "First try: $x=2$.";
        a.reasoning = "因式分解：(x-2)(x-3)。";
        a.stats = {12, 40, 17.25, 310, 2100};
        store.appendMessage(chat.id, q1, a);
        a.content = "$$x_1 = 2,\\quad x_2 = 3$$\n\n```python\nprint(2 + 3)\n```";
        a.stats = {12, 55, 18.5, 250, 1500};
        const auto a2 = store.appendMessage(chat.id, q1, a);
        NewMessage q2;
        q2.content = "Thanks! 👍";
        const auto q3 = store.appendMessage(chat.id, a2, q2);
        NewMessage stopped;
        stopped.role = MessageRole::Assistant;
        stopped.status = MessageStatus::Streaming;
        const auto s = store.appendMessage(chat.id, q3, stopped);
        store.finishMessage(s, MessageStatus::Stopped, "You're wel", "", MessageStats{});
        // An edited first question: a second root, then back to the first.
        NewMessage edited;
        edited.content = "Solve x^2 = 4";
        const auto e = store.appendMessage(chat.id, std::nullopt, edited);
        NewMessage failed;
        failed.role = MessageRole::Assistant;
        failed.status = MessageStatus::Streaming;
        const auto f = store.appendMessage(chat.id, e, failed);
        store.finishMessage(f, MessageStatus::Error, "", "", MessageStats{}, "The server answered 503.");
        store.setActive(s);

        Conversation archived = store.createConversation("");
        NewMessage n;
        n.role = MessageRole::System;
        n.content = "<script>alert(1)</script> & \"quotes\"";
        store.appendMessage(archived.id, std::nullopt, n);
        store.setArchived(archived.id, true);

        Conversation empty = store.createConversation("Empty");
        // Made within the same millisecond or two: give them distinct times
        // so "oldest first" is the order they were made in.
        Statement shift = db.prepare("UPDATE conversations SET created_at = created_at + ?2 WHERE id = ?1");
        shift.bind(1, archived.id).bind(2, std::int64_t{1000}).run();
        shift.reset();
        shift.bind(1, empty.id).bind(2, std::int64_t{2000}).run();
        return {chat.id, archived.id, empty.id};
    }

    Database db;
    ConversationStore store;
};

} // namespace qiusuo::storage::test
