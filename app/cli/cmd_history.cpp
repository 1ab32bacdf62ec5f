// qiusuo-cli history: list, show, search, export and import the conversations
// the app saved.
#include "app/cli/cliparse.h"
#include "app/cli/historytransfer.h"
#include "app/cli/command.h"
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/datadir.h"
#include "storage/storageerror.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace qiusuo::cli {

namespace {

namespace fs = std::filesystem;
using namespace qiusuo::storage;

std::string localTime(std::int64_t ms)
{
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

/// Opens the database without ever creating one; empty when it is missing.
std::optional<Database> openExisting(const fs::path& path)
{
    OpenOptions options;
    options.createIfMissing = false;
    try {
        return Database::open(path, options);
    } catch (const StorageError& e) {
        if (e.kind() == StorageError::Kind::NotFound)
            return std::nullopt;
        throw;
    }
}

std::string oneLine(std::string text, std::size_t maxBytes)
{
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    if (text.size() > maxBytes) {
        std::size_t cut = maxBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80)
            --cut; // never split a UTF-8 character
        text = text.substr(0, cut) + "…";
    }
    return text;
}

int listConversations(const fs::path& dbPath, bool all)
{
    auto db = openExisting(dbPath);
    if (!db) {
        std::printf("No conversations yet (there is no database at %s).\n", dbPath.string().c_str());
        return 0;
    }
    ConversationStore store(*db);
    const auto conversations = store.listConversations({.includeArchived = all, .archivedOnly = false});
    if (conversations.empty()) {
        std::printf("No conversations yet.\n");
        return 0;
    }
    std::printf("%-8s  %-16s  %5s  %s\n", "ID", "UPDATED", "MSGS", "TITLE");
    for (const auto& c : conversations) {
        std::string flags;
        if (c.pinned)
            flags += "[pinned] ";
        if (c.archived)
            flags += "[archived] ";
        std::printf("%-8s  %-16s  %5lld  %s%s\n", c.uuid.substr(0, 8).c_str(), localTime(c.updatedAt).c_str(),
                    static_cast<long long>(store.messageCount(c.id)), flags.c_str(),
                    c.title.empty() ? "(untitled)" : oneLine(c.title, 80).c_str());
    }
    return 0;
}

std::string roleName(MessageRole role)
{
    switch (role) {
    case MessageRole::System: return "System";
    case MessageRole::User: return "User";
    case MessageRole::Assistant: return "Assistant";
    case MessageRole::Tool: return "Tool";
    }
    return "?";
}

std::string statsLine(const Message& m)
{
    std::string parts;
    auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : " · ") + part; };
    if (!m.model.empty())
        add(m.model);
    if (m.stats.promptTokens)
        add(std::to_string(*m.stats.promptTokens) + " prompt tokens");
    if (m.stats.completionTokens)
        add(std::to_string(*m.stats.completionTokens) + " tokens");
    if (m.stats.tokensPerSecond) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f tokens/s", *m.stats.tokensPerSecond);
        add(buf);
    }
    if (m.stats.timeToFirstTokenMs)
        add("first token " + std::to_string(*m.stats.timeToFirstTokenMs) + " ms");
    if (m.status != MessageStatus::Complete)
        add(std::string(toString(m.status)));
    return parts;
}

int showConversation(const fs::path& dbPath, const std::string& id)
{
    auto db = openExisting(dbPath);
    if (!db) {
        std::fprintf(stderr, "No conversations yet: there is no database at %s.\n", dbPath.string().c_str());
        return 1;
    }
    ConversationStore store(*db);
    const Conversation c = store.conversationByUuid(id);
    std::printf("# %s\n", c.title.empty() ? "(untitled)" : c.title.c_str());
    std::printf("id %s · created %s · updated %s", c.uuid.c_str(), localTime(c.createdAt).c_str(),
                localTime(c.updatedAt).c_str());
    if (!c.model.empty())
        std::printf(" · %s%s%s", c.model.c_str(), c.backend.empty() ? "" : " via ", c.backend.c_str());
    std::printf("\n");
    if (!c.systemPrompt.empty())
        std::printf("\n## System prompt\n%s\n", c.systemPrompt.c_str());
    for (const Message& m : store.activePath(c.id)) {
        std::string heading = roleName(m.role);
        const auto siblings = store.siblingIds(m.id);
        if (siblings.size() > 1) {
            const auto pos = std::find(siblings.begin(), siblings.end(), m.id) - siblings.begin();
            heading += " (version " + std::to_string(pos + 1) + " of " + std::to_string(siblings.size()) + ")";
        }
        std::printf("\n## %s\n", heading.c_str());
        if (!m.reasoning.empty()) {
            std::string label = "[reasoning";
            if (m.stats.reasoningDurationMs) {
                char buf[32];
                std::snprintf(buf, sizeof buf, ", %.1f s", static_cast<double>(*m.stats.reasoningDurationMs) / 1000);
                label += buf;
            }
            std::printf("%s]\n", label.c_str());
            std::string quoted = "> ";
            for (const char ch : m.reasoning)
                quoted += ch == '\n' ? std::string("\n> ") : std::string(1, ch);
            std::printf("%s\n[/reasoning]\n\n", quoted.c_str());
        }
        std::printf("%s\n", m.content.c_str());
        if (m.status == MessageStatus::Error && !m.errorText.empty())
            std::printf("[error: %s]\n", m.errorText.c_str());
        if (const std::string stats = statsLine(m); !stats.empty())
            std::printf("[%s]\n", stats.c_str());
    }
    return 0;
}

