// Chat templates: the exact text of multi-turn conversations in each format.
// The expected strings were written by hand from the official Jinja templates
// (DeepSeek-R1/V3/V2 tokenizer_config.json, Llama 3, ChatML) and agree with
// llama.cpp's own expectations for the same conversation.

#include "inference/chat/chattemplate.h"
#include "inference/error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qiusuo::chat {
namespace {

using Family = ChatTemplate::Family;
using Role = ChatMessage::Role;

ChatMessage msg(Role role, std::string content, std::string reasoning = {})
{
    return {role, std::move(content), std::move(reasoning)};
}

/// llama.cpp's test conversation, with reasoning kept for display.
std::vector<ChatMessage> conversation()
{
    return {
        msg(Role::System, "You are a helpful assistant"),
        msg(Role::User, "Hello"),
        msg(Role::Assistant, "Hi there", "The user greets me. I greet back."),
        msg(Role::User, "Who are you"),
        msg(Role::Assistant, "   I am an assistant   "),
        msg(Role::User, "Another question"),
    };
}

// ---- DeepSeek-R1 and its distills ----------------------------------------

TEST(ChatTemplateR1, MultiTurnPrefillsThinkAndNeverSendsReasoningBack)
{
    const ChatTemplate t(Family::DeepSeekR1);
    EXPECT_EQ(t.render(conversation()),
              "<｜begin▁of▁sentence｜>You are a helpful assistant"
              "<｜User｜>Hello<｜Assistant｜>Hi there<｜end▁of▁sentence｜>"
              "<｜User｜>Who are you<｜Assistant｜>   I am an assistant   <｜end▁of▁sentence｜>"
              "<｜User｜>Another question<｜Assistant｜><think>\n");
    EXPECT_TRUE(t.startsInReasoning());
}

TEST(ChatTemplateR1, EarlierAnswersAreCutAfterTheLastCloseTag)
{
    const ChatTemplate t(Family::DeepSeekR1);
    const std::vector<ChatMessage> c = {
        msg(Role::User, "2+2?"),
        msg(Role::Assistant, "<think>\nadd them\n</think>\n\n4"),
        msg(Role::User, "and 3+3?"),
        msg(Role::Assistant, "a</think>b</think>6"),
        msg(Role::User, "thanks"),
    };
    EXPECT_EQ(t.render(c), "<｜begin▁of▁sentence｜>"
                           "<｜User｜>2+2?<｜Assistant｜>\n\n4<｜end▁of▁sentence｜>"
                           "<｜User｜>and 3+3?<｜Assistant｜>6<｜end▁of▁sentence｜>"
                           "<｜User｜>thanks<｜Assistant｜><think>\n");
}

TEST(ChatTemplateR1, ThinkingOffPrefillsAnEmptyThinkBlock)
{
    const ChatTemplate t(Family::DeepSeekR1);
    const ChatRenderOptions off{.addGenerationPrompt = true, .thinking = Thinking::Off};
    EXPECT_EQ(t.render({msg(Role::User, "Hi")}, off),
              "<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜><think>\n\n</think>\n\n");
    EXPECT_FALSE(t.startsInReasoning(off));
}

TEST(ChatTemplateR1, GenerationParamsThinkingSwitch)
{
    const ChatTemplate t(Family::DeepSeekR1);
    GenerationParams p;
    EXPECT_TRUE(t.startsInReasoning(ChatRenderOptions::forGeneration(p)));
    p.thinking = false;
    const auto off = ChatRenderOptions::forGeneration(p);
    EXPECT_FALSE(t.startsInReasoning(off));
    EXPECT_TRUE(t.render({msg(Role::User, "Hi")}, off).ends_with("<think>\n\n</think>\n\n"));
    // V3 does not think by default, whatever the switch says.
    EXPECT_FALSE(ChatTemplate(Family::DeepSeekV3).startsInReasoning(ChatRenderOptions::forGeneration({})));
}

TEST(ChatTemplateR1, WithoutGenerationPromptEndsAfterTheLastMessage)
{
    const ChatTemplate t(Family::DeepSeekR1);
    const ChatRenderOptions noGen{.addGenerationPrompt = false};
    EXPECT_EQ(t.render({msg(Role::User, "Q"), msg(Role::Assistant, "A")}, noGen),
              "<｜begin▁of▁sentence｜><｜User｜>Q<｜Assistant｜>A<｜end▁of▁sentence｜>");
    EXPECT_FALSE(t.startsInReasoning(noGen));
}

TEST(ChatTemplateR1, SystemTextsGoFirstJoinedByABlankLine)
{
    const ChatTemplate t(Family::DeepSeekR1);
    const std::vector<ChatMessage> c = {
        msg(Role::System, "Be brief."),
        msg(Role::User, "Q"),
        msg(Role::System, "Answer in French."),
    };
    EXPECT_EQ(t.render(c), "<｜begin▁of▁sentence｜>Be brief.\n\nAnswer in French."
                           "<｜User｜>Q<｜Assistant｜><think>\n");
}

TEST(ChatTemplateR1, UsesTheModelsOwnBosAndEosText)
{
    const ChatTemplate t(Family::DeepSeekR1, "<BOS>", "<EOS>");
    EXPECT_EQ(t.render({msg(Role::User, "Q"), msg(Role::Assistant, "A"), msg(Role::User, "R")}),
              "<BOS><｜User｜>Q<｜Assistant｜>A<EOS><｜User｜>R<｜Assistant｜><think>\n");
    EXPECT_EQ(t.stopStrings(), (std::vector<std::string>{"<EOS>", "<｜User｜>"}));
}

TEST(ChatTemplateR1, ReferencePromptText)
{
    // The prompt of testdata/reference/*/tiny-qwen2.gen.json (BOS is added there
    // by the tokenizer; here it is part of the text).
    const ChatTemplate t(Family::DeepSeekR1);
    EXPECT_EQ(t.render({msg(Role::User, "Hello world, what is the capital of France? "
                                        "海日生残夜，江春入旧年. 123 + 4567 = ?")}),
              "<｜begin▁of▁sentence｜><｜User｜>Hello world, what is the capital of France? "
              "海日生残夜，江春入旧年. 123 + 4567 = ?<｜Assistant｜><think>\n");
}

TEST(ChatTemplateR1, PiecesSeparateSpecialTokensFromWords)
{
    const ChatTemplate t(Family::DeepSeekR1);
    const std::vector<ChatMessage> c = {
        msg(Role::System, "S"),
        msg(Role::User, "typed <｜end▁of▁sentence｜>"),
        msg(Role::Assistant, "A"),
        msg(Role::User, "Q"),
    };
    const std::vector<PromptPiece> expected = {
        {"<｜begin▁of▁sentence｜>", true},
        {"S", false},
        {"<｜User｜>", true},
        {"typed <｜end▁of▁sentence｜>", false},
        {"<｜Assistant｜>", true},
        {"A", false},
        {"<｜end▁of▁sentence｜><｜User｜>", true},
        {"Q", false},
        {"<｜Assistant｜><think>", true},
        {"\n", false},
    };
    EXPECT_EQ(t.renderPieces(c), expected);
    const auto off = t.renderPieces({msg(Role::User, "Q")}, {.thinking = Thinking::Off});
    ASSERT_EQ(off.size(), 6u);
    EXPECT_EQ(off[2], (PromptPiece{"<｜Assistant｜><think>", true}));
    EXPECT_EQ(off[3], (PromptPiece{"\n\n", false}));
    EXPECT_EQ(off[4], (PromptPiece{"</think>", true}));
    EXPECT_EQ(off[5], (PromptPiece{"\n\n", false}));
}

// ---- DeepSeek-V3 ----------------------------------------------------------

TEST(ChatTemplateV3, MultiTurnWithoutThinkPrefill)
{
    const ChatTemplate t(Family::DeepSeekV3);
    EXPECT_EQ(t.render(conversation()),
              "<｜begin▁of▁sentence｜>You are a helpful assistant"
              "<｜User｜>Hello<｜Assistant｜>Hi there<｜end▁of▁sentence｜>"
              "<｜User｜>Who are you<｜Assistant｜>   I am an assistant   <｜end▁of▁sentence｜>"
              "<｜User｜>Another question<｜Assistant｜>");
    EXPECT_FALSE(t.startsInReasoning());
}

TEST(ChatTemplateV3, AnswersAreSentAsTheyAre)
{
    const ChatTemplate t(Family::DeepSeekV3);
    EXPECT_EQ(t.render({msg(Role::User, "Q"), msg(Role::Assistant, "x</think>y")},
                       {.addGenerationPrompt = false}),
              "<｜begin▁of▁sentence｜><｜User｜>Q<｜Assistant｜>x</think>y<｜end▁of▁sentence｜>");
}

TEST(ChatTemplateV3, ThinkPrefillOnlyWhenAsked)
{
    const ChatTemplate t(Family::DeepSeekV3);
    const ChatRenderOptions on{.thinking = Thinking::On};
    EXPECT_EQ(t.render({msg(Role::User, "Q")}, on),
              "<｜begin▁of▁sentence｜><｜User｜>Q<｜Assistant｜><think>\n");
    EXPECT_TRUE(t.startsInReasoning(on));
    EXPECT_EQ(t.render({msg(Role::User, "Q")}, {.thinking = Thinking::Off}),
              "<｜begin▁of▁sentence｜><｜User｜>Q<｜Assistant｜>");
}

// ---- DeepSeek-V2 / V2-Lite chat -------------------------------------------

TEST(ChatTemplateV2, MultiTurn)
{
    const ChatTemplate t(Family::DeepSeekV2);
    EXPECT_EQ(t.render(conversation()),
              "<｜begin▁of▁sentence｜>You are a helpful assistant\n\n"
              "User: Hello\n\nAssistant: Hi there<｜end▁of▁sentence｜>"
              "User: Who are you\n\nAssistant:    I am an assistant   <｜end▁of▁sentence｜>"
              "User: Another question\n\nAssistant:");
    EXPECT_FALSE(t.startsInReasoning());
    EXPECT_EQ(t.stopStrings(), (std::vector<std::string>{"<｜end▁of▁sentence｜>"}));
}

TEST(ChatTemplateV2, OrdinaryTextStaysOnePieceBetweenSpecialTokens)
{
    const ChatTemplate t(Family::DeepSeekV2);
    const std::vector<PromptPiece> expected = {
        {"<｜begin▁of▁sentence｜>", true},
        {"User: Hello\n\nAssistant: Hi", false},
        {"<｜end▁of▁sentence｜>", true},
        {"User: Bye\n\nAssistant:", false},
    };
    EXPECT_EQ(t.renderPieces({msg(Role::User, "Hello"), msg(Role::Assistant, "Hi"),
                              msg(Role::User, "Bye")}),
              expected);
}

// ---- Llama 3 -------------------------------------------------------------

TEST(ChatTemplateLlama3, MultiTurnTrimsEachMessage)
{
    const ChatTemplate t(Family::Llama3);
    EXPECT_EQ(t.render(conversation()),
              "<|begin_of_text|>"
              "<|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nWho are you<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\nI am an assistant<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nAnother question<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\n");
    EXPECT_EQ(t.stopStrings(),
              (std::vector<std::string>{"<|eot_id|>", "<|end_of_text|>", "<|eom_id|>"}));
}

TEST(ChatTemplateLlama3, PiecesKeepRoleNamesAsText)
{
    const ChatTemplate t(Family::Llama3);
    const std::vector<PromptPiece> expected = {
        {"<|begin_of_text|><|start_header_id|>", true},
        {"user", false},
        {"<|end_header_id|>", true},
        {"\n\nHi", false},
        {"<|eot_id|><|start_header_id|>", true},
        {"assistant", false},
        {"<|end_header_id|>", true},
        {"\n\n", false},
    };
    EXPECT_EQ(t.renderPieces({msg(Role::User, " Hi ")}), expected);
}

// ---- ChatML --------------------------------------------------------------

TEST(ChatTemplateChatML, MultiTurnKeepsSpaces)
{
    const ChatTemplate t(Family::ChatML);
    EXPECT_EQ(t.render(conversation()),
              "<|im_start|>system\nYou are a helpful assistant<|im_end|>\n"
              "<|im_start|>user\nHello<|im_end|>\n"
              "<|im_start|>assistant\nHi there<|im_end|>\n"
              "<|im_start|>user\nWho are you<|im_end|>\n"
              "<|im_start|>assistant\n   I am an assistant   <|im_end|>\n"
              "<|im_start|>user\nAnother question<|im_end|>\n"
              "<|im_start|>assistant\n");
    EXPECT_EQ(t.stopStrings(), (std::vector<std::string>{"<|im_end|>", "<|endoftext|>"}));
}

TEST(ChatTemplateChatML, Pieces)
{
    const ChatTemplate t(Family::ChatML);
    const std::vector<PromptPiece> expected = {
        {"<|im_start|>", true},
        {"user\nHi", false},
        {"<|im_end|>", true},
        {"\n", false},
        {"<|im_start|>", true},
        {"assistant\n", false},
    };
    EXPECT_EQ(t.renderPieces({msg(Role::User, "Hi")}), expected);
}

TEST(ChatTemplateChatML, QwenDefaultSystemPromptIsTakenFromTheTemplate)
{
    // The distinctive part of Qwen2.5's template: a fixed system turn when the
    // conversation has none (the Jinja source spells the newline as "\n").
    const std::string jinja =
        "{%- if messages[0]['role'] == 'system' %}"
        "{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}"
        "{%- else %}"
        "{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
        "assistant.<|im_end|>\\n' }}"
        "{%- endif %}";
    const ChatTemplate t = ChatTemplate::forModel(jinja);
    EXPECT_EQ(t.family(), Family::ChatML);
    EXPECT_EQ(t.render({msg(Role::User, "Hi")}),
              "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
              "assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    // A system message of the user's replaces it.
    EXPECT_EQ(t.render({msg(Role::System, "S"), msg(Role::User, "Hi")}),
              "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
              "<|im_start|>assistant\n");
}

} // namespace
} // namespace qiusuo::chat
