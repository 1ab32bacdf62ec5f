#pragma once
/// @brief Prints a streamed answer in the terminal for run and chat.

#include "inference/backend.h"

#include <cstdio>
#include <string>

namespace qiusuo::cli {

/// @brief Writes streamed deltas: the answer to stdout; reasoning dimmed on
/// stdout when stdout is a terminal, else to stderr (dimmed only if stderr is
/// a terminal), or nowhere with --hide-reasoning.
class DeltaPrinter {
public:
    explicit DeltaPrinter(bool hideReasoning);
    void print(const Delta& delta);
    /// Ends the turn: closes the dim style and ends the last line.
    void finish();

private:
    void write(std::FILE* stream, const std::string& text, bool dim);

    bool hideReasoning_;
    bool stdoutTty_;
    bool stderrTty_;
    std::FILE* reasoningStream_;
    bool wroteReasoning_ = false;
    bool wroteContent_ = false;
    bool dimOpen_ = false;
    char lastStdout_ = '\n';
    char lastReasoning_ = '\n';
};

} // namespace qiusuo::cli
