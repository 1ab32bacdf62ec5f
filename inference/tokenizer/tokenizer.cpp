#include "inference/tokenizer/tokenizer.h"

#include "inference/error.h"
#include "inference/tokenizer/bpemodel.h"
#include "inference/tokenizer/bytelevel.h"
#include "inference/tokenizer/pretokenizer.h"
#include "inference/tokenizer/specialtokensplitter.h"
#include "inference/tokenizer/vocabularyloader.h"

#include <array>
#include <unordered_map>
#include <unordered_set>

namespace qiusuo::tokenizer {

namespace {

// Texts that end a turn in the chat formats we know (llama.cpp marks the
// same ones as end-of-generation whatever their type).
constexpr std::array<std::string_view, 10> kEogTexts{
    "<｜end▁of▁sentence｜>", "<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|endoftext|>",
    "<|end|>", "<end_of_turn>", "<EOT>", "_<EOT>", "<|end_of_text|>",
};

// The bytes a token stands for when decoded, per type.
std::string pieceOf(const std::string& text, TokenType type)
{
    switch (type) {
    case TokenType::Normal:
        return ByteLevel::decode(text);
    case TokenType::Byte:
        // "<0xAB>" in SentencePiece style, else byte-level text.
        if (text.size() == 6 && text.starts_with("<0x") && text.back() == '>')
            return std::string(1, static_cast<char>(std::stoi(text.substr(3, 2), nullptr, 16)));
        return ByteLevel::decode(text);
    case TokenType::UserDefined:
    case TokenType::Control:
    case TokenType::Unknown:
        return text;
    case TokenType::Unused:
    case TokenType::Undefined:
        return {};
    }
    return {};
}

} // namespace

struct Tokenizer::Impl {
    Vocabulary vocab;
    std::unordered_map<std::string, std::int32_t> textToId;
    std::vector<std::string> pieces;
    std::unordered_set<std::int32_t> eog;
    std::unique_ptr<BpeModel> bpe;
    std::unique_ptr<PreTokenizer> pre;
    std::unique_ptr<SpecialTokenSplitter> specials;

    explicit Impl(Vocabulary v) : vocab(std::move(v))
    {
        vocab.validate();
        const auto n = vocab.tokens.size();
        textToId.reserve(n);
        pieces.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            textToId.try_emplace(vocab.tokens[i], static_cast<std::int32_t>(i));
            pieces.push_back(pieceOf(vocab.tokens[i], vocab.types[i]));
        }
        for (const std::int32_t id : {vocab.eos, vocab.eot})
            if (id >= 0)
                eog.insert(id);
        for (const auto text : kEogTexts)
            if (const auto it = textToId.find(std::string(text)); it != textToId.end())
                eog.insert(it->second);
        bpe = std::make_unique<BpeModel>(vocab, textToId);
        pre = std::make_unique<PreTokenizer>(vocab.preType == PreType::Custom ? vocab.customRegexes
                                                                              : PreTokenizer::regexesFor(vocab.preType));
        specials = std::make_unique<SpecialTokenSplitter>(vocab);
    }

    void checkId(std::int32_t id) const
    {
        if (id < 0 || static_cast<std::size_t>(id) >= vocab.tokens.size())
            throw Error("Token id " + std::to_string(id) + " is outside the vocabulary of " +
                        std::to_string(vocab.tokens.size()) + " tokens.");
    }

    bool rendersAsText(std::int32_t id, bool renderSpecial) const
    {
        const TokenType t = vocab.types[static_cast<std::size_t>(id)];
        return renderSpecial || (t != TokenType::Control && t != TokenType::Unknown);
    }
};

Tokenizer::Tokenizer(Vocabulary vocab) : d(std::make_unique<Impl>(std::move(vocab))) {}

Tokenizer::~Tokenizer() = default;

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(const gguf::GgufFile& file)
{
    return fromVocabulary(VocabularyLoader::fromGguf(file));
}

std::unique_ptr<Tokenizer> Tokenizer::fromHfJson(const std::filesystem::path& tokenizerJson)
{
    return fromVocabulary(VocabularyLoader::fromHfJson(tokenizerJson));
}

std::unique_ptr<Tokenizer> Tokenizer::fromVocabulary(Vocabulary vocab)
{
    return std::unique_ptr<Tokenizer>(new Tokenizer(std::move(vocab)));
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, bool addBos, bool parseSpecial) const
{
    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 2);
    if (addBos && d->vocab.addBos)
        ids.push_back(d->vocab.bos);

    std::vector<SpecialTokenSplitter::Fragment> fragments;
    d->specials->split(text, parseSpecial, fragments);
    std::vector<std::string_view> words;
    for (const auto& f : fragments) {
        if (f.id >= 0) {
            ids.push_back(f.id);
            continue;
        }
        words.clear();
        d->pre->split(f.text, words);
        for (const auto w : words)
            d->bpe->encodeWord(w, ids);
    }

    if (addBos && d->vocab.addEos && d->vocab.eos >= 0)
        ids.push_back(d->vocab.eos);
    return ids;
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids, bool renderSpecial) const
{
    std::string out;
    for (const std::int32_t id : ids) {
        d->checkId(id);
        if (d->rendersAsText(id, renderSpecial))
            out += d->pieces[static_cast<std::size_t>(id)];
    }
    return out;
}

std::string Tokenizer::tokenPiece(std::int32_t id, bool renderSpecial) const
{
    d->checkId(id);
    return d->rendersAsText(id, renderSpecial) ? d->pieces[static_cast<std::size_t>(id)] : std::string();
}

const std::string& Tokenizer::tokenText(std::int32_t id) const
{
    d->checkId(id);
    return d->vocab.tokens[static_cast<std::size_t>(id)];
}

TokenType Tokenizer::tokenType(std::int32_t id) const
{
    d->checkId(id);
    return d->vocab.types[static_cast<std::size_t>(id)];
}

std::optional<std::int32_t> Tokenizer::tokenId(std::string_view text) const
{
    const auto it = d->textToId.find(std::string(text));
    if (it == d->textToId.end())
        return std::nullopt;
    return it->second;
}

std::int32_t Tokenizer::vocabSize() const { return static_cast<std::int32_t>(d->vocab.tokens.size()); }
std::int32_t Tokenizer::bos() const { return d->vocab.bos; }
std::int32_t Tokenizer::eos() const { return d->vocab.eos; }
std::int32_t Tokenizer::eot() const { return d->vocab.eot; }
std::int32_t Tokenizer::pad() const { return d->vocab.pad; }
bool Tokenizer::addsBos() const { return d->vocab.addBos; }

bool Tokenizer::isEog(std::int32_t id) const
{
    return d->eog.count(id) != 0;
}

bool Tokenizer::isControl(std::int32_t id) const
{
    return id >= 0 && id < vocabSize() && d->vocab.types[static_cast<std::size_t>(id)] == TokenType::Control;
}

PreType Tokenizer::preType() const { return d->vocab.preType; }
const Vocabulary& Tokenizer::vocabulary() const { return d->vocab; }

} // namespace qiusuo::tokenizer