int searchConversations(const fs::path& dbPath, const std::vector<std::string>& words, int limit)
{
    std::string query;
    for (const auto& w : words)
        query += (query.empty() ? "" : " ") + w;
    auto db = openExisting(dbPath);
    if (!db) {
        std::printf("No conversations yet (there is no database at %s).\n", dbPath.string().c_str());
        return 0;
    }
    ConversationStore store(*db);
    SearchOptions options;
    options.limit = limit;
    const bool tty = isatty(STDOUT_FILENO) != 0;
    options.highlightStart = tty ? "\x1b[1m" : "«";
    options.highlightEnd = tty ? "\x1b[0m" : "»";
    const auto hits = store.search(query, options);
    if (hits.empty()) {
        std::printf("No messages match \"%s\".\n", query.c_str());
        return 0;
    }
    for (const auto& h : hits)
        std::printf("%s  %s\n    %s: %s\n", h.conversationUuid.substr(0, 8).c_str(),
                    h.conversationTitle.empty() ? "(untitled)" : oneLine(h.conversationTitle, 80).c_str(),
                    roleName(h.role).c_str(), oneLine(h.snippet, 400).c_str());
    return 0;
}

int runHistory(const std::vector<std::string>& args)
{
    CLI::App app{"List, show, search, export and import saved conversations. The database is qiusuo.db in the "
                 "data folder (QIUSUO_DATA_DIR, or ~/.local/share/Qiusuo); --db picks another file. Only import "
                 "creates one.",
                 "qiusuo-cli history"};
    app.require_subcommand(1, 1);
    std::string db = databasePath(defaultDataDir()).string();
    bool all = false;
    std::string id;
    std::vector<std::string> words;
    int limit = 20;
    auto* list = app.add_subcommand("list", "Conversations, pinned first, then newest");
    list->add_option("--db", db, "Database file")->capture_default_str();
    list->add_flag("--all", all, "Include archived conversations");
    auto* show = app.add_subcommand("show", "One conversation's messages (the active branch)");
    show->add_option("id", id, "Conversation id, or a unique start of it (as `list` shows)")->required();
    show->add_option("--db", db, "Database file")->capture_default_str();
    auto* search = app.add_subcommand("search", "Full-text search over messages and reasoning");
    search->add_option("query", words, "Words to find (all must occur); any text is taken literally")->required();
    search->add_option("--db", db, "Database file")->capture_default_str();
    search->add_option("--limit", limit, "At most this many results")->check(CLI::Range(1, 10000));
    HistoryExportRequest exportRequest;
    auto* exportCmd = app.add_subcommand("export", "Write conversations to a Markdown, JSON, HTML or PDF file");
    exportCmd->add_option("ids", exportRequest.ids, "Conversation ids, or unique starts of them (as `list` shows)");
    exportCmd->add_flag("--all", exportRequest.all, "Every conversation, archived ones too");
    exportCmd->add_option("--format", exportRequest.format, "md, json (complete, for import), html or pdf")
        ->required()
        ->check(CLI::IsMember({"md", "json", "html", "pdf"}));
    exportCmd->add_option("--out", exportRequest.out, "File to write (\"-\": standard output, not for pdf)")
        ->required();
    exportCmd->add_flag("!--no-reasoning", exportRequest.includeReasoning, "Leave out the reasoning (md, html, pdf)");
    exportCmd->add_option("--db", db, "Database file")->capture_default_str();
    std::string importFile;
    auto* importCmd = app.add_subcommand("import", "Add conversations from a Qiusuo JSON export or ChatGPT's "
                                                   "conversations.json (ones already present are skipped)");
    importCmd->add_option("file", importFile, "The file to import")->required();
    importCmd->add_option("--db", db, "Database file (created when missing)")->capture_default_str();
    if (auto code = parseArgs(app, args))
        return *code;
    if (exportCmd->parsed()) {
        exportRequest.db = db;
        return exportHistory(exportRequest);
    }
    if (importCmd->parsed())
        return importHistory(db, importFile);
    if (list->parsed())
        return listConversations(db, all);
    if (show->parsed())
        return showConversation(db, id);
    return searchConversations(db, words, limit);
}

} // namespace

QIUSUO_CLI_COMMAND("history", "list, show, search, export and import saved conversations", runHistory);

} // namespace qiusuo::cli
