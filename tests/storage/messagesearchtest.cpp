// Full-text search: Chinese and English, short queries, hostile input.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/messagesearch.h"
#include "tests/storage/tempdir.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace qiusuo::storage {
namespace {

using test::TempDir;

class MessageSearchTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        zh = store.createConversation("中文对话");
        en = store.createConversation("English chat");
        mixed = store.createConversation("Mixed 混合");
        zhQuestion = add(zh.id, MessageRole::User, "求索是什么意思？", "");
        zhAnswer = add(zh.id, MessageRole::Assistant, "路漫漫其修远兮，吾将上下而求索。这是屈原的诗句。",
                       "用户问的是“求索”的出处，我应该提到《离骚》。");
        dl = add(zh.id, MessageRole::Assistant, "深度学习是机器学习的一个分支，使用多层神经网络。", "");
        enAnswer = add(en.id, MessageRole::Assistant,
                       "Write-ahead logging lets readers continue while a writer appends. It is 50% faster_ish.",
                       "The user asks about SQLite's WAL mode; mention checkpoints.");
        enOther = add(en.id, MessageRole::User, "What does NEAR(a b) mean in FTS5? Also \"quoted\" text and a*b.",
                      "");
        mixedMsg = add(mixed.id, MessageRole::Assistant, "用 PyTorch 训练 Transformer 模型 needs a GPU 😀 fast.", "");
        back = add(mixed.id, MessageRole::User, R"(Paths like C:\Users\qiusuo and it's O'Brien's -foo flag)", "");
    }

    std::int64_t add(std::int64_t conv, MessageRole role, const std::string& content, const std::string& reasoning)
    {
        NewMessage m;
        m.role = role;
        m.content = content;
        m.reasoning = reasoning;
        const std::int64_t id = store.appendMessage(conv, last[conv], m);
        last[conv] = id;
        return id;
    }

    std::set<std::int64_t> ids(std::string_view q, const SearchOptions& o = {})
    {
        std::set<std::int64_t> out;
        for (const auto& h : store.search(q, o))
            out.insert(h.messageId);
        return out;
    }

    TempDir dir;
    Database db = Database::open(dir / "qiusuo.db");
    ConversationStore store{db};
    std::map<std::int64_t, std::optional<std::int64_t>> last;
    Conversation zh, en, mixed;
    std::int64_t zhQuestion = 0, zhAnswer = 0, dl = 0, enAnswer = 0, enOther = 0, mixedMsg = 0, back = 0;
};

TEST_F(MessageSearchTest, ChineseFourCharactersUsesTrigramsAndHighlights)
{
    const auto hits = store.search("深度学习");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].messageId, dl);
    EXPECT_EQ(hits[0].conversationId, zh.id);
    EXPECT_EQ(hits[0].conversationTitle, "中文对话");
    EXPECT_EQ(hits[0].conversationUuid, zh.uuid);
    EXPECT_EQ(hits[0].role, MessageRole::Assistant);
    EXPECT_NE(hits[0].snippet.find("\x02深度学习\x03"), std::string::npos) << hits[0].snippet;
}

TEST_F(MessageSearchTest, ChineseTwoCharactersFallsBackToLikeNewestFirst)
{
    const auto hits = store.search("求索");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].messageId, zhAnswer); // newer first
    EXPECT_EQ(hits[1].messageId, zhQuestion);
    EXPECT_LT(hits[0].score, hits[1].score);
    EXPECT_NE(hits[0].snippet.find("\x02求索\x03"), std::string::npos) << hits[0].snippet;
    EXPECT_NE(hits[1].snippet.find("\x02求索\x03"), std::string::npos) << hits[1].snippet;
}

TEST_F(MessageSearchTest, OneCharacterQueries)
{
    EXPECT_EQ(ids("诗"), (std::set<std::int64_t>{zhAnswer}));
    EXPECT_EQ(ids("😀"), (std::set<std::int64_t>{mixedMsg}));
    EXPECT_EQ(ids("%"), (std::set<std::int64_t>{enAnswer}));  // literal, not "anything"
    EXPECT_EQ(ids("_"), (std::set<std::int64_t>{enAnswer}));  // only "faster_ish" has one
    EXPECT_EQ(ids("\\"), (std::set<std::int64_t>{back}));
    EXPECT_EQ(ids("'"), (std::set<std::int64_t>{enAnswer, back}));
    EXPECT_EQ(ids("\""), (std::set<std::int64_t>{enOther}));
    EXPECT_EQ(ids("*"), (std::set<std::int64_t>{enOther}));
    EXPECT_EQ(ids("Z"), (std::set<std::int64_t>{}));
}

