#include "inference/chat/thinksplitter.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace qiusuo::chat {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Length of the longest proper prefix of `tag` that `text` ends with.
std::size_t partialTagSuffix(std::string_view text, std::string_view tag)
{
    const std::size_t longest = std::min(text.size(), tag.size() - 1);
    for (std::size_t k = longest; k > 0; --k) {
        if (text.substr(text.size() - k) == tag.substr(0, k))
            return k;
    }
    return 0;
}

/// Drops up to `count` leading newlines of `text`; any other character ends
/// the stripping (count becomes 0).
void stripLeadingNewlines(std::string_view& text, int& count)
{
    while (count > 0 && !text.empty() && text.front() == '\n') {
        text.remove_prefix(1);
        --count;
    }
    if (!text.empty())
        count = 0;
}

} // namespace

ThinkSplitter::ThinkSplitter() : ThinkSplitter(Options{}) {}

ThinkSplitter::ThinkSplitter(Options options) : options_(std::move(options))
{
    if (options_.openTag.empty() || options_.closeTag.empty())
        throw std::invalid_argument("ThinkSplitter: the reasoning tags must not be empty");
    reset();
}

void ThinkSplitter::reset()
{
    state_ = State::Detect;
    pending_.clear();
    stripNewlines_ = 0;
    sawReasoning_ = options_.start == Start::InReasoning;
    closed_ = false;
    unfinished_ = false;
    timing_ = false;
    reasoningStart_ = reasoningEnd_ = {};
}

std::chrono::steady_clock::time_point ThinkSplitter::now() const
{
    return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

Delta ThinkSplitter::feed(std::string_view text)
{
    Delta out;
    switch (state_) {
    case State::Detect: processDetect(text, out); break;
    case State::Reasoning: processReasoning(text, out); break;
    case State::Answer: processAnswer(text, out); break;
    case State::Finished:
        throw std::logic_error("ThinkSplitter::feed called after finish()");
    }
    return out;
}

// Holds back leading whitespace and a growing prefix of the opening tag. The
// first character that cannot continue "whitespace* <think>" decides: the
// output is reasoning (pre-filled) or answer (a model that does not think).
void ThinkSplitter::processDetect(std::string_view text, Delta& out)
{
    const std::string_view tag = options_.openTag;
    for (std::size_t i = 0; i < text.size(); ++i) {
        pending_ += text[i];
        std::size_t lead = 0;
        while (lead < pending_.size() && isSpace(pending_[lead]))
            ++lead;
        const std::string_view candidate = std::string_view(pending_).substr(lead);
        if (candidate.empty() || (candidate.size() < tag.size() && tag.starts_with(candidate)))
            continue;
        if (candidate == tag) {
            pending_.clear();
            enterReasoning(out, text.substr(i + 1), 1);
            return;
        }
        // Diverged: everything held so far is ordinary text.
        std::string held = std::move(pending_);
        pending_.clear();
        held.append(text.substr(i + 1));
        if (options_.start == Start::InReasoning) {
            state_ = State::Reasoning;
            processReasoning(held, out);
        } else {
            state_ = State::Answer;
            processAnswer(held, out);
        }
        return;
    }
}

void ThinkSplitter::enterReasoning(Delta& out, std::string_view rest, int newlinesToStrip)
{
    state_ = State::Reasoning;
    sawReasoning_ = true;
    stripNewlines_ = newlinesToStrip;
    processReasoning(rest, out);
}

// Emits reasoning up to the closing tag. At the end of the text, a possible
// prefix of the closing tag is held back, and with it the newline before it
// (R1 writes "\n</think>"), so that neither ever reaches the screen.
void ThinkSplitter::processReasoning(std::string_view text, Delta& out)
{
    stripLeadingNewlines(text, stripNewlines_);
    if (text.empty())
        return;
    if (!timing_) {
        timing_ = true;
        reasoningStart_ = now();
    }
    std::string buffer = std::move(pending_);
    pending_.clear();
    buffer.append(text);

    const std::string_view tag = options_.closeTag;
    if (const auto at = buffer.find(tag); at != std::string::npos) {
        std::string_view reasoning = std::string_view(buffer).substr(0, at);
        if (reasoning.ends_with('\n'))
            reasoning.remove_suffix(1);
        out.reasoning.append(reasoning);
        reasoningEnd_ = now();
        closed_ = true;
        state_ = State::Answer;
        stripNewlines_ = 2;
        processAnswer(std::string_view(buffer).substr(at + tag.size()), out);
        return;
    }

    std::size_t hold = partialTagSuffix(buffer, tag);
    if (hold < buffer.size() && buffer[buffer.size() - hold - 1] == '\n')
        ++hold;
    const std::size_t shown = buffer.size() - hold;
    out.reasoning.append(buffer, 0, shown);
    pending_.assign(buffer, shown, std::string::npos);
}

void ThinkSplitter::processAnswer(std::string_view text, Delta& out)
{
    stripLeadingNewlines(text, stripNewlines_);
    out.content.append(text);
}

Delta ThinkSplitter::finish()
{
    Delta out;
    switch (state_) {
    case State::Detect:
        if (options_.start == Start::InReasoning) {
            out.reasoning = std::move(pending_);
            unfinished_ = true;
        } else {
            out.content = std::move(pending_);
        }
        break;
    case State::Reasoning:
        out.reasoning = std::move(pending_);
        unfinished_ = true;
        break;
    case State::Answer:
    case State::Finished:
        break;
    }
    if (unfinished_ && timing_)
        reasoningEnd_ = now();
    pending_.clear();
    state_ = State::Finished;
    return out;
}

double ThinkSplitter::reasoningMs() const
{
    if (!timing_)
        return 0.0;
    const bool ended = state_ == State::Answer || state_ == State::Finished;
    const auto end = ended ? reasoningEnd_ : now();
    return std::chrono::duration<double, std::milli>(end - reasoningStart_).count();
}

} // namespace qiusuo::chat
