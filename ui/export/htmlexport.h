#pragma once
/// @brief Conversations -> one self-contained HTML file (see htmlpage.h):
/// each message's Markdown and math through the transcript's renderer
/// (ui/markdown), typeset by the inline KaTeX and highlight.js when opened.
///
/// Like the Markdown export it shows each conversation's active path, the
/// reasoning as a collapsible <details> block before its answer, and the
/// statistics after it; nothing depends on the time of export.

#include <cstdint>
#include <string>
#include <vector>

namespace qiusuo::storage {
class ConversationStore;
}

namespace qiusuo::exporthtml {

struct HtmlExportOptions {
    bool includeReasoning = true;
    bool includeStats = true;
    /// Reasoning blocks start open (for print, where nothing can be clicked).
    bool expandReasoning = false;
    std::string lang = "en"; ///< the page's language tag ("zh-CN" picks CJK fonts first)
};

/// The conversations with these row ids, oldest first. Throws
/// storage::StorageError (NoSuchItem) for an unknown id.
std::string exportHtml(storage::ConversationStore& store, const std::vector<std::int64_t>& conversationIds,
                       const HtmlExportOptions& options = {});

} // namespace qiusuo::exporthtml
