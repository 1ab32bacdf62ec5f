#pragma once
/// @brief Finds stop strings in streamed text, whatever the token boundaries,
/// and never lets any part of a stop string reach the screen.

#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::sampling {

/// Text goes in piece by piece; what comes out is safe to show. Text that
/// could be the beginning of a stop string is held back until the next piece
/// shows it is not (then it is released) or completes the stop string (then
/// it is dropped, with everything after it, and stopped() turns true).
class StopStringMatcher {
public:
    struct Result {
        std::string text;      ///< safe to show now
        bool stopped = false;  ///< a stop string was completed: end the generation
    };

    /// @brief Empty strings in `stops` are ignored.
    explicit StopStringMatcher(std::vector<std::string> stops);

    /// @brief Feeds the next piece of text. After a stop, returns nothing more.
    Result feed(std::string_view piece);

    /// @brief The generation ended without a stop: releases what was held back.
    std::string flush();

    bool stopped() const { return stopped_; }
    /// @brief The stop string that ended the text (empty when none yet).
    const std::string& matched() const { return matched_; }
    /// @brief How many bytes are being held back right now.
    std::size_t heldBack() const { return held_.size(); }

private:
    std::vector<std::string> stops_;
    std::string held_;
    std::string matched_;
    bool stopped_ = false;
};

} // namespace qiusuo::sampling
