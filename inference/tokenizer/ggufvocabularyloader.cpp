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

Vocabulary VocabularyLoader::fromGguf(const gguf::GgufFile& file)
{
    const auto model = file.getString("tokenizer.ggml.model");
    if (!model)
        throw Error("The model file" + where(file) + " has no tokenizer (tokenizer.ggml.model is missing).");
    if (*model != "gpt2")
        throw Error("The model's tokenizer type \"" + *model + "\"" + where(file) +
                    " is not supported; Qiusuo reads byte-level BPE tokenizers (\"gpt2\"), as DeepSeek models use.");

    Vocabulary v;
    const auto& tokens = requireArray(file, "tokenizer.ggml.tokens", gguf::ValueType::String);
    v.tokens.reserve(tokens.items.size());
    for (const auto& t : tokens.items)
        v.tokens.push_back(*t.asString());

    v.types.assign(v.tokens.size(), TokenType::Normal);  // llama.cpp's default when the list is absent
    if (const gguf::Array* typesArray = file.getArray("tokenizer.ggml.token_type")) {
        const auto& types = *typesArray;  // any integer type; each value is checked below
        if (types.items.size() != v.tokens.size())
            throw Error("The tokenizer" + where(file) + " has " + std::to_string(v.tokens.size()) + " tokens but " +
                        std::to_string(types.items.size()) + " token types.");
        for (std::size_t i = 0; i < types.items.size(); ++i) {
            const auto t = types.items[i].asInt().value_or(-1);
            if (t < 0 || t > static_cast<std::int64_t>(TokenType::Byte))
                throw Error("Token " + std::to_string(i) + where(file) + " has the unknown token type " +
                            std::to_string(t) + ".");
            v.types[i] = static_cast<TokenType>(t);
        }
    }

    const auto& merges = requireArray(file, "tokenizer.ggml.merges", gguf::ValueType::String);
    v.merges.reserve(merges.items.size());
    for (std::size_t i = 0; i < merges.items.size(); ++i) {
        const std::string& m = *merges.items[i].asString();
        const std::size_t space = m.find(' ', 1);
        if (space == std::string::npos || space + 1 >= m.size())
            throw Error("Merge " + std::to_string(i) + " \"" + m + "\"" + where(file) +
                        " is not two tokens separated by a space.");
        v.merges.emplace_back(m.substr(0, space), m.substr(space + 1));
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

    const std::size_t n = v.tokens.size();
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
    v.validate();
    return v;
}

} // namespace qiusuo::tokenizer
