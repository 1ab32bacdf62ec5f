// VocabularyLoader::fromHfJson: Hugging Face tokenizer.json (BPE model,
// byte-level) and the tokenizer_config.json next to it.
#include "inference/tokenizer/vocabularyloader.h"

#include "inference/error.h"
#include "inference/tokenizer/pretokenizer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <unordered_map>

namespace qiusuo::tokenizer {

namespace {

using nlohmann::json;

json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("Cannot open the tokenizer file " + path.string() + ".");
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throw Error("The tokenizer file " + path.string() + " is not valid JSON: " + e.what());
    }
}

// Hugging Face's case-insensitive contraction group, spelled out so that
// PCRE2's Unicode caseless matching cannot widen it ('s' would also match 'ſ').
std::string spellOutContractions(std::string regex)
{
    const std::string from = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
    const std::string to = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
    for (std::size_t p = regex.find(from); p != std::string::npos; p = regex.find(from, p + to.size()))
        regex.replace(p, from.size(), to);
    return regex;
}

std::string quoteLiteral(const std::string& s)
{
    return "\\Q" + s + "\\E";
}

// Appends the regexes of one pre-tokenizer step; returns true when it was the
// byte-level step.
bool addPreTokenizerStep(const json& step, std::vector<std::string>& regexes, const std::string& file)
{
    const std::string type = step.value("type", "");
    if (type == "ByteLevel") {
        if (step.value("add_prefix_space", false))
            throw Error("The tokenizer in " + file + " adds a space before the text (add_prefix_space); "
                        "Qiusuo does not support that.");
        if (step.value("use_regex", true))
            regexes.push_back(PreTokenizer::regexesFor(PreType::Gpt2).front());
        return true;
    }
    if (type == "Split") {
        if (step.value("behavior", "") != "Isolated" || step.value("invert", false))
            throw Error("The tokenizer in " + file + " splits text with behavior \"" + step.value("behavior", "") +
                        "\"; only \"Isolated\" is supported.");
        const json& pattern = step.at("pattern");
        if (pattern.contains("Regex"))
            regexes.push_back(spellOutContractions(pattern.at("Regex").get<std::string>()));
        else if (pattern.contains("String"))
            regexes.push_back(quoteLiteral(pattern.at("String").get<std::string>()));
        else
            throw Error("The tokenizer in " + file + " has a Split step without a pattern.");
        return false;
    }
    if (type == "Digits") {
        regexes.push_back(step.value("individual_digits", false) ? "\\p{N}" : "\\p{N}+");
        return false;
    }
    throw Error("The tokenizer in " + file + " uses the pre-tokenizer \"" + type + "\", which is not supported.");
}

// Added tokens that are not marked special but look like control tokens
// (DeepSeek's <｜User｜>) are control tokens, as llama.cpp's GGUF converter
// decides; <think> stays user-defined.
bool looksSpecial(const std::string& t)
{
    const auto wrapped = [&](std::string_view open, std::string_view close) {
        return t.size() >= open.size() + close.size() && t.starts_with(open) && t.ends_with(close);
    };
    return t == "<pad>" || wrapped("<|", "|>") || wrapped("<｜", "｜>");
}

std::string tokenContent(const json& j)
{
    if (j.is_string())
        return j.get<std::string>();
    if (j.is_object() && j.contains("content"))
        return j.at("content").get<std::string>();
    return {};
}

} // namespace

