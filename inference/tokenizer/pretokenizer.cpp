#include "inference/tokenizer/pretokenizer.h"

#include "inference/error.h"
#include "inference/tokenizer/utf8.h"

#include <algorithm>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace qiusuo::tokenizer {

namespace {

// The pre-tokenizer regexes of the models' own tokenizer.json files. Where
// the original uses (?i:'s|...), the case-insensitive group is spelled out
// ('[sS]) so that caseless Unicode matching cannot widen it (PCRE2 would let
// 's' match U+017F LATIN SMALL LETTER LONG S).
const char* const kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

const char* const kLlama3 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// As llama3, but digits one at a time.
const char* const kQwen2 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// DeepSeek LLM (V2): its tokenizer.json lists the cased letters of many
// scripts explicitly.
const char* const kDeepseekLlmLetters =
    R"(\s?[A-Za-z\x{B5}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{1BA}\x{1BC}-\x{1BF}\x{1C4}-\x{293})"
    R"(\x{295}-\x{2AF}\x{370}-\x{373}\x{376}\x{377}\x{37B}-\x{37D}\x{37F}\x{386}\x{388}-\x{38A})"
    R"(\x{38C}\x{38E}-\x{3A1}\x{3A3}-\x{3F5}\x{3F7}-\x{481}\x{48A}-\x{52F}\x{531}-\x{556})"
    R"(\x{10A0}-\x{10C5}\x{13A0}-\x{13F5}\x{13F8}-\x{13FD}\x{1C90}-\x{1CBA}\x{1CBD}-\x{1CBF})"
    R"(\x{1D00}-\x{1D2B}\x{1D6B}-\x{1D77}\x{1D79}-\x{1D9A}\x{1E00}-\x{1F15}\x{1F18}-\x{1F1D})"
    R"(\x{1F20}-\x{1F45}\x{1F48}-\x{1F4D}\x{1F50}-\x{1F57}\x{1F59}\x{1F5B}\x{1F5D}\x{1F5F}-\x{1F7D})"
    R"(\x{1F80}-\x{1FB4}\x{1FB6}-\x{1FBC}\x{1FBE}\x{1FC2}-\x{1FC4}\x{1FC6}-\x{1FCC}\x{1FD0}-\x{1FD3})"
    R"(\x{1FD6}-\x{1FDB}\x{1FE0}-\x{1FEC}\x{1FF2}-\x{1FF4}\x{1FF6}-\x{1FFC}\x{2102}\x{2107})"
    R"(\x{210A}-\x{2113}\x{2115}\x{2119}-\x{211D}\x{2124}\x{2126}\x{2128}\x{212A}-\x{212D})"
    R"(\x{212F}-\x{2134}\x{2139}\x{213C}-\x{213F}\x{2145}-\x{2149}\x{214E}\x{2183}\x{2184})"
    R"(\x{2C00}-\x{2C7B}\x{2C7E}-\x{2CE4}\x{2CEB}-\x{2CEE}\x{2CF2}\x{2CF3}\x{A640}-\x{A66D})"
    R"(\x{A680}-\x{A69B}\x{A722}-\x{A76F}\x{A771}-\x{A787}\x{A78B}-\x{A78E}\x{AB70}-\x{ABBF})"
    R"(\x{FB00}-\x{FB06}\x{FB13}-\x{FB17}\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}\x{10400}-\x{1044F})"
    R"(\x{104B0}-\x{104D3}\x{104D8}-\x{104FB}\x{10C80}-\x{10CB2}\x{10CC0}-\x{10CF2})"
    R"(\x{118A0}-\x{118DF}\x{1E900}-\x{1E943}]+)";

// CJK ideographs, then everything from U+0800 up to them, then Hangul.
const char* const kDeepseekCjk = R"([\x{4E00}-\x{9FA5}\x{800}-\x{4E00}\x{AC00}-\x{D7FF}]+)";

// DeepSeek V3: CJK ideographs, hiragana and katakana; then words with true
// Unicode categories, as the model's tokenizer.json means them. (llama.cpp
// approximates \p{P}/\p{S} for ASCII and misses '~', which it then treats as
// neither; none of the reference strings depends on that.)
const char* const kDeepseekV3Cjk = R"([\x{4E00}-\x{9FA5}\x{3040}-\x{309F}\x{30A0}-\x{30FF}]+)";
const char* const kDeepseekV3Words =
    R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+)"
    R"(| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Per-thread PCRE2 scratch: the match data (only group 0 is read) and a JIT
// stack large enough for long runs of one character class.
struct Scratch {
    pcre2_match_data* match = nullptr;
    pcre2_match_context* context = nullptr;
    pcre2_jit_stack* jitStack = nullptr;

