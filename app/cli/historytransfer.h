#pragma once
/// @brief `qiusuo-cli history export` and `history import`: conversations to
/// Markdown, JSON, HTML or PDF files, and back in from JSON.

#include <filesystem>
#include <string>
#include <vector>

namespace qiusuo::cli {

struct HistoryExportRequest {
    std::filesystem::path db;
    std::vector<std::string> ids; ///< uuids or unique starts of them
    bool all = false;             ///< every conversation, archived ones too
    std::string format;           ///< md, json, html or pdf
    std::string out;              ///< file, or "-" for stdout (not pdf)
    bool includeReasoning = true;
};

/// Writes the export (to a temporary file renamed into place, so a failure
/// never leaves half a file). Returns the exit code; errors go to stderr.
int exportHistory(const HistoryExportRequest& request);

/// Imports FILE into the database (created when missing). Returns the exit code.
int importHistory(const std::filesystem::path& db, const std::filesystem::path& file);

} // namespace qiusuo::cli
