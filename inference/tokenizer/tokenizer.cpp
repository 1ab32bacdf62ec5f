#include "inference/tokenizer/tokenizer.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/tokenizer/bpemodel.h"
#include "inference/tokenizer/bytelevel.h"
#include "inference/tokenizer/pretokenizer.h"
#include "inference/tokenizer/specialtokensplitter.h"
#include "inference/tokenizer/tokentable.h"
#include "inference/tokenizer/vocabularyloader.h"

#include <array>
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
std::string pieceOf(std::string_view text, TokenType type)
{
    switch (type) {
    case TokenType::Normal:
        return ByteLevel::decode(text);
    case TokenType::Byte:
        // "<0xAB>" in SentencePiece style, else byte-level text.
        if (text.size() == 6 && text.starts_with("<0x") && text.back() == '>')
            return std::string(1, static_cast<char>(std::stoi(std::string(text.substr(3, 2)), nullptr, 16)));
        return ByteLevel::decode(text);
    case TokenType::UserDefined:
    case TokenType::Control:
    case TokenType::Unknown:
        return std::string(text);
    case TokenType::Unused:
    case TokenType::Undefined:
        return {};
    }
    return {};
}

/// The vocabulary without its lists (what the tables do not hold).
Vocabulary settingsOf(Vocabulary v)
{
    v.tokens = {};
    v.types = {};
    v.merges = {};
    return v;
}

} // namespace

struct Tokenizer::Impl {
    Vocabulary settings;  ///< tokens, types and merges empty: they are in the tables below
    std::unique_ptr<TokenTable> tokens;
    std::unordered_set<std::int32_t> eog;
    std::unique_ptr<BpeModel> bpe;
    std::unique_ptr<PreTokenizer> pre;
    std::unique_ptr<SpecialTokenSplitter> specials;

    /// After `tokens` is set: the tables over it. Pieces are decoded when
    /// asked for rather than kept (a few bytes each, decoded in nanoseconds).
    void build(std::size_t mergeCount, const BpeModel::MergeAt& mergeAt)
    {
        for (const std::int32_t id : {settings.eos, settings.eot})
            if (id >= 0)
                eog.insert(id);
        for (const auto text : kEogTexts)
            if (const std::int32_t id = tokens->find(text); id >= 0)
                eog.insert(id);
        bpe = std::make_unique<BpeModel>(*tokens, mergeCount, mergeAt, settings.ignoreMerges, settings.unk);
        pre = std::make_unique<PreTokenizer>(settings.preType == PreType::Custom
                                                 ? settings.customRegexes
                                                 : PreTokenizer::regexesFor(settings.preType));
        specials = std::make_unique<SpecialTokenSplitter>(*tokens);
    }

    static std::unique_ptr<Impl> fromVocabulary(Vocabulary v)
    {
        v.validate();
        auto d = std::make_unique<Impl>();
        const std::vector<std::string_view> texts(v.tokens.begin(), v.tokens.end());
        d->tokens = std::make_unique<TokenTable>(texts, std::move(v.types));
        const auto merges = std::move(v.merges);
        d->settings = settingsOf(std::move(v));
        d->build(merges.size(), [&](std::size_t rank) {
            return std::pair<std::string_view, std::string_view>(merges[rank].first, merges[rank].second);
        });
        return d;
    }

    /// `owner` null: the texts are copied, so the file may close after.
    static std::unique_ptr<Impl> fromGguf(const gguf::GgufFile& file, std::shared_ptr<const gguf::GgufFile> owner)
    {
        GgufVocabulary g = VocabularyLoader::readGguf(file);
        auto d = std::make_unique<Impl>();
        if (owner) {
            d->tokens = std::make_unique<TokenTable>(*g.tokens, std::move(owner), std::move(g.settings.types));
        } else {
            std::vector<std::string_view> texts(g.tokens->size());
            for (std::size_t i = 0; i < texts.size(); ++i)
                texts[i] = g.tokens->stringAt(i);
            d->tokens = std::make_unique<TokenTable>(texts, std::move(g.settings.types));
        }
        d->settings = settingsOf(std::move(g.settings));
        const gguf::ValueList& merges = *g.merges;  // in the file, alive for this call
        d->build(merges.size(), [&](std::size_t rank) { return *VocabularyLoader::splitMerge(merges.stringAt(rank)); });
        return d;
    }

