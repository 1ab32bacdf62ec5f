#include "storage/importer.h"

#include "storage/database.h"
#include "storage/importchatgpt.h"
#include "storage/importjson.h"
#include "storage/importqiusuo.h"
#include "storage/importwriter.h"
#include "storage/storageerror.h"
#include "storage/transaction.h"

#include <fstream>
#include <set>

namespace qiusuo::storage {

namespace {

[[noreturn]] void refuse(std::string_view source, const std::string& why)
{
    throw StorageError(StorageError::Kind::InvalidArgument,
                       "Cannot import " + std::string(source) + ": " + why + " Nothing was imported.");
}

std::string megabytes(std::uint64_t bytes)
{
    return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MB";
}

} // namespace

ImportResult importConversationsFromText(Database& db, std::string_view text, std::string_view sourceName,
                                         const ImportOptions& options)
{
    if (text.size() > options.maxFileBytes)
        refuse(sourceName, "it is " + megabytes(text.size()) + ", more than the " + megabytes(options.maxFileBytes)
                               + " an import may be.");
    ImportResult result;
    std::vector<ImportedConversation> conversations;
    try {
        // ChatGPT's file is a list; ours an object whose settings keep their
        // key order (so they need the ordered, smaller-object parser).
        const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        const bool list = first != std::string_view::npos && text[first] == '[';
        const nlohmann::json chatGpt = list ? parseImportJsonUnordered(text, options.maxDepth) : nlohmann::json();
        const ImportJson root = list ? ImportJson() : parseImportJson(text, options.maxDepth);
        if (!list && looksLikeQiusuoExport(root)) {
            result.format = "Qiusuo";
            conversations = readQiusuoExport(root);
        } else if (list && looksLikeChatGptExport(chatGpt)) {
            result.format = "ChatGPT";
            conversations = readChatGptExport(chatGpt);
        } else {
            throw ImportProblem{"it is neither a Qiusuo export (\"format\": \"qiusuo-conversations\") nor "
                                "ChatGPT's conversations.json (a list of conversations with a \"mapping\")."};
        }
    } catch (const ImportProblem& p) {
        refuse(sourceName, p.what);
    }

    // One transaction: a failure half-way leaves the database as it was.
    Transaction tx(db);
    std::set<std::string> uuidsInFile;
    for (const ImportedConversation& c : conversations) {
        if (!c.uuid.empty() && (conversationUuidExists(db, c.uuid) || !uuidsInFile.insert(c.uuid).second)) {
            result.skippedTitles.push_back(c.title);
            continue;
        }
        writeImportedConversation(db, c);
        ++result.conversationsImported;
        result.messagesImported += static_cast<std::int64_t>(c.messages.size());
    }
    tx.commit();
    return result;
}

ImportResult importConversations(Database& db, const std::filesystem::path& path, const ImportOptions& options)
{
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw StorageError(StorageError::Kind::NotFound, "Cannot import " + name + ": there is no such file.");
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec)
        throw StorageError(StorageError::Kind::CannotOpen, "Cannot import " + name + ": " + ec.message() + ".");
    if (size > options.maxFileBytes)
        refuse(name, "it is " + megabytes(size) + ", more than the " + megabytes(options.maxFileBytes)
                         + " an import may be.");
    std::ifstream in(path, std::ios::binary);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!in || !in.read(text.data(), static_cast<std::streamsize>(size)))
        throw StorageError(StorageError::Kind::CannotOpen, "Cannot import " + name + ": the file cannot be read.");
    return importConversationsFromText(db, text, name, options);
}

} // namespace qiusuo::storage
