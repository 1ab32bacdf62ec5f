#include "inference/models/model.h"

#include "inference/error.h"

#include <string>

namespace qiusuo::models {

void Model::checkEvaluation(std::span<const std::int32_t> tokens, std::int32_t startPos) const
{
    if (tokens.empty())
        throw Error("there are no tokens to evaluate");
    const std::int32_t cached = cachedTokens();
    if (startPos < 0 || startPos > cached)
        throw Error("cannot evaluate at position " + std::to_string(startPos) + ": the cache holds " +
                    std::to_string(cached) + " positions, and positions must follow on without gaps");
    const std::int64_t end = static_cast<std::int64_t>(startPos) + static_cast<std::int64_t>(tokens.size());
    if (end > contextSize())
        throw Error("the conversation is longer than the context (" + std::to_string(contextSize()) + " tokens)");
    for (const std::int32_t id : tokens)
        if (id < 0 || id >= vocabSize())
            throw Error("token id " + std::to_string(id) + " is outside the vocabulary (" +
                        std::to_string(vocabSize()) + " tokens)");
}

} // namespace qiusuo::models
