// VocabularyLoader::fromGguf: the tokenizer.ggml.* keys written by
// llama.cpp's converter.
#include "inference/tokenizer/vocabularyloader.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"

namespace qiusuo::tokenizer {

namespace {

std::string where(const gguf::GgufFile& file)
{
    return " in " + file.path().filename().string();
}

const gguf::Array& requireArray(const gguf::GgufFile& file, const char* key, gguf::ValueType element)
{
    const gguf::Array* a = file.getArray(key);
    if (!a)
        throw Error(std::string("The model's tokenizer has no ") + key + where(file) + ".");
    if (a->elementType != element)
        throw Error(std::string("The tokenizer list ") + key + where(file) + " holds " +
                    std::string(gguf::valueTypeName(a->elementType)) + " values where " +
                    std::string(gguf::valueTypeName(element)) + " was expected.");
    return *a;
}

std::int32_t optionalId(const gguf::GgufFile& file, const char* key, std::size_t vocabSize)
{
    const auto v = file.getInt(key);
    if (!v)
        return -1;
    if (*v < 0 || static_cast<std::uint64_t>(*v) >= vocabSize)
        throw Error(std::string("The tokenizer's ") + key + " = " + std::to_string(*v) + where(file) +
                    " is outside the vocabulary of " + std::to_string(vocabSize) + " tokens.");
    return static_cast<std::int32_t>(*v);
}

} // namespace

std::optional<std::pair<std::string_view, std::string_view>> VocabularyLoader::splitMerge(std::string_view merge)
{
    const std::size_t space = merge.find(' ', 1);
    if (space == std::string_view::npos || space + 1 >= merge.size())
        return std::nullopt;
    return std::make_pair(merge.substr(0, space), merge.substr(space + 1));
}

Vocabulary VocabularyLoader::fromGguf(const gguf::GgufFile& file)
{
    GgufVocabulary g = readGguf(file);
    Vocabulary v = std::move(g.settings);
    v.tokens.reserve(g.tokens->size());
    for (std::size_t i = 0; i < g.tokens->size(); ++i)
        v.tokens.emplace_back(g.tokens->stringAt(i));
    v.merges.reserve(g.merges->size());
    for (std::size_t i = 0; i < g.merges->size(); ++i) {
        const auto [left, right] = *splitMerge(g.merges->stringAt(i));
        v.merges.emplace_back(left, right);
    }
    v.validate();
    return v;
}

GgufVocabulary VocabularyLoader::readGguf(const gguf::GgufFile& file)
{
    const auto model = file.getString("tokenizer.ggml.model");
    if (!model)
        throw Error("The model file" + where(file) + " has no tokenizer (tokenizer.ggml.model is missing).");
    if (*model != "gpt2")
        throw Error("The model's tokenizer type \"" + *model + "\"" + where(file) +
                    " is not supported; Qiusuo reads byte-level BPE tokenizers (\"gpt2\"), as DeepSeek models use.");

    GgufVocabulary g;
    Vocabulary& v = g.settings;
    const auto& tokens = requireArray(file, "tokenizer.ggml.tokens", gguf::ValueType::String).items;
    g.tokens = &tokens;
    const std::size_t n = tokens.size();
    for (std::size_t i = 0; i < n; ++i)
        if (tokens.stringAt(i).empty())
            throw Error("Token " + std::to_string(i) + " of the tokenizer vocabulary has an empty text.");

    v.types.assign(n, TokenType::Normal);  // llama.cpp's default when the list is absent
    if (const gguf::Array* typesArray = file.getArray("tokenizer.ggml.token_type")) {
        const auto& types = typesArray->items;  // any integer type; each value is checked below
        if (types.size() != n)
            throw Error("The tokenizer" + where(file) + " has " + std::to_string(n) + " tokens but " +
                        std::to_string(types.size()) + " token types.");
        for (std::size_t i = 0; i < types.size(); ++i) {
            const auto t = types.intAt(i).value_or(-1);
            if (t < 0 || t > static_cast<std::int64_t>(TokenType::Byte))
                throw Error("Token " + std::to_string(i) + where(file) + " has the unknown token type " +
                            std::to_string(t) + ".");
            v.types[i] = static_cast<TokenType>(t);
        }
    }

    const auto& merges = requireArray(file, "tokenizer.ggml.merges", gguf::ValueType::String).items;
    g.merges = &merges;
    for (std::size_t i = 0; i < merges.size(); ++i) {
        const std::string_view m = merges.stringAt(i);
        if (!splitMerge(m))
            throw Error("Merge " + std::to_string(i) + " \"" + std::string(m) + "\"" + where(file) +
                        " is not two tokens separated by a space.");
    }

    if (const auto pre = file.getString("tokenizer.ggml.pre")) {
        const auto type = preTypeFromName(*pre);
        if (!type)
            throw Error("The tokenizer's pre-tokenizer \"" + *pre + "\"" + where(file) +
                        " is not supported (supported: " + std::string(supportedPreTypeNames()) + ").");
        v.preType = *type;
        v.preName = *pre;
    }
    // llama.cpp: llama-bpe matches whole words first and adds BOS unless told otherwise.
    v.ignoreMerges = v.preType == PreType::Llama3;
    v.addBos = v.preType == PreType::Llama3;

    v.bos = optionalId(file, "tokenizer.ggml.bos_token_id", n);
    v.eos = optionalId(file, "tokenizer.ggml.eos_token_id", n);
    v.eot = optionalId(file, "tokenizer.ggml.eot_token_id", n);
    v.pad = optionalId(file, "tokenizer.ggml.padding_token_id", n);
    v.unk = optionalId(file, "tokenizer.ggml.unknown_token_id", n);
    if (const auto b = file.getBool("tokenizer.ggml.add_bos_token"))
        v.addBos = *b;
    if (const auto e = file.getBool("tokenizer.ggml.add_eos_token"))
        v.addEos = *e;
    if (v.addBos && v.bos < 0)
        throw Error("The tokenizer" + where(file) + " asks for a BOS token but tokenizer.ggml.bos_token_id is missing.");
    v.validateSettings(n);
    return g;
}

} // namespace qiusuo::tokenizer
