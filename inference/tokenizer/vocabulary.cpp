#include "inference/tokenizer/vocabulary.h"

#include "inference/error.h"

#include <array>

namespace qiusuo::tokenizer {

namespace {

struct PreName {
    std::string_view name;
    PreType type;
};

// Aliases as llama.cpp's GGUF converter writes them.
constexpr std::array kPreNames{
    PreName{"gpt2", PreType::Gpt2},
    PreName{"gpt-2", PreType::Gpt2},
    PreName{"llama-bpe", PreType::Llama3},
    PreName{"llama3", PreType::Llama3},
    PreName{"llama-v3", PreType::Llama3},
    PreName{"qwen2", PreType::Qwen2},
    PreName{"deepseek-r1-qwen", PreType::Qwen2},
    PreName{"deepseek-llm", PreType::DeepseekLlm},
    PreName{"deepseek-coder", PreType::DeepseekCoder},
    PreName{"deepseek-v3", PreType::DeepseekV3},
};

} // namespace

std::optional<PreType> preTypeFromName(std::string_view name)
{
    for (const auto& p : kPreNames)
        if (p.name == name)
            return p.type;
    return std::nullopt;
}

std::string_view preTypeName(PreType type)
{
    switch (type) {
    case PreType::Gpt2: return "gpt2";
    case PreType::Llama3: return "llama-bpe";
    case PreType::Qwen2: return "qwen2";
    case PreType::DeepseekLlm: return "deepseek-llm";
    case PreType::DeepseekCoder: return "deepseek-coder";
    case PreType::DeepseekV3: return "deepseek-v3";
    case PreType::Custom: return "custom";
    }
    return "custom";
}

std::string_view supportedPreTypeNames()
{
    return "gpt2, llama-bpe, llama3, llama-v3, qwen2, deepseek-r1-qwen, deepseek-llm, deepseek-coder, deepseek-v3";
}

void Vocabulary::validate() const
{
    if (tokens.empty())
        throw Error("The tokenizer vocabulary is empty.");
    if (types.size() != tokens.size())
        throw Error("The tokenizer has " + std::to_string(tokens.size()) + " tokens but " +
                    std::to_string(types.size()) + " token types; the two lists must be equally long.");
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i].empty())
            throw Error("Token " + std::to_string(i) + " of the tokenizer vocabulary has an empty text.");
    validateSettings(tokens.size());
}

void Vocabulary::validateSettings(std::size_t tokenCount) const
{
    if (tokenCount == 0)
        throw Error("The tokenizer vocabulary is empty.");
    const auto n = static_cast<std::int64_t>(tokenCount);
    const std::pair<const char*, std::int32_t> ids[] = {
        {"BOS", bos}, {"EOS", eos}, {"EOT", eot}, {"padding", pad}, {"unknown", unk}};
    for (const auto& [what, id] : ids)
        if (id < -1 || id >= n)
            throw Error(std::string("The tokenizer's ") + what + " token id " + std::to_string(id) +
                        " is outside the vocabulary of " + std::to_string(n) + " tokens.");
    if (addBos && bos < 0)
        throw Error("The tokenizer asks for a BOS token at the start of the text but names none.");
    if (preType == PreType::Custom && customRegexes.empty())
        throw Error("The tokenizer's pre-tokenizer has no regular expressions.");
}

} // namespace qiusuo::tokenizer
