#include "inference/sampling/stopstringmatcher.h"

#include <algorithm>

namespace qiusuo::sampling {

StopStringMatcher::StopStringMatcher(std::vector<std::string> stops) : stops_(std::move(stops))
{
    std::erase_if(stops_, [](const std::string& s) { return s.empty(); });
}

StopStringMatcher::Result StopStringMatcher::feed(std::string_view piece)
{
    Result out;
    if (stopped_)
        return out;
    std::string buffer = std::move(held_);
    held_.clear();
    buffer.append(piece);

    // The earliest stop string wins; at the same place, the longest.
    std::size_t stopAt = std::string::npos;
    for (const auto& s : stops_) {
        const auto at = buffer.find(s);
        if (at == std::string::npos)
            continue;
        if (at < stopAt || (at == stopAt && s.size() > matched_.size())) {
            stopAt = at;
            matched_ = s;
        }
    }
    if (stopAt != std::string::npos) {
        stopped_ = true;
        out.stopped = true;
        out.text = buffer.substr(0, stopAt);
        return out;
    }

    // Hold back the longest tail that is a proper prefix of some stop string.
    std::size_t hold = 0;
    for (const auto& s : stops_) {
        const std::size_t longest = std::min(buffer.size(), s.size() - 1);
        for (std::size_t k = longest; k > hold; --k) {
            if (std::string_view(buffer).substr(buffer.size() - k) == std::string_view(s).substr(0, k)) {
                hold = k;
                break;
            }
        }
    }
    out.text = buffer.substr(0, buffer.size() - hold);
    held_ = buffer.substr(buffer.size() - hold);
    return out;
}

std::string StopStringMatcher::flush()
{
    std::string out = std::move(held_);
    held_.clear();
    return out;
}

} // namespace qiusuo::sampling
