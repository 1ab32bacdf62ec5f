#pragma once
/// @brief Turns a stream of token ids into text that is always complete,
/// valid UTF-8: bytes of a character split over several tokens are held back
/// until the character is whole.

#include <cstdint>
#include <string>
#include <string_view>

namespace qiusuo::tokenizer {

class Tokenizer;

class StreamingDecoder {
public:
    /// `tokenizer` must outlive the decoder. `renderSpecial`: control tokens
    /// produce their text (see Tokenizer::decode).
    explicit StreamingDecoder(const Tokenizer& tokenizer, bool renderSpecial = false);

    /// Appends one token; returns the text that is now complete (may be empty).
    std::string push(std::int32_t id);
    /// Appends raw bytes; returns the text that is now complete.
    std::string pushBytes(std::string_view bytes);
    /// Ends the stream: returns what is held back, an incomplete sequence
    /// becoming U+FFFD. The decoder is then empty and can be reused.
    std::string flush();
    /// Drops what is held back.
    void reset();
    /// Bytes held back (0 to 3).
    std::size_t pendingBytes() const { return pending_.size(); }

private:
    const Tokenizer& tokenizer_;
    bool renderSpecial_;
    std::string pending_;
};

} // namespace qiusuo::tokenizer
