#include "app/cli/historytransfer.h"

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/exportjson.h"
#include "storage/exportmarkdown.h"
#include "storage/exportselection.h"
#include "storage/importer.h"
#include "storage/storageerror.h"
#include "storage/timestamp.h"
#include "ui/export/htmlexport.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>

namespace qiusuo::cli {

namespace {

namespace fs = std::filesystem;
using namespace qiusuo::storage;

/// Writes `bytes` to `out` through `<out>.partial` and a rename.
void writeFileAtomically(const fs::path& out, const std::string& bytes)
{
    fs::path partial = out;
    partial += ".partial";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        if (!file)
            throw std::runtime_error("cannot write " + out.string() + ": the folder is missing or not writable.");
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        file.close();
        if (!file) {
            std::error_code ec;
            fs::remove(partial, ec);
            throw std::runtime_error("cannot write " + out.string() + " (is the disk full?).");
        }
    }
    std::error_code ec;
    fs::rename(partial, out, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw std::runtime_error("cannot write " + out.string() + ": " + ec.message() + ".");
    }
}

/// The PDF printer (a small Qt WebEngine program installed with the desktop
/// app): next to this executable, else on PATH.
std::optional<fs::path> findPdfPrinter()
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = self.parent_path() / "qiusuo-html2pdf";
        if (fs::exists(beside, ec))
            return beside;
        // In a build tree the printer is built in app/pdf next to app/cli.
        const fs::path built = self.parent_path().parent_path() / "pdf" / "qiusuo-html2pdf";
        if (fs::exists(built, ec))
            return built;
    }
    if (const char* path = std::getenv("PATH")) {
        std::string dirs = path;
        for (std::size_t start = 0; start <= dirs.size();) {
            const std::size_t end = std::min(dirs.find(':', start), dirs.size());
            const fs::path candidate = fs::path(dirs.substr(start, end - start)) / "qiusuo-html2pdf";
            if (end > start && fs::exists(candidate, ec))
                return candidate;
            start = end + 1;
        }
    }
    return std::nullopt;
}

/// Prints `html` to `out` with qiusuo-html2pdf; returns its exit code.
int printPdf(const std::string& html, const fs::path& out)
{
    const auto printer = findPdfPrinter();
    if (!printer) {
        std::fprintf(stderr, "PDF export needs qiusuo-html2pdf, which comes with the desktop app; it was not found "
                             "next to qiusuo-cli or on PATH. Export --format html and print it from a browser, "
                             "or install the desktop app.\n");
        return 1;
    }
    std::string pattern = (fs::temp_directory_path() / "qiusuo-export-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("cannot make a temporary folder for the PDF export.");
    const fs::path tmp = pattern;
    writeFileAtomically(tmp / "export.html", html);
    const std::string in = (tmp / "export.html").string();
    const std::string target = out.string();
    // Chromium talks a lot on stderr: keep it in a log, shown only on failure.
    const std::string log = (tmp / "printer.log").string();
    const pid_t pid = fork();
    if (pid == 0) {
        if (FILE* f = std::freopen(log.c_str(), "w", stderr)) {
            dup2(fileno(f), STDOUT_FILENO);
        }
        execl(printer->c_str(), printer->c_str(), in.c_str(), target.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    std::error_code ec;
    if (code != 0) {
        std::ifstream in2(log);
        std::string line;
        while (std::getline(in2, line))
            if (line.rfind("qiusuo-html2pdf:", 0) == 0 || code == 127)
                std::fprintf(stderr, "%s\n", line.c_str());
        if (code == 127)
            std::fprintf(stderr, "Could not start %s.\n", printer->c_str());
    } else {
        // Chromium writes the file owner-only; give it the usual mode.
        const mode_t mask = umask(0);
        umask(mask);
        fs::permissions(out, static_cast<fs::perms>(0666 & ~mask), ec);
    }
    fs::remove_all(tmp, ec);
    return code;
}

} // namespace

int exportHistory(const HistoryExportRequest& request)
{
    if (request.ids.empty() == !request.all) {
        std::fprintf(stderr, "qiusuo-cli history export: give conversation ids or --all (not both).\n");
        return 2;
    }
    OpenOptions options;
    options.createIfMissing = false;
    std::optional<Database> db;
    try {
        db.emplace(Database::open(request.db, options));
    } catch (const StorageError& e) {
        if (e.kind() != StorageError::Kind::NotFound)
            throw;
        std::fprintf(stderr, "Nothing to export: there is no database at %s.\n", request.db.string().c_str());
        return 1;
    }
    ConversationStore store(*db);
    std::vector<std::int64_t> ids;
    if (request.all) {
        ids = allConversationIds(store);
    } else {
        for (const std::string& id : request.ids)
            ids.push_back(store.conversationByUuid(id).id);
    }

    std::string bytes;
    if (request.format == "json") {
        bytes = exportJson(store, ids, nowMs());
    } else if (request.format == "md") {
        bytes = exportMarkdown(store, ids, {.includeReasoning = request.includeReasoning, .includeStats = true});
    } else {
        exporthtml::HtmlExportOptions html;
        html.includeReasoning = request.includeReasoning;
        html.expandReasoning = request.format == "pdf"; // paper cannot be clicked open
        bytes = exporthtml::exportHtml(store, ids, html);
    }
    if (request.format == "pdf") {
        if (request.out == "-") {
            std::fprintf(stderr, "qiusuo-cli history export: --format pdf needs a file for --out.\n");
            return 2;
        }
        if (const int code = printPdf(bytes, request.out); code != 0)
            return code;
        std::fprintf(stderr, "Exported %zu conversation%s to %s.\n", ids.size(), ids.size() == 1 ? "" : "s",
                     request.out.c_str());
        return 0;
    }
    if (request.out == "-") {
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return 0;
    }
    writeFileAtomically(request.out, bytes);
    std::fprintf(stderr, "Exported %zu conversation%s to %s.\n", ids.size(), ids.size() == 1 ? "" : "s",
                 request.out.c_str());
    return 0;
}

int importHistory(const fs::path& dbPath, const fs::path& file)
{
    Database db = Database::open(dbPath);
    const ImportResult r = importConversations(db, file);
    std::printf("Imported %d conversation%s (%lld messages) from %s (%s format).\n", r.conversationsImported,
                r.conversationsImported == 1 ? "" : "s", static_cast<long long>(r.messagesImported),
                file.string().c_str(), r.format.c_str());
    if (!r.skippedTitles.empty()) {
        std::printf("Skipped %zu already in the database:\n", r.skippedTitles.size());
        for (const auto& title : r.skippedTitles)
            std::printf("  %s\n", title.empty() ? "(untitled)" : title.c_str());
    }
    return 0;
}

} // namespace qiusuo::cli
