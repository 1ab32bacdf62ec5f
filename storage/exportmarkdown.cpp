#include "storage/exportmarkdown.h"

#include "storage/conversationstore.h"
#include "storage/exportselection.h"
#include "storage/exporttext.h"
#include "storage/exporttime.h"

namespace qiusuo::storage {

namespace {

std::string quoted(const std::string& text)
{
    std::string out = "> ";
    for (const char ch : text)
        out += ch == '\n' ? std::string("\n> ") : std::string(1, ch);
    return out;
}

/// The reasoning sits inside raw <details>: a literal "<details" or
/// "</details" in it would close or nest the block, so its "<" is escaped.
std::string guardDetails(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<' && (startsWithNoCase(text, i + 1, "details") || startsWithNoCase(text, i + 1, "/details")
                               || startsWithNoCase(text, i + 1, "summary") || startsWithNoCase(text, i + 1, "/summary")))
            out += "&lt;";
        else
            out += text[i];
    }
    return out;
}

void appendConversation(std::string& out, ConversationStore& store, const Conversation& c,
                        const MarkdownExportOptions& options)
{
    out += "# " + oneLineTitle(c.title) + "\n\n";
    std::string meta = formatUtcTimestamp(c.createdAt).substr(0, 16);
    meta[10] = ' ';
    meta += " UTC";
    if (!c.model.empty())
        meta += " · " + c.model + (c.backend.empty() ? "" : " (" + c.backend + ")");
    out += "*" + meta + "*\n\n";
    if (!c.systemPrompt.empty())
        out += "> **System prompt**\n>\n" + quoted(c.systemPrompt) + "\n\n";
    for (const Message& m : store.activePath(c.id)) {
        std::string heading = roleTitle(m.role);
        if (m.role == MessageRole::Assistant && !m.model.empty())
            heading += " · " + m.model;
        out += "## " + heading + "\n\n";
        if (options.includeReasoning && !m.reasoning.empty()) {
            out += "<details>\n<summary>" + reasoningLabel(m.stats) + "</summary>\n\n";
            out += quoted(guardDetails(m.reasoning)) + "\n\n</details>\n\n";
        }
        if (!m.content.empty())
            out += m.content + (m.content.back() == '\n' ? "\n" : "\n\n");
        if (m.status == MessageStatus::Error && !m.errorText.empty())
            out += "> **Error:** " + oneLineTitle(m.errorText) + "\n\n";
        else if (m.status != MessageStatus::Complete)
            out += "*(" + statusNote(m.status) + ")*\n\n";
        if (options.includeStats)
            if (const std::string stats = statsSummary(m.stats); !stats.empty())
                out += "*" + stats + "*\n\n";
    }
}

} // namespace

std::string exportMarkdown(ConversationStore& store, const std::vector<std::int64_t>& conversationIds,
                           const MarkdownExportOptions& options)
{
    std::string out;
    bool first = true;
    for (const Conversation& c : conversationsInExportOrder(store, conversationIds)) {
        if (!first)
            out += "---\n\n";
        first = false;
        appendConversation(out, store, c, options);
    }
    return out;
}

} // namespace qiusuo::storage
