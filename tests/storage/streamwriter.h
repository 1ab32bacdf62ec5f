#pragma once
/// @brief What the SIGKILL test's writer process streams: deterministic text,
/// so the parent can check any saved prefix without being told it.

#include <cstddef>
#include <string>

namespace qiusuo::storage::test {

/// The first `length` bytes of message `n`'s text (mixed Chinese/English,
/// whole UTF-8 characters only when length falls on a boundary).
inline std::string streamedText(long n, std::size_t length)
{
    static const std::string pieces[] = {"token ", "思考", " streaming ", "深度求索", "。", "\n"};
    std::string out;
    for (std::size_t i = static_cast<std::size_t>(n); out.size() < length; ++i)
        out += pieces[i % 6];
    out.resize(length);
    return out;
}

} // namespace qiusuo::storage::test
