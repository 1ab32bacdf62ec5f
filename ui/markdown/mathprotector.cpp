#include "ui/markdown/mathprotector.h"

namespace qiusuo::markdown {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Replaces U+E000 and U+E001 (our placeholder delimiters) by U+FFFD.
std::string sanitize(std::string_view in)
{
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const std::string_view rest = in.substr(i);
        if (rest.starts_with(kPlaceholderOpen) || rest.starts_with(kPlaceholderClose)) {
            out.append(kReplacement);
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

/// True when position `i` (just after a '\n') starts a blank line.
bool blankLineAt(std::string_view s, std::size_t i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        ++i;
    return i >= s.size() || s[i] == '\n';
}

std::size_t lineEnd(std::string_view s, std::size_t i)
{
    const std::size_t e = s.find('\n', i);
    return e == std::string_view::npos ? s.size() : e + 1;
}

/// Finds `closer` from `from`, skipping backslash-escaped characters and
/// giving up at a blank line (math never spans paragraphs).
std::size_t findCloser(std::string_view s, std::size_t from, std::string_view closer)
{
    for (std::size_t k = from; k < s.size(); ++k) {
        if (s.substr(k).starts_with(closer))
            return k;
        if (s[k] == '\\')
            ++k;
        else if (s[k] == '\n' && blankLineAt(s, k + 1))
            return std::string_view::npos;
    }
    return std::string_view::npos;
}

/// Inline `$…$`: the closing `$` follows a non-space and is not followed by
/// a digit; the formula holds no other unescaped `$`.
std::size_t findInlineDollarCloser(std::string_view s, std::size_t from)
{
    for (std::size_t k = from; k < s.size(); ++k) {
        const char c = s[k];
        if (c == '\\') {
            ++k;
        } else if (c == '\n' && blankLineAt(s, k + 1)) {
            return std::string_view::npos;
        } else if (c == '$') {
            const bool spaceBefore = isSpace(s[k - 1]);
            const bool digitAfter = k + 1 < s.size() && isDigit(s[k + 1]);
            if (!spaceBefore && !digitAfter)
                return k;
            // A `$` that cannot close means the first one was no opener
            // ("Pay $5 for $x^2$": the formula starts at the second `$`).
            return std::string_view::npos;
        }
    }
    return std::string_view::npos;
}

/// Length of a fence opener ("```" or "~~~", 3 or more) at `i`, else 0.
std::size_t fenceAt(std::string_view s, std::size_t i)
{
    if (i >= s.size() || (s[i] != '`' && s[i] != '~'))
        return 0;
    const char f = s[i];
    std::size_t k = i;
    while (k < s.size() && s[k] == f)
        ++k;
    const std::size_t count = k - i;
    if (count < 3)
        return 0;
    if (f == '`') {  // a backtick fence's info string has no backticks
        const std::size_t e = lineEnd(s, k);
        if (s.substr(k, e - k).find('`') != std::string_view::npos)
            return 0;
    }
    return count;
}

class Scanner {
public:
    explicit Scanner(std::string src) : m_src(std::move(src)) {}

    ProtectedText run()
    {
        const std::string_view s = m_src;
        std::size_t i = 0;
        bool lineStart = true;
        while (i < s.size()) {
            if (lineStart) {
                lineStart = false;
                std::size_t j = i;
                while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '>'))
                    ++j;
                if (const std::size_t fence = fenceAt(s, j)) {
                    i = copyFencedBlock(i, s[j], fence);
                    lineStart = true;
                    continue;
                }
            }
            const char c = s[i];
            if (c == '\n') {
                m_out.text.push_back(c);
                ++i;
                lineStart = true;
            } else if (c == '`') {
                i = copyCodeSpan(i);
            } else if (c == '\\') {
                i = handleBackslash(i);
            } else if (c == '$') {
                i = handleDollar(i);
            } else {
                m_out.text.push_back(c);
                ++i;
            }
        }
        return std::move(m_out);
    }

private:
    std::size_t copyFencedBlock(std::size_t i, char fenceChar, std::size_t fenceLen)
    {
        const std::string_view s = m_src;
        std::size_t e = lineEnd(s, i);
        m_out.text.append(s.substr(i, e - i));
        i = e;
        while (i < s.size()) {
            e = lineEnd(s, i);
            const std::string_view line = s.substr(i, e - i);
            m_out.text.append(line);
            i = e;
            std::size_t j = 0;
            while (j < line.size() && (line[j] == ' ' || line[j] == '\t' || line[j] == '>'))
                ++j;
            std::size_t k = j;
            while (k < line.size() && line[k] == fenceChar)
                ++k;
            if (k - j >= fenceLen && line.substr(k).find_first_not_of(" \t\r\n") == std::string_view::npos)
                break;
        }
        return i;
    }

    std::size_t copyCodeSpan(std::size_t i)
    {
        const std::string_view s = m_src;
        std::size_t k = i;
        while (k < s.size() && s[k] == '`')
            ++k;
        const std::size_t run = k - i;
        for (std::size_t m = k; m < s.size();) {
            if (s[m] != '`') {
                ++m;
                continue;
            }
            std::size_t r = m;
            while (r < s.size() && s[r] == '`')
                ++r;
            if (r - m == run) {
                m_out.text.append(s.substr(i, r - i));
                return r;
            }
            m = r;
        }
        m_out.text.append(s.substr(i, run));  // no closer: literal backticks
        return k;
    }

    std::size_t handleBackslash(std::size_t i)
    {
        const std::string_view s = m_src;
        if (i + 1 >= s.size()) {
            m_out.text.push_back('\\');
            return i + 1;
        }
        const char d = s[i + 1];
        if (d == '(' || d == '[') {
            const std::string_view closer = d == '(' ? "\\)" : "\\]";
            const std::size_t e = findCloser(s, i + 2, closer);
            if (e != std::string_view::npos && e > i + 2) {
                addSpan(s.substr(i + 2, e - i - 2), s.substr(i, e + 2 - i), d == '[');
                return e + 2;
            }
        }
        // Any other escape, including \$ and \\, passes through to cmark.
        m_out.text.append(s.substr(i, 2));
        return i + 2;
    }

    std::size_t handleDollar(std::size_t i)
    {
        const std::string_view s = m_src;
        if (i + 1 < s.size() && s[i + 1] == '$') {
            const std::size_t e = findCloser(s, i + 2, "$$");
            if (e != std::string_view::npos
                && s.substr(i + 2, e - i - 2).find_first_not_of(" \t\r\n") != std::string_view::npos) {
                addSpan(s.substr(i + 2, e - i - 2), s.substr(i, e + 2 - i), true);
                return e + 2;
            }
            m_out.text.append("$$");
            return i + 2;
        }
        if (i + 1 < s.size() && !isSpace(s[i + 1])) {
            const std::size_t e = findInlineDollarCloser(s, i + 1);
            if (e != std::string_view::npos) {
                addSpan(s.substr(i + 1, e - i - 1), s.substr(i, e + 1 - i), false);
                return e + 1;
            }
        }
        m_out.text.push_back('$');
        return i + 1;
    }

    void addSpan(std::string_view tex, std::string_view original, bool display)
    {
        m_out.text.append(mathPlaceholder(m_out.spans.size()));
        m_out.spans.push_back({std::string(tex), std::string(original), display});
    }

    std::string m_src;
    ProtectedText m_out;
};

} // namespace

std::string mathPlaceholder(std::size_t index)
{
    std::string p(kPlaceholderOpen);
    p.append(std::to_string(index));
    p.append(kPlaceholderClose);
    return p;
}

ProtectedText protectMath(std::string_view markdown)
{
    return Scanner(sanitize(markdown)).run();
}

} // namespace qiusuo::markdown
