#include "inference/tokenizer/streamingdecoder.h"

#include "inference/tokenizer/tokenizer.h"
#include "inference/tokenizer/utf8.h"

namespace qiusuo::tokenizer {

StreamingDecoder::StreamingDecoder(const Tokenizer& tokenizer, bool renderSpecial)
    : tokenizer_(tokenizer), renderSpecial_(renderSpecial)
{
}

std::string StreamingDecoder::push(std::int32_t id)
{
    return pushBytes(tokenizer_.tokenPiece(id, renderSpecial_));
}

std::string StreamingDecoder::pushBytes(std::string_view bytes)
{
    pending_.append(bytes);
    std::string out;
    std::size_t i = 0;
    while (i < pending_.size()) {
        const std::size_t len = utf8::validSequenceLength(pending_, i);
        if (len != 0) {
            out.append(pending_, i, len);
            i += len;
            continue;
        }
        const std::size_t viable = utf8::viablePrefixLength(pending_, i);
        if (viable != 0 && i + viable == pending_.size())
            break;  // a character still arriving: hold it back
        // Definitely invalid: the maximal subpart becomes one U+FFFD.
        out.append(utf8::kReplacement);
        i += viable != 0 ? viable : 1;
    }
    pending_.erase(0, i);
    return out;
}

std::string StreamingDecoder::flush()
{
    std::string out;
    std::size_t i = 0;
    while (i < pending_.size()) {
        const std::size_t viable = utf8::viablePrefixLength(pending_, i);
        out.append(utf8::kReplacement);
        i += viable != 0 ? viable : 1;
    }
    pending_.clear();
    return out;
}

void StreamingDecoder::reset()
{
    pending_.clear();
}

} // namespace qiusuo::tokenizer