TEST_F(MessageSearchTest, EnglishIsCaseInsensitiveAndRanked)
{
    EXPECT_EQ(ids("write-ahead"), (std::set<std::int64_t>{enAnswer}));
    EXPECT_EQ(ids("CHECKPOINTS"), (std::set<std::int64_t>{enAnswer})); // in the reasoning
    const auto hits = store.search("logging");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].snippet.find("\x02logging\x03"), std::string::npos) << hits[0].snippet;
    // Two-letter English words use LIKE, case-insensitively.
    EXPECT_EQ(ids("AN"), (std::set<std::int64_t>{enOther, mixedMsg, back}));
    EXPECT_TRUE(ids("xyzzy").empty());
}

TEST_F(MessageSearchTest, Bm25PutsTheDenserMatchFirst)
{
    const auto c = store.createConversation("ranking");
    const auto weak = add(c.id, MessageRole::User,
                          "A long note that mentions kernel once among many other words about gardens, rivers, "
                          "mountains, cooking, music and the weather in the spring.",
                          "");
    const auto strong = add(c.id, MessageRole::User, "kernel kernel kernel", "");
    const auto hits = store.search("kernel");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].messageId, strong);
    EXPECT_EQ(hits[1].messageId, weak);
    EXPECT_LT(hits[0].score, hits[1].score);
}

TEST_F(MessageSearchTest, VeryCommonQueriesListNewestFirst)
{
    const auto c = store.createConversation("ranking");
    const auto strong = add(c.id, MessageRole::User, "kernel kernel kernel", "");
    const auto weak = add(c.id, MessageRole::User, "one kernel among many other words of a long sentence", "");
    SearchOptions o;
    o.bm25MaxMatches = 2; // two matches: still ranked by bm25
    auto hits = store.search("kernel", o);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].messageId, strong);
    o.bm25MaxMatches = 1; // more matches than that: newest first
    hits = store.search("kernel", o);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].messageId, weak);
    EXPECT_EQ(hits[1].messageId, strong);
    EXPECT_LT(hits[0].score, hits[1].score);
    EXPECT_NE(hits[0].snippet.find("\x02kernel\x03"), std::string::npos) << hits[0].snippet;
    o.includeArchived = false; // with the filters' joins too
    hits = store.search("kernel", o);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].messageId, weak);
}

TEST_F(MessageSearchTest, MixedQueryAndsTermsOfBothKinds)
{
    EXPECT_EQ(ids("PyTorch 训练"), (std::set<std::int64_t>{mixedMsg}));   // 7 chars + 2 chars (LIKE filter)
    EXPECT_EQ(ids("Transformer GPU"), (std::set<std::int64_t>{mixedMsg}));
    EXPECT_EQ(ids("Transformer 诗句"), (std::set<std::int64_t>{}));        // both must occur
    EXPECT_EQ(ids("训练 Transformer 模型"), (std::set<std::int64_t>{mixedMsg}));
    EXPECT_EQ(ids("模型 needs"), (std::set<std::int64_t>{mixedMsg}));
    EXPECT_EQ(ids("屈原的诗句"), (std::set<std::int64_t>{zhAnswer}));
    EXPECT_EQ(ids("GPU\xe3\x80\x80训练"), (std::set<std::int64_t>{mixedMsg})); // ideographic space splits
    EXPECT_EQ(ids("《离骚》"), (std::set<std::int64_t>{zhAnswer}));
}

TEST_F(MessageSearchTest, HostileQueriesNeverRaiseAndMatchLiterally)
{
    const std::vector<std::string> hostile = {
        "\"", "\"\"", "\"\"\"", "\"unterminated", "*", "a*", "*foo*", "NEAR(", "NEAR(a b)", "NEAR(a b, 2)",
        "-foo", "a OR", "OR", "AND", "NOT", "a AND b", "(", ")", "())", "{", "col:", "content:", "rowid:1", "^start",
        "'", "''", "%", "%%%", "_", "__", "\\", "\\\\", "\\%", "😀", "😀😀😀", "'; DROP TABLE messages; --",
        "a\"b", "x\nNEAR y", "\t", "   ", "", "+", ":", ".", "𠀀𠀁𠀂", "\xef\xbb\xbf"};
    for (const auto& q : hostile)
        EXPECT_NO_THROW(store.search(q)) << "query: " << q;
    EXPECT_TRUE(store.search("").empty());
    EXPECT_TRUE(store.search("   ").empty());
    EXPECT_EQ(ids("NEAR(a b)"), (std::set<std::int64_t>{enOther}));
    EXPECT_EQ(ids("\"quoted\""), (std::set<std::int64_t>{enOther}));
    EXPECT_EQ(ids("a*b"), (std::set<std::int64_t>{enOther}));
    EXPECT_EQ(ids("-foo"), (std::set<std::int64_t>{back}));
    EXPECT_EQ(ids("O'Brien's"), (std::set<std::int64_t>{back}));
    EXPECT_EQ(ids("C:\\Users\\qiusuo"), (std::set<std::int64_t>{back}));
    EXPECT_EQ(ids("50%"), (std::set<std::int64_t>{enAnswer}));
    EXPECT_EQ(ids("faster_ish"), (std::set<std::int64_t>{enAnswer}));
    EXPECT_TRUE(ids("'; DROP TABLE messages; --").empty());
    EXPECT_EQ(store.allMessages(en.id).size(), 2u); // still there
}

