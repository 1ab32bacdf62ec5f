// qiusuo-cli chat: a conversation in the terminal with a local model, DeepSeek's
// API or any OpenAI-compatible server. Lines come from stdin, so piped input
// works too; the answers (not the reasoning) go back into the conversation.
#include "app/cli/clibackend.h"
#include "app/cli/deltaprinter.h"
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/backend.h"

#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using qiusuo::ChatMessage;
using qiusuo::GenerationResult;

constexpr const char* kCommandsHelp =
    "Commands: /reset (new conversation), /think on|off (reasoning before answers), "
    "/stats (the last answer's statistics), /help, /exit (or Ctrl+D).\n";

std::string trim(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

class ChatSession {
public:
    ChatSession(qiusuo::Backend& backend, const qiusuo::cli::CliBackendOptions& options, std::atomic<bool>& stop)
        : backend_(backend), options_(options), params_(qiusuo::cli::generationParams(options)), stop_(stop)
    {
        reset();
    }

    /// Handles one input line; false when the chat should end.
    bool handle(const std::string& line)
    {
        if (line.empty())
            return true;
        if (line[0] == '/')
            return command(line);
        ask(line);
        return true;
    }

private:
    void reset()
    {
        messages_.clear();
        if (!options_.system.empty())
            messages_.push_back({ChatMessage::Role::System, options_.system, ""});
    }

    bool command(const std::string& line)
    {
        const auto space = line.find(' ');
        const std::string name = line.substr(0, space);
        const std::string arg = space == std::string::npos ? "" : trim(line.substr(space + 1));
        if (name == "/exit" || name == "/quit")
            return false;
        if (name == "/reset") {
            reset();
            std::printf("(new conversation)\n");
        } else if (name == "/think" && (arg == "on" || arg == "off")) {
            params_.thinking = arg == "on";
            std::printf("(reasoning %s)\n", params_.thinking ? "on" : "off");
        } else if (name == "/think") {
            std::printf("(reasoning is %s; /think on or /think off changes it)\n", params_.thinking ? "on" : "off");
        } else if (name == "/stats") {
            if (lastStats_)
                std::fputs(qiusuo::cli::formatStats(*lastStats_).c_str(), stdout);
            else
                std::printf("(no answer yet)\n");
        } else if (name == "/help") {
            std::fputs(kCommandsHelp, stdout);
        } else {
            std::printf("(unknown command %s) %s", name.c_str(), kCommandsHelp);
        }
        std::fflush(stdout);
        return true;
    }

    void ask(const std::string& text)
    {
        messages_.push_back({ChatMessage::Role::User, text, ""});
        std::string answer;
        qiusuo::cli::DeltaPrinter printer(options_.hideReasoning);
        qiusuo::cli::setGenerating(true);
        const GenerationResult result = backend_.generate(messages_, params_, [&](const qiusuo::Delta& d) {
            answer += d.content;
            printer.print(d);
        }, stop_);
        qiusuo::cli::setGenerating(false);
        printer.finish();
        lastStats_ = result.stats;
        if (options_.stats)
            std::fputs(qiusuo::cli::formatStats(result.stats).c_str(), stderr);
        switch (result.status) {
        case GenerationResult::Status::Complete:
            break;
        case GenerationResult::Status::Stopped:
            // What was shown stays in the conversation, as in the app.
            std::fprintf(stderr, "(stopped)\n");
            break;
        case GenerationResult::Status::Interrupted:
        case GenerationResult::Status::Error:
            std::fprintf(stderr, "error: %s\n", result.error.c_str());
            if (answer.empty()) {
                messages_.pop_back();  // the question can be asked again
                return;
            }
            break;
        }
        messages_.push_back({ChatMessage::Role::Assistant, answer, ""});
    }

    qiusuo::Backend& backend_;
    const qiusuo::cli::CliBackendOptions& options_;
    qiusuo::GenerationParams params_;
    std::atomic<bool>& stop_;
    std::vector<ChatMessage> messages_;
    std::optional<qiusuo::GenerationStats> lastStats_;
};

int runChat(const std::vector<std::string>& args)
{
    CLI::App app{"A conversation in the terminal with a local GGUF model, DeepSeek's API (--remote deepseek) or any "
                 "OpenAI-compatible server (--base-url). Reads one message per line from stdin.",
                 "qiusuo-cli chat"};
    qiusuo::cli::CliBackendOptions options;
    qiusuo::cli::addBackendOptions(app, options);
    app.add_option("-n,--n-predict", options.maxTokens, "answer tokens at most per turn (default: until the model ends)")
        ->check(CLI::PositiveNumber);
    app.footer(std::string(kCommandsHelp) + qiusuo::cli::reasoningOutputHelp());
    if (auto code = qiusuo::cli::parseArgs(app, args))
        return *code;

    std::atomic<bool>& stop = qiusuo::cli::installInterruptHandler();
    std::unique_ptr<qiusuo::Backend> backend = qiusuo::cli::loadBackend(options);
    const bool interactive = ::isatty(STDIN_FILENO);
    if (interactive)
        std::fprintf(stderr, "%s\n%s", backend->displayName().c_str(), kCommandsHelp);

    ChatSession session(*backend, options, stop);
    std::string line;
    while (true) {
        if (interactive) {
            std::fputs("> ", stdout);
            std::fflush(stdout);
        }
        if (!std::getline(std::cin, line))
            break;
        if (!session.handle(trim(line)))
            break;
    }
    if (interactive)
        std::fputc('\n', stdout);
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("chat", "chat in the terminal (local model, --remote deepseek or --base-url)", runChat);
