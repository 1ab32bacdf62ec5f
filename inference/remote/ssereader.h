#pragma once
/// @brief Incremental parser for Server-Sent Events (text/event-stream), as
/// OpenAI-compatible servers stream chat completions.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::remote {

/// One dispatched event. `data` joins multi-line `data:` fields with "\n".
struct SseEvent {
    std::string type = "message"; ///< `event:` field, "message" when absent
    std::string data;
    std::string id;               ///< last `id:` seen so far (the spec's last event ID)
};

/// Follows the WHATWG "event stream interpretation" rules:
///  - a UTF-8 BOM at the very start of the stream is skipped;
///  - lines end with CRLF, LF or CR, in any mix, split anywhere across chunks;
///  - `:comment` lines (keep-alives) are ignored; a blank line dispatches the
///    event gathered so far, or nothing when it has no data;
///  - `field: value` drops one space after the colon; a line without colon is
///    a field with an empty value; unknown fields are ignored;
///  - `id:` containing NUL is ignored; `retry:` is taken only when all digits.
/// One deviation, for servers that close right after their last line:
/// finish() dispatches an event whose blank line never came (the spec drops
/// it), taking an unterminated last line as a whole line.
///
/// Work is linear in the input: each byte is scanned once, whatever the
/// chunking, so multi-megabyte lines cost no more than many short ones.
/// Not thread-safe; one reader per stream.
class SseReader {
public:
    using EventHandler = std::function<void(const SseEvent&)>;

    /// `maxEventBytes` bounds one line and one event's data; beyond it feed()
    /// throws qiusuo::Error (a runaway server must not exhaust memory).
    explicit SseReader(EventHandler onEvent, std::size_t maxEventBytes = 64u << 20);

    /// @brief Parses the next piece of the stream; dispatches complete events.
    void feed(std::string_view bytes);

    /// @brief Ends the stream (see the deviation above).
    void finish();

    /// @brief The last `retry:` value in milliseconds, if any came.
    std::optional<long long> retryMs() const { return retryMs_; }
    /// @brief Comment lines seen (keep-alives).
    std::size_t commentCount() const { return comments_; }

private:
    void processLine(std::string_view line);
    void dispatch();
    void appendToLine(std::string_view part);

    EventHandler onEvent_;
    std::size_t maxEventBytes_;
    std::string line_;           ///< the line being assembled (no terminator)
    std::string data_;           ///< data fields of the pending event, each + "\n"
    std::string eventType_;
    std::string lastEventId_;
    std::optional<long long> retryMs_;
    std::size_t comments_ = 0;
    std::size_t bomMatched_ = 0; ///< BOM bytes seen so far at stream start
    bool atStreamStart_ = true;  ///< still deciding whether a BOM is present
    bool skipLeadingLf_ = false; ///< the previous chunk ended with CR
};

} // namespace qiusuo::remote
