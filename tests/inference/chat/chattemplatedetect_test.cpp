// Recognizing a model's chat template from its Jinja text, the override by
// name, and the errors a user meets when neither works.

#include "inference/chat/chattemplate.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace qiusuo::chat {
namespace {

using Family = ChatTemplate::Family;

// Excerpts of the official templates with the parts that tell them apart
// (the full texts run to several kilobytes of tool-call handling).
const std::string kR1Excerpt =
    "{{bos_token}}{{ns.system_prompt}}{%- for message in messages %}{%- if message['role'] == "
    "'user' %}{{'<｜User｜>' + message['content']}}{%- endif %}{% set content = message['content'] "
    "%}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif "
    "%}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endfor -%}{% if "
    "add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\\n'}}{% endif %}";
const std::string kV3Excerpt =
    "{{ bos_token }}{{ ns.system_prompt }}{%- for message in messages %}{%- if message['role'] == "
    "'user' %}{{'<｜User｜>' + message['content']}}{%- endif %}{{'<｜Assistant｜>' + "
    "message['content'] + '<｜end▁of▁sentence｜>'}}{%- endfor -%}{% if add_generation_prompt and "
    "not ns.is_tool %}{{'<｜Assistant｜>'}}{% endif %}";
const std::string kV2Template =
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif "
    "%}{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ 'User: ' + "
    "message['content'] + '\\n\\n' }}{% elif message['role'] == 'assistant' %}{{ 'Assistant: ' + "
    "message['content'] + eos_token }}{% elif message['role'] == 'system' %}{{ message['content'] "
    "+ '\\n\\n' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif "
    "%}";
const std::string kLlama3Template =
    "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
    "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | "
    "trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% "
    "endif %}{{ content }}{% endfor %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}";
const std::string kChatMLTemplate =
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] "
    "+ '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' "
    "}}{% endif %}";

TEST(ChatTemplateDetect, RecognizesEachFamily)
{
    EXPECT_EQ(ChatTemplate::recognize(kR1Excerpt), Family::DeepSeekR1);
    EXPECT_EQ(ChatTemplate::recognize(kV3Excerpt), Family::DeepSeekV3);
    EXPECT_EQ(ChatTemplate::recognize(kV2Template), Family::DeepSeekV2);
    EXPECT_EQ(ChatTemplate::recognize(kLlama3Template), Family::Llama3);
    EXPECT_EQ(ChatTemplate::recognize(kChatMLTemplate), Family::ChatML);
}

TEST(ChatTemplateDetect, UnknownTemplatesAreNotGuessed)
{
    EXPECT_EQ(ChatTemplate::recognize(""), std::nullopt);
    EXPECT_EQ(ChatTemplate::recognize("{{ '<start_of_turn>' + role }}"), std::nullopt);
    // ASCII bars are not DeepSeek's tokens.
    EXPECT_EQ(ChatTemplate::recognize("{{'<|User|>' + c + '<|Assistant|>'}}"), std::nullopt);
}

TEST(ChatTemplateDetect, TinyModelsCarryTheR1Template)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2.gguf");
    const auto file = gguf::GgufFile::open(path);
    const auto jinja = file->getString("tokenizer.chat_template");
    ASSERT_TRUE(jinja.has_value());
    EXPECT_EQ(ChatTemplate::recognize(*jinja), Family::DeepSeekR1);

    const ChatTemplate t = ChatTemplate::forGguf(*file);
    EXPECT_EQ(t.family(), Family::DeepSeekR1);
    EXPECT_EQ(t.bosText(), "<｜begin▁of▁sentence｜>");
    EXPECT_EQ(t.eosText(), "<｜end▁of▁sentence｜>");
}

TEST(ChatTemplateDetect, OverrideByNameWins)
{
    EXPECT_EQ(ChatTemplate::forModel(kR1Excerpt, "chatml").family(), Family::ChatML);
    EXPECT_EQ(ChatTemplate::forModel("", "deepseek-v2").family(), Family::DeepSeekV2);
    EXPECT_EQ(ChatTemplate::forModel(kChatMLTemplate).family(), Family::ChatML);
}

TEST(ChatTemplateDetect, NamesRoundTripAndLlamaCppAliases)
{
    for (const std::string& name : ChatTemplate::names())
        EXPECT_EQ(ChatTemplate(ChatTemplate::familyByName(name)).name(), name);
    EXPECT_EQ(ChatTemplate::names().size(), 5u);
    EXPECT_EQ(ChatTemplate::familyByName("deepseek3"), Family::DeepSeekV3);
    EXPECT_EQ(ChatTemplate::familyByName("deepseek2"), Family::DeepSeekV2);
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ChatTemplateDetect, UnknownNameIsAClearError)
{
    const std::string e = errorOf([] { ChatTemplate::familyByName("vicuna"); });
    EXPECT_NE(e.find("\"vicuna\""), std::string::npos) << e;
    EXPECT_NE(e.find("deepseek-r1, deepseek-v3, deepseek-v2, llama3, chatml"), std::string::npos)
        << e;
}

TEST(ChatTemplateDetect, MissingOrUnrecognizedTemplateIsAClearError)
{
    const std::string missing = errorOf([] { ChatTemplate::forModel("  "); });
    EXPECT_NE(missing.find("no chat template"), std::string::npos) << missing;
    EXPECT_NE(missing.find("deepseek-r1"), std::string::npos) << missing;
    const std::string unknown = errorOf([] { ChatTemplate::forModel("{{ '<start_of_turn>' }}"); });
    EXPECT_NE(unknown.find("not one Qiusuo recognizes"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("chatml"), std::string::npos) << unknown;
}

} // namespace
} // namespace qiusuo::chat
