#include "inference/models/genmodeltokenizer.h"

#include "inference/error.h"
#include "inference/gguf/ggufwriter.h"

#include <array>
#include <string_view>
#include <utility>
#include <vector>

namespace qiusuo::models {

namespace {

// Token types as GGUF stores them (tokenizer.ggml.token_type).
constexpr std::int32_t kNormal = 1;
constexpr std::int32_t kControl = 3;
constexpr std::int32_t kUserDefined = 4;

// A few merges, each pair's result a token right after the byte tokens.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kMerges{{
    {"Ġ", "t"}, {"h", "e"}, {"Ġt", "he"}, {"i", "n"}, {"Ġ", "a"},
    {"e", "r"}, {"o", "n"}, {"r", "e"}, {"Ġ", "s"}, {"a", "t"},
}};

struct Special {
    std::string_view text;
    std::int32_t type;
};
// Order fixes the ids in genModelSpecialIds().
constexpr std::array<Special, 7> kSpecials{{
    {"<｜begin▁of▁sentence｜>", kControl},
    {"<｜end▁of▁sentence｜>", kControl},
    {"<｜User｜>", kControl},
    {"<｜Assistant｜>", kControl},
    {"<｜▁pad▁｜>", kControl},
    {"<think>", kUserDefined},
    {"</think>", kUserDefined},
}};

constexpr std::int32_t kFirstSpecial = 256 + static_cast<std::int32_t>(kMerges.size());

// The R1 conversation format: BOS, the system prompt, then
// <｜User｜>question<｜Assistant｜>answer<｜end▁of▁sentence｜> per turn, with the
// reasoning cut from earlier answers, and <｜Assistant｜><think>\n to generate.
constexpr std::string_view kR1Template =
    "{%- if not add_generation_prompt is defined -%}{%- set add_generation_prompt = false -%}{%- endif -%}"
    "{{- bos_token -}}"
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'system' -%}{{- message['content'] -}}{%- endif -%}"
    "{%- endfor -%}"
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'user' -%}"
    "{{- '<｜User｜>' + message['content'] -}}"
    "{%- elif message['role'] == 'assistant' -%}"
    "{%- set content = message['content'] -%}"
    "{%- if '</think>' in content -%}{%- set content = content.split('</think>')[-1] -%}{%- endif -%}"
    "{{- '<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<｜Assistant｜><think>\\n' -}}{%- endif -%}";

// V3: the same turn tokens, answers sent back whole, no think block.
constexpr std::string_view kV3Template =
    "{%- if not add_generation_prompt is defined -%}{%- set add_generation_prompt = false -%}{%- endif -%}"
    "{{- bos_token -}}"
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'system' -%}{{- message['content'] -}}{%- endif -%}"
    "{%- endfor -%}"
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'user' -%}"
    "{{- '<｜User｜>' + message['content'] -}}"
    "{%- elif message['role'] == 'assistant' -%}"
    "{{- '<｜Assistant｜>' + message['content'] + '<｜end▁of▁sentence｜>' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<｜Assistant｜>' -}}{%- endif -%}";

// V2 / V2-Lite chat: plain-text roles, the answer ended by EOS.
constexpr std::string_view kV2Template =
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}"
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{% if message['role'] == 'user' %}{{ 'User: ' + message['content'] + '\\n\\n' }}"
    "{% elif message['role'] == 'assistant' %}{{ 'Assistant: ' + message['content'] + eos_token }}"
    "{% elif message['role'] == 'system' %}{{ message['content'] + '\\n\\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

std::string_view chatTemplate(const std::string& format)
{
    if (format == "deepseek-r1")
        return kR1Template;
    if (format == "deepseek-v3")
        return kV3Template;
    if (format == "deepseek-v2")
        return kV2Template;
    throw Error("gen-model has no chat template '" + format + "'; it writes deepseek-r1, deepseek-v3 and deepseek-v2");
}

void appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// GPT-2's byte-to-text map: printable bytes stand for themselves, the
/// others for the code points 256, 257, ... in byte order.
std::array<std::string, 256> byteTokens()
{
    std::array<std::string, 256> out;
    std::uint32_t next = 256;
    for (std::uint32_t b = 0; b < 256; ++b) {
        const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
        appendUtf8(out[b], printable ? b : next++);
    }
    return out;
}

} // namespace

std::int32_t genModelMinimumVocab()
{
    return kFirstSpecial + static_cast<std::int32_t>(kSpecials.size());
}

GenModelSpecialIds genModelSpecialIds()
{
    return {kFirstSpecial, kFirstSpecial + 1, kFirstSpecial + 2, kFirstSpecial + 3,
            kFirstSpecial + 4, kFirstSpecial + 5, kFirstSpecial + 6};
}

void addGenModelTokenizer(gguf::GgufWriter& writer, const std::string& preTokenizer, const std::string& chatFormat,
                          std::int32_t vocabSize)
{
    const std::string_view jinja = chatTemplate(chatFormat);
    if (vocabSize < genModelMinimumVocab())
        throw Error("a generated model needs a vocabulary of at least " + std::to_string(genModelMinimumVocab()) +
                    " tokens (256 bytes, merges and special tokens), not " + std::to_string(vocabSize));
    std::vector<std::string> tokens;
    std::vector<std::int32_t> types;
    tokens.reserve(static_cast<std::size_t>(vocabSize));
    types.reserve(static_cast<std::size_t>(vocabSize));
    for (const std::string& t : byteTokens()) {
        tokens.push_back(t);
        types.push_back(kNormal);
    }
    std::vector<std::string> merges;
    for (const auto& [left, right] : kMerges) {
        tokens.push_back(std::string(left) + std::string(right));
        types.push_back(kNormal);
        merges.push_back(std::string(left) + " " + std::string(right));
    }
    for (const Special& s : kSpecials) {
        tokens.emplace_back(s.text);
        types.push_back(s.type);
    }
    // Fillers are ordinary byte-level words no merge reaches, so no text encodes to them.
    while (static_cast<std::int32_t>(tokens.size()) < vocabSize) {
        tokens.push_back("Ġfiller" + std::to_string(tokens.size()));
        types.push_back(kNormal);
    }

    const GenModelSpecialIds ids = genModelSpecialIds();
    writer.setString("tokenizer.ggml.model", "gpt2");
    writer.setString("tokenizer.ggml.pre", preTokenizer);
    writer.set("tokenizer.ggml.tokens", gguf::Value::ofStrings(tokens));
    writer.set("tokenizer.ggml.token_type", gguf::Value::ofInt32s(types));
    writer.set("tokenizer.ggml.merges", gguf::Value::ofStrings(merges));
    writer.setUint32("tokenizer.ggml.bos_token_id", static_cast<std::uint32_t>(ids.bos));
    writer.setUint32("tokenizer.ggml.eos_token_id", static_cast<std::uint32_t>(ids.eos));
    writer.setUint32("tokenizer.ggml.padding_token_id", static_cast<std::uint32_t>(ids.pad));
    writer.setBool("tokenizer.ggml.add_bos_token", true);
    writer.setBool("tokenizer.ggml.add_eos_token", false);
    writer.setString("tokenizer.chat_template", std::string(jinja));
}

} // namespace qiusuo::models
