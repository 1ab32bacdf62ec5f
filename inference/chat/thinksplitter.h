#pragma once
/// @brief Splits a model's streamed text into reasoning and answer at the
/// `<think>` / `</think>` tags, whatever the token boundaries.

#include "inference/backend.h"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace qiusuo::chat {

/// Streams raw model text in, `Delta{reasoning, content}` out.
///
/// Two ways to start:
///  - `Start::Detect` (default): the output may open with `<think>` (after
///    optional whitespace); until it does, a possible tag prefix is held back.
///    Output that does not open with the tag is all answer (models that never
///    think).
///  - `Start::InReasoning`: the prompt pre-filled `<think>\n` (the R1
///    template), so the output starts inside the reasoning. A redundant
///    leading `<think>` from the model is swallowed.
///
/// Once the reasoning closed, everything else is answer, including literal
/// `<think>` or `</think>` text. Inside the reasoning, a literal `<think>`
/// stays reasoning text. The newline R1 writes after `<think>`, the one before
/// `</think>` and the (up to two) after `</think>` are dropped, as R1 writes
/// `<think>\n...\n</think>\n\n`. Only text that may still turn out to be a tag
/// (plus that one newline before `</think>`) is ever held back; finish()
/// releases it.
///
/// Not thread-safe; one instance per generation.
class ThinkSplitter {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    enum class Start { Detect, InReasoning };

    struct Options {
        Start start = Start::Detect;
        std::string openTag = "<think>";
        std::string closeTag = "</think>";
        /// Time source for reasoningMs(); steady_clock::now when empty.
        Clock clock{};
    };

    ThinkSplitter();
    explicit ThinkSplitter(Options options);

    /// @brief Feeds the next piece of model text; returns what can be shown now.
    Delta feed(std::string_view text);

    /// @brief Ends the stream: releases anything held back. When the reasoning
    /// never closed, all of it stays reasoning and reasoningUnfinished() is true.
    Delta finish();

    /// @brief Forgets everything; ready for a new generation with the same options.
    void reset();

    /// @brief True once the output was found to be reasoning (tag or pre-fill).
    bool sawReasoning() const { return sawReasoning_; }
    /// @brief True once `</think>` was seen: from then on all text is answer.
    bool reasoningClosed() const { return closed_; }
    /// @brief After finish(): the reasoning was open when the stream ended.
    bool reasoningUnfinished() const { return unfinished_; }
    /// @brief Milliseconds from the first reasoning text to the closing tag (or
    /// to finish() when unfinished); 0 when there was no reasoning text.
    double reasoningMs() const;

private:
    enum class State { Detect, Reasoning, Answer, Finished };

    void processDetect(std::string_view text, Delta& out);
    void processReasoning(std::string_view text, Delta& out);
    void processAnswer(std::string_view text, Delta& out);
    void enterReasoning(Delta& out, std::string_view rest, int newlinesToStrip);
    std::chrono::steady_clock::time_point now() const;

    Options options_;
    State state_ = State::Detect;
    std::string pending_;          ///< held back: a possible tag (prefix)
    int stripNewlines_ = 0;        ///< newlines still to drop at the current position
    bool sawReasoning_ = false;
    bool closed_ = false;
    bool unfinished_ = false;
    bool timing_ = false;
    std::chrono::steady_clock::time_point reasoningStart_{};
    std::chrono::steady_clock::time_point reasoningEnd_{};
};

} // namespace qiusuo::chat