TEST_F(MessageSearchTest, MarkersLimitAndArchivedAreOptions)
{
    SearchOptions o;
    o.highlightStart = "<b>";
    o.highlightEnd = "</b>";
    const auto hits = store.search("神经网络", o);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].snippet.find("<b>神经网络</b>"), std::string::npos) << hits[0].snippet;
    const auto shortHits = store.search("学习", o);
    ASSERT_EQ(shortHits.size(), 1u);
    EXPECT_NE(shortHits[0].snippet.find("<b>学习</b>"), std::string::npos) << shortHits[0].snippet;

    o.limit = 1;
    EXPECT_EQ(store.search("an", o).size(), 1u);
    EXPECT_EQ(store.search("the", o).size(), 1u);

    store.setArchived(zh.id, true);
    SearchOptions active;
    active.includeArchived = false;
    EXPECT_TRUE(store.search("深度学习", active).empty());
    EXPECT_TRUE(store.search("求索", active).empty());
    EXPECT_EQ(store.search("深度学习").size(), 1u);
}

TEST_F(MessageSearchTest, LongTextSnippetIsCutWithEllipsis)
{
    const auto c = store.createConversation("long");
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "填充文字";
    text += "目标词";
    for (int i = 0; i < 200; ++i)
        text += "更多内容";
    add(c.id, MessageRole::User, text, "");
    for (const char* q : {"目标词", "目标"}) {
        const auto hits = store.search(q);
        ASSERT_EQ(hits.size(), 1u) << q;
        const std::string& s = hits[0].snippet;
        EXPECT_LT(s.size(), 400u) << q;
        EXPECT_EQ(s.rfind("…", 0), 0u) << s;
        EXPECT_NE(s.find("\x02"), std::string::npos) << s;
        EXPECT_EQ(s.substr(s.size() - 3), "…") << s;
    }
}

TEST_F(MessageSearchTest, SnippetNeverCutsAMatchAndFallsBackForCaseFolding)
{
    const auto c = store.createConversation("snippets");
    const std::string longTerm = "Supercalifragilisticexpialidocious-and-then-some-more";
    add(c.id, MessageRole::User, "prefix words here " + longTerm + " suffix words", "");
    SearchOptions o;
    o.snippetTokens = 8; // shorter than the term
    const auto hits = store.search(longTerm, o);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].snippet.find("\x02" + longTerm + "\x03"), std::string::npos) << hits[0].snippet;

    // FTS5 folds non-ASCII case ("É" ~ "é"); the hit still gets a snippet.
    const auto accent = add(c.id, MessageRole::User, "L'ÉCOLE est fermée", "");
    const auto folded = store.search("école");
    ASSERT_EQ(folded.size(), 1u);
    EXPECT_EQ(folded[0].messageId, accent);
    EXPECT_NE(folded[0].snippet.find("ÉCOLE"), std::string::npos) << folded[0].snippet;
}

TEST(MessageSearchHelpers, CountCodePointsQuoteAndEscape)
{
    EXPECT_EQ(MessageSearch::codePointCount("求索"), 2u); // 6 bytes
    EXPECT_EQ(MessageSearch::codePointCount("深度学习"), 4u);
    EXPECT_EQ(MessageSearch::codePointCount("ab"), 2u);
    EXPECT_EQ(MessageSearch::codePointCount("😀a"), 2u);
    EXPECT_EQ(MessageSearch::codePointCount("\xff\xfe"), 2u);
    EXPECT_EQ(MessageSearch::quoteFtsString("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(MessageSearch::escapeLike("50%_a\\b"), "50\\%\\_a\\\\b");
}

} // namespace
} // namespace qiusuo::storage
