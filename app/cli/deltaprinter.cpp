#include "app/cli/deltaprinter.h"

#include <unistd.h>

namespace qiusuo::cli {

namespace {

constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

} // namespace

DeltaPrinter::DeltaPrinter(bool hideReasoning)
    : hideReasoning_(hideReasoning)
    , stdoutTty_(::isatty(STDOUT_FILENO))
    , stderrTty_(::isatty(STDERR_FILENO))
    , reasoningStream_(stdoutTty_ ? stdout : stderr)
{
}

void DeltaPrinter::write(std::FILE* stream, const std::string& text, bool dim)
{
    const bool tty = stream == stdout ? stdoutTty_ : stderrTty_;
    if (tty && dim != dimOpen_) {
        std::fputs(dim ? kDim : kReset, stream);
        dimOpen_ = dim;
    }
    std::fwrite(text.data(), 1, text.size(), stream);
    std::fflush(stream);
    if (text.empty())
        return;
    (stream == stdout ? lastStdout_ : lastReasoning_) = text.back();
}

void DeltaPrinter::print(const Delta& delta)
{
    if (!delta.reasoning.empty() && !hideReasoning_) {
        write(reasoningStream_, delta.reasoning, true);
        wroteReasoning_ = true;
    }
    if (!delta.content.empty()) {
        // On a terminal the reasoning ends dimmed: close it and leave a blank line.
        if (dimOpen_ && reasoningStream_ == stdout) {
            std::fputs(kReset, stdout);
            dimOpen_ = false;
            std::fputs(lastStdout_ == '\n' ? "\n" : "\n\n", stdout);
        }
        write(stdout, delta.content, false);
        wroteContent_ = true;
    }
}

void DeltaPrinter::finish()
{
    if (dimOpen_) {
        std::fputs(kReset, reasoningStream_);
        dimOpen_ = false;
    }
    if (wroteReasoning_ && reasoningStream_ != stdout && lastReasoning_ != '\n')
        std::fputc('\n', reasoningStream_);
    if ((wroteContent_ || (wroteReasoning_ && reasoningStream_ == stdout)) && lastStdout_ != '\n')
        std::fputc('\n', stdout);
    std::fflush(stdout);
    std::fflush(stderr);
    wroteReasoning_ = wroteContent_ = false;
    lastStdout_ = lastReasoning_ = '\n';
}

} // namespace qiusuo::cli
