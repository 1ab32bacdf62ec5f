#pragma once
/// @brief Conversations -> Markdown, for reading and sharing.
///
/// Each conversation becomes a level-1 heading (its title), a line with its
/// creation time (UTC) and model, the system prompt as a quote, then the
/// messages of its active path (the branch the app shows), each under a
/// level-2 heading naming the role. An answer's reasoning is a collapsible
/// `<details>` block before it (GitHub, GitLab and most viewers fold it);
/// statistics follow the answer in italics. Several conversations are
/// separated by horizontal rules. Nothing depends on the time of export.

#include <cstdint>
#include <string>
#include <vector>

namespace qiusuo::storage {

class ConversationStore;

struct MarkdownExportOptions {
    bool includeReasoning = true; ///< the <details> blocks
    bool includeStats = true;     ///< "*42 tokens · 18.5 tokens/s*" lines
};

/// The conversations with these row ids, oldest first. Throws StorageError
/// (NoSuchItem) for an unknown id.
std::string exportMarkdown(ConversationStore& store, const std::vector<std::int64_t>& conversationIds,
                           const MarkdownExportOptions& options = {});

} // namespace qiusuo::storage