    void checkId(std::int32_t id) const
    {
        if (id < 0 || static_cast<std::size_t>(id) >= tokens->size())
            throw Error("Token id " + std::to_string(id) + " is outside the vocabulary of " +
                        std::to_string(tokens->size()) + " tokens.");
    }

    bool rendersAsText(std::int32_t id, bool renderSpecial) const
    {
        const TokenType t = tokens->type(id);
        return renderSpecial || (t != TokenType::Control && t != TokenType::Unknown);
    }
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

Tokenizer::~Tokenizer() = default;

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(std::shared_ptr<const gguf::GgufFile> file)
{
    const gguf::GgufFile& f = *file;
    return std::unique_ptr<Tokenizer>(new Tokenizer(Impl::fromGguf(f, std::move(file))));
}

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(const gguf::GgufFile& file)
{
    return std::unique_ptr<Tokenizer>(new Tokenizer(Impl::fromGguf(file, nullptr)));
}

std::unique_ptr<Tokenizer> Tokenizer::fromHfJson(const std::filesystem::path& tokenizerJson)
{
    return fromVocabulary(VocabularyLoader::fromHfJson(tokenizerJson));
}

std::unique_ptr<Tokenizer> Tokenizer::fromVocabulary(Vocabulary vocab)
{
    return std::unique_ptr<Tokenizer>(new Tokenizer(Impl::fromVocabulary(std::move(vocab))));
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, bool addBos, bool parseSpecial) const
{
    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 2);
    if (addBos && d->settings.addBos)
        ids.push_back(d->settings.bos);

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

    if (addBos && d->settings.addEos && d->settings.eos >= 0)
        ids.push_back(d->settings.eos);
    return ids;
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids, bool renderSpecial) const
{
    std::string out;
    for (const std::int32_t id : ids) {
        d->checkId(id);
        if (d->rendersAsText(id, renderSpecial))
            out += pieceOf(d->tokens->text(id), d->tokens->type(id));
    }
    return out;
}

std::string Tokenizer::tokenPiece(std::int32_t id, bool renderSpecial) const
{
    d->checkId(id);
    return d->rendersAsText(id, renderSpecial) ? pieceOf(d->tokens->text(id), d->tokens->type(id)) : std::string();
}

std::string_view Tokenizer::tokenText(std::int32_t id) const
{
    d->checkId(id);
    return d->tokens->text(id);
}

TokenType Tokenizer::tokenType(std::int32_t id) const
{
    d->checkId(id);
    return d->tokens->type(id);
}

std::optional<std::int32_t> Tokenizer::tokenId(std::string_view text) const
{
    const std::int32_t id = d->tokens->find(text);
    return id < 0 ? std::nullopt : std::optional<std::int32_t>(id);
}

std::int32_t Tokenizer::vocabSize() const { return static_cast<std::int32_t>(d->tokens->size()); }
std::int32_t Tokenizer::bos() const { return d->settings.bos; }
std::int32_t Tokenizer::eos() const { return d->settings.eos; }
std::int32_t Tokenizer::eot() const { return d->settings.eot; }
std::int32_t Tokenizer::pad() const { return d->settings.pad; }
bool Tokenizer::addsBos() const { return d->settings.addBos; }

bool Tokenizer::isEog(std::int32_t id) const
{
    return d->eog.count(id) != 0;
}

bool Tokenizer::isControl(std::int32_t id) const
{
    return id >= 0 && id < vocabSize() && d->tokens->type(id) == TokenType::Control;
}

PreType Tokenizer::preType() const { return d->settings.preType; }
Vocabulary Tokenizer::vocabulary() const
{
    Vocabulary v = d->settings;
    const auto n = static_cast<std::int32_t>(d->tokens->size());
    v.tokens.reserve(static_cast<std::size_t>(n));
    v.types.reserve(static_cast<std::size_t>(n));
    for (std::int32_t id = 0; id < n; ++id) {
        v.tokens.emplace_back(d->tokens->text(id));
        v.types.push_back(d->tokens->type(id));
    }
    for (const auto& [left, right] : d->bpe->mergesInUse())
        v.merges.emplace_back(d->tokens->text(left), d->tokens->text(right));
    return v;
}

} // namespace qiusuo::tokenizer
