#include "inference/remote/ssereader.h"

#include "inference/error.h"

#include <utility>

namespace qiusuo::remote {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string tooLarge(std::size_t limit)
{
    return "The server sent a streamed event larger than " + std::to_string(limit >> 20) +
           " MiB; the answer was abandoned.";
}

} // namespace

SseReader::SseReader(EventHandler onEvent, std::size_t maxEventBytes)
    : onEvent_(std::move(onEvent)), maxEventBytes_(maxEventBytes)
{
}

void SseReader::feed(std::string_view bytes)
{
    // The BOM may itself arrive split across chunks: match it byte by byte and
    // give back the matched bytes as ordinary text if it turns out not to be one.
    while (atStreamStart_ && !bytes.empty()) {
        if (bytes.front() == kBom[bomMatched_]) {
            bytes.remove_prefix(1);
            if (++bomMatched_ == kBom.size())
                atStreamStart_ = false;
        } else {
            atStreamStart_ = false;
            const std::size_t matched = std::exchange(bomMatched_, 0);
            feed(kBom.substr(0, matched));
        }
    }

    std::size_t i = 0;
    if (skipLeadingLf_ && !bytes.empty()) {
        if (bytes.front() == '\n')
            i = 1;
        skipLeadingLf_ = false;
    }
    while (i < bytes.size()) {
        const std::size_t end = bytes.find_first_of("\r\n", i);
        if (end == std::string_view::npos) {
            appendToLine(bytes.substr(i));
            break;
        }
        const std::string_view part = bytes.substr(i, end - i);
        if (line_.empty()) {
            processLine(part);
        } else {
            appendToLine(part);
            processLine(line_);
            line_.clear();
        }
        std::size_t next = end + 1;
        if (bytes[end] == '\r') {
            if (next < bytes.size()) {
                if (bytes[next] == '\n')
                    ++next;
            } else {
                skipLeadingLf_ = true; // a CRLF split between chunks
            }
        }
        i = next;
    }
}

void SseReader::finish()
{
    if (atStreamStart_) {
        atStreamStart_ = false;
        const std::size_t matched = std::exchange(bomMatched_, 0);
        feed(kBom.substr(0, matched));
    }
    if (!line_.empty()) {
        std::string last = std::move(line_);
        line_.clear();
        processLine(last);
    }
    dispatch();
    skipLeadingLf_ = false;
}

void SseReader::appendToLine(std::string_view part)
{
    if (line_.size() + part.size() > maxEventBytes_)
        throw Error(tooLarge(maxEventBytes_));
    line_.append(part);
}

void SseReader::processLine(std::string_view line)
{
    if (line.empty()) {
        dispatch();
        return;
    }
    if (line.front() == ':') {
        ++comments_;
        return;
    }
    std::string_view field = line;
    std::string_view value;
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        if (data_.size() + value.size() + 1 > maxEventBytes_)
            throw Error(tooLarge(maxEventBytes_));
        data_.append(value);
        data_.push_back('\n');
    } else if (field == "event") {
        eventType_.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            lastEventId_.assign(value);
    } else if (field == "retry") {
        bool digits = !value.empty() && value.size() <= 18;
        for (const char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (digits)
            retryMs_ = std::stoll(std::string(value));
    }
}

void SseReader::dispatch()
{
    if (data_.empty()) {
        eventType_.clear();
        return;
    }
    data_.pop_back(); // the "\n" after the last data line
    SseEvent event;
    if (!eventType_.empty())
        event.type = std::move(eventType_);
    event.data = std::move(data_);
    event.id = lastEventId_;
    data_.clear();
    eventType_.clear();
    onEvent_(event);
}

} // namespace qiusuo::remote
