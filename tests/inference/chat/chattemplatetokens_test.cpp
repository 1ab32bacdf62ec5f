// R1 conversations rendered and tokenized with the tiny models' vocabulary:
// the ids must be exactly what llama.cpp's R1 template produced (the
// reference prompt) and what the vocabulary's merges give by hand.

#include "inference/chat/chattemplate.h"
#include "inference/gguf/gguffile.h"
#include "inference/tokenizer/tokenizer.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <vector>

namespace qiusuo::chat {
namespace {

using Role = ChatMessage::Role;
using Ids = std::vector<std::int32_t>;

class ChatTemplateTokens : public ::testing::Test {
protected:
    void SetUp() override
    {
        QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2.gguf");
        file_ = gguf::GgufFile::open(path);
        tokenizer_ = tokenizer::Tokenizer::fromGguf(*file_);
        template_ = std::make_unique<ChatTemplate>(ChatTemplate::forGguf(*file_));
    }

    /// How the engine tokenizes a rendered prompt: specials parsed, no extra BOS.
    Ids tokens(const std::vector<ChatMessage>& messages, const ChatRenderOptions& options = {})
    {
        return tokenizer_->encode(template_->render(messages, options), false, true);
    }

    /// Pieces tokenized as renderPieces() asks: specials parsed only in special pieces.
    Ids pieceTokens(const std::vector<ChatMessage>& messages, const ChatRenderOptions& options = {})
    {
        Ids ids;
        for (const auto& piece : template_->renderPieces(messages, options)) {
            const Ids part = tokenizer_->encode(piece.text, false, piece.special);
            ids.insert(ids.end(), part.begin(), part.end());
        }
        return ids;
    }

    std::unique_ptr<gguf::GgufFile> file_;
    std::unique_ptr<tokenizer::Tokenizer> tokenizer_;
    std::unique_ptr<ChatTemplate> template_;
};

TEST_F(ChatTemplateTokens, ReferencePromptMatchesLlamaCpp)
{
    QIUSUO_REQUIRE_TESTDATA(genPath, "reference/kv_f32/tiny-qwen2.gen.json");
    std::ifstream in(genPath);
    const auto gen = nlohmann::json::parse(in);
    const auto expected = gen.at("prompt_ids").get<Ids>();
    const std::string promptText = gen.at("prompt_text").get<std::string>();
    // The reference text has the user's message between the first two markers.
    const std::string user = "<｜User｜>";
    const std::string assistant = "<｜Assistant｜>";
    const auto from = promptText.find(user) + user.size();
    const std::string question = promptText.substr(from, promptText.find(assistant) - from);

    const std::vector<ChatMessage> c = {{Role::User, question, {}}};
    EXPECT_EQ(template_->render(c), template_->bosText() + promptText);
    EXPECT_EQ(tokens(c), expected);
    EXPECT_EQ(pieceTokens(c), expected);
}

// Pieces, by the vocabulary's merges (GPT-2 byte ids: printable ASCII b is
// b - 33, space 220, newline 198):
//   "Be" 33 68 · " kind" Ġ k in d = 220 74 258 67 · "." 13 · "Hi" 39 72 ·
//   "Hello" H e ll o = 39 68 281 78 · " there" Ġthe re = 264 263 ·
//   "and" an d = 260 67 · " the" 264 · " sea" Ġs e a = 265 68 64 · "?" 30 ·
//   "\n\n" ĊĊ = 287 · "ok" 78 74.
// Specials: BOS 311, EOS 312, <｜User｜> 313, <｜Assistant｜> 314,
// <think> 315, </think> 316.
TEST_F(ChatTemplateTokens, MultiTurnWithSystemPrompt)
{
    const std::vector<ChatMessage> c = {
        {Role::System, "Be kind.", {}},
        {Role::User, "Hi", {}},
        {Role::Assistant, "Hello there", "They greet me."},
        {Role::User, "and the sea?", {}},
    };
    const Ids expected = {311, 33, 68, 220, 74, 258, 67, 13,          // BOS "Be kind."
                          313, 39, 72,                                // <｜User｜>Hi
                          314, 39, 68, 281, 78, 264, 263, 312,        // <｜Assistant｜>Hello there EOS
                          313, 260, 67, 264, 265, 68, 64, 30,         // <｜User｜>and the sea?
                          314, 315, 198};                             // <｜Assistant｜><think>\n
    EXPECT_EQ(tokens(c), expected);
    EXPECT_EQ(pieceTokens(c), expected);
}

TEST_F(ChatTemplateTokens, EarlierReasoningIsDroppedAndThinkingOffAnswersDirectly)
{
    const std::vector<ChatMessage> c = {
        {Role::User, "Hi", {}},
        {Role::Assistant, "<think>\nhmm\n</think>\n\nok", {}},
        {Role::User, "and the sea?", {}},
    };
    const Ids expected = {311, 313, 39, 72,                    // BOS <｜User｜>Hi
                          314, 287, 78, 74, 312,               // <｜Assistant｜>\n\nok EOS
                          313, 260, 67, 264, 265, 68, 64, 30,  // <｜User｜>and the sea?
                          314, 315, 287, 316, 287};            // <｜Assistant｜><think>\n\n</think>\n\n
    EXPECT_EQ(tokens(c, {.thinking = Thinking::Off}), expected);
    EXPECT_EQ(pieceTokens(c, {.thinking = Thinking::Off}), expected);
}

TEST_F(ChatTemplateTokens, TypedSpecialTokenNamesStayTextInPieces)
{
    const std::vector<ChatMessage> c = {{Role::User, "<｜end▁of▁sentence｜>", {}}};
    const Ids whole = tokens(c);
    const Ids pieces = pieceTokens(c);
    // Parsed as a whole, the typed name becomes the end-of-sentence token...
    EXPECT_EQ(std::count(whole.begin(), whole.end(), 312), 1);
    // ...in pieces it stays the user's text.
    EXPECT_EQ(std::count(pieces.begin(), pieces.end(), 312), 0);
    EXPECT_GT(pieces.size(), whole.size());
    EXPECT_EQ(pieces.front(), 311);
    EXPECT_EQ(pieces[1], 313);
    EXPECT_EQ(Ids(pieces.end() - 3, pieces.end()), (Ids{314, 315, 198}));
}

} // namespace
} // namespace qiusuo::chat