    Scratch()
    {
        match = pcre2_match_data_create(1, nullptr);
        context = pcre2_match_context_create(nullptr);
        jitStack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
        if (context && jitStack)
            pcre2_jit_stack_assign(context, nullptr, jitStack);
        if (!match || !context)
            throw std::bad_alloc();
    }
    ~Scratch()
    {
        pcre2_jit_stack_free(jitStack);
        pcre2_match_context_free(context);
        pcre2_match_data_free(match);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

std::string pcre2Message(int code)
{
    PCRE2_UCHAR buffer[256];
    if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0)
        return "error " + std::to_string(code);
    return reinterpret_cast<const char*>(buffer);
}

} // namespace

struct PreTokenizer::Pattern {
    pcre2_code* code = nullptr;
    std::string source;
    ~Pattern() { pcre2_code_free(code); }
};

std::vector<std::string> PreTokenizer::regexesFor(PreType type)
{
    switch (type) {
    case PreType::Gpt2: return {kGpt2};
    case PreType::Llama3: return {kLlama3};
    case PreType::Qwen2: return {kQwen2};
    case PreType::DeepseekLlm:
        return {R"([\r\n])", kDeepseekLlmLetters,
                R"(\s?[!-/:-~\x{FF01}-\x{FF0F}\x{FF1A}-\x{FF5E}\x{2018}-\x{201F}\x{3000}-\x{3002}]+)",
                R"(\s+$)", kDeepseekCjk, R"(\p{N}+)"};
    case PreType::DeepseekCoder:
        return {R"([\r\n])", R"(\s?\p{L}+)", R"(\s?\p{P}+)", kDeepseekCjk, R"(\p{N})"};
    case PreType::DeepseekV3:
        return {R"(\p{N}{1,3})", kDeepseekV3Cjk, kDeepseekV3Words};
    case PreType::Custom: return {};
    }
    return {};
}

PreTokenizer::PreTokenizer(const std::vector<std::string>& regexes)
{
    for (const auto& source : regexes) {
        int error = 0;
        PCRE2_SIZE errorOffset = 0;
        // DOLLAR_ENDONLY: "$" is the end of the piece only, never before a final newline.
        const uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
        pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(),
                                         options, &error, &errorOffset, nullptr);
        if (!code)
            throw Error("The tokenizer's pre-tokenizer pattern \"" + source + "\" is not a valid regular expression (" +
                        pcre2Message(error) + " at offset " + std::to_string(errorOffset) + ").");
        auto pattern = std::make_unique<Pattern>();
        pattern->code = code;
        pattern->source = source;
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // the interpreter is used where JIT is unavailable
        patterns_.push_back(std::move(pattern));
    }
}

PreTokenizer::~PreTokenizer() = default;

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& out) const
{
    std::size_t runStart = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8::validSequenceLength(text, i);
        if (len != 0) {
            i += len;
            continue;
        }
        if (i > runStart)
            splitValid(text.substr(runStart, i - runStart), out);
        out.push_back(text.substr(i, 1));
        runStart = ++i;
    }
    if (i > runStart)
        splitValid(text.substr(runStart, i - runStart), out);
}

void PreTokenizer::splitValid(std::string_view text, std::vector<std::string_view>& out) const
{
    if (patterns_.empty()) {
        out.push_back(text);
        return;
    }
    auto& s = scratch();
    std::vector<std::string_view> current{text};
    std::vector<std::string_view> next;
    for (std::size_t p = 0; p < patterns_.size(); ++p) {
        const bool last = p + 1 == patterns_.size();
        auto& target = last ? out : next;
        for (const std::string_view piece : current) {
            const auto* subject = reinterpret_cast<PCRE2_SPTR>(piece.data());
            std::size_t pos = 0;
            std::size_t gapStart = 0;
            while (pos < piece.size()) {
                const int rc = pcre2_match(patterns_[p]->code, subject, piece.size(), pos, PCRE2_NO_UTF_CHECK,
                                           s.match, s.context);
                if (rc == PCRE2_ERROR_NOMATCH)
                    break;
                if (rc < 0)
                    throw Error("The tokenizer could not split the text into words with the pattern \"" +
                                patterns_[p]->source + "\": " + pcre2Message(rc) + ".");
                const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(s.match);
                const std::size_t begin = ov[0];
                const std::size_t end = ov[1];
                if (end == begin) {
                    // An empty match cuts nothing; step over one character.
                    if (begin >= piece.size())
                        break;
                    pos = begin + std::max<std::size_t>(1, utf8::validSequenceLength(piece, begin));
                    continue;
                }
                if (begin > gapStart)
                    target.push_back(piece.substr(gapStart, begin - gapStart));
                target.push_back(piece.substr(begin, end - begin));
                gapStart = pos = end;
            }
            if (gapStart < piece.size())
                target.push_back(piece.substr(gapStart));
        }
        if (!last) {
            current.swap(next);
            next.clear();
        }
    }
}

} // namespace qiusuo::tokenizer