Vocabulary VocabularyLoader::fromHfJson(const std::filesystem::path& tokenizerJson)
{
    const std::string file = tokenizerJson.string();
    const json root = readJson(tokenizerJson);
    Vocabulary v;
    try {
        const json& model = root.at("model");
        if (model.value("type", "BPE") != "BPE")
            throw Error("The tokenizer in " + file + " is of type \"" + model.value("type", "") +
                        "\"; Qiusuo reads byte-level BPE tokenizers.");

        // Ids: the model's vocabulary plus the added tokens; gaps become unused tokens.
        std::int64_t maxId = -1;
        for (const auto& [text, id] : model.at("vocab").items())
            maxId = std::max<std::int64_t>(maxId, id.get<std::int64_t>());
        const json added = root.value("added_tokens", json::array());
        for (const auto& t : added)
            maxId = std::max<std::int64_t>(maxId, t.at("id").get<std::int64_t>());
        if (maxId < 0)
            throw Error("The tokenizer in " + file + " has an empty vocabulary.");
        v.tokens.assign(static_cast<std::size_t>(maxId + 1), {});
        v.types.assign(v.tokens.size(), TokenType::Unused);
        for (const auto& [text, id] : model.at("vocab").items()) {
            const auto i = id.get<std::int64_t>();
            if (i < 0)
                throw Error("The tokenizer in " + file + " gives the token \"" + text + "\" a negative id.");
            v.tokens[static_cast<std::size_t>(i)] = text;
            v.types[static_cast<std::size_t>(i)] = TokenType::Normal;
        }
        for (const auto& t : added) {
            const auto i = static_cast<std::size_t>(t.at("id").get<std::int64_t>());
            v.tokens[i] = t.at("content").get<std::string>();
            v.types[i] = t.value("special", false) || looksSpecial(v.tokens[i]) ? TokenType::Control
                                                                                : TokenType::UserDefined;
        }
        for (std::size_t i = 0; i < v.tokens.size(); ++i)
            if (v.tokens[i].empty())
                v.tokens[i] = "<unused" + std::to_string(i) + ">";

        for (const auto& m : model.at("merges")) {
            if (m.is_array() && m.size() == 2) {
                v.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
                continue;
            }
            const std::string s = m.get<std::string>();
            const std::size_t space = s.find(' ', 1);
            if (space == std::string::npos)
                throw Error("The merge \"" + s + "\" in " + file + " is not two tokens separated by a space.");
            v.merges.emplace_back(s.substr(0, space), s.substr(space + 1));
        }
        v.ignoreMerges = model.value("ignore_merges", false);

        const json& normalizer = root.value("normalizer", json());
        if (!normalizer.is_null()) {
            const std::string type = normalizer.value("type", "");
            // NFC is not applied, as llama.cpp does not apply it to GGUF files;
            // an empty Sequence does nothing.
            const bool harmless = type == "NFC" ||
                                  (type == "Sequence" && normalizer.value("normalizers", json::array()).empty());
            if (!harmless)
                throw Error("The tokenizer in " + file + " uses the normalizer \"" + type +
                            "\", which is not supported.");
        }

        const json& pre = root.value("pre_tokenizer", json());
        bool byteLevel = false;
        if (!pre.is_null()) {
            if (pre.value("type", "") == "Sequence") {
                for (const auto& step : pre.at("pretokenizers"))
                    byteLevel = addPreTokenizerStep(step, v.customRegexes, file) || byteLevel;
            } else {
                byteLevel = addPreTokenizerStep(pre, v.customRegexes, file);
            }
        }
        if (!byteLevel)
            throw Error("The tokenizer in " + file + " is not byte-level (its pre-tokenizer has no ByteLevel step).");
        v.preType = PreType::Custom;
        v.preName = "tokenizer.json";
        if (v.customRegexes.empty())
            v.customRegexes.push_back("(?s).+");  // one word per special-free run of text
    } catch (const json::exception& e) {
        throw Error("The tokenizer file " + file + " is not in the expected format: " + e.what());
    }

    std::unordered_map<std::string, std::int32_t> ids;
    for (std::size_t i = 0; i < v.tokens.size(); ++i)
        ids.emplace(v.tokens[i], static_cast<std::int32_t>(i));
    const auto idOf = [&](const std::string& text) -> std::int32_t {
        const auto it = ids.find(text);
        return text.empty() || it == ids.end() ? -1 : it->second;
    };

    const auto configPath = tokenizerJson.parent_path() / "tokenizer_config.json";
    if (std::filesystem::exists(configPath)) {
        const json config = readJson(configPath);
        v.bos = idOf(tokenContent(config.value("bos_token", json())));
        v.eos = idOf(tokenContent(config.value("eos_token", json())));
        v.pad = idOf(tokenContent(config.value("pad_token", json())));
        v.unk = idOf(tokenContent(config.value("unk_token", json())));
        const json addBos = config.value("add_bos_token", json());
        v.addBos = addBos.is_boolean() && addBos.get<bool>() && v.bos >= 0;
        const json addEos = config.value("add_eos_token", json());
        v.addEos = addEos.is_boolean() && addEos.get<bool>() && v.eos >= 0;
    }
    // A post-processor template that starts with a special token adds it as BOS (Llama 3).
    const json& post = root.value("post_processor", json());
    if (post.is_object() && post.value("type", "") == "TemplateProcessing" && post.contains("single")) {
        const json& first = post.at("single").at(0);
        if (first.contains("SpecialToken")) {
            const std::int32_t id = idOf(first.at("SpecialToken").value("id", ""));
            if (id >= 0) {
                v.bos = id;
                v.addBos = true;
            }
        }
    }
    v.validate();
    return v;
}

} // namespace qiusuo::tokenizer
