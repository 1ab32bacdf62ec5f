#include "ui/export/htmlexport.h"

#include "storage/conversationstore.h"
#include "storage/exportselection.h"
#include "storage/exporttext.h"
#include "storage/exporttime.h"
#include "ui/export/htmlpage.h"
#include "ui/markdown/markdownrenderer.h"

namespace qiusuo::exporthtml {

namespace {

using namespace qiusuo::storage;
using markdown::escapeHtml;
using markdown::renderHtml;

std::string roleClass(MessageRole role)
{
    return std::string(toString(role)); // "user", "assistant", ...: fixed words, safe as a class
}

void appendConversation(std::string& out, ConversationStore& store, const Conversation& c,
                        const HtmlExportOptions& options)
{
    out += "<article class=\"conversation\">\n<h1>" + escapeHtml(oneLineTitle(c.title)) + "</h1>\n";
    std::string meta = formatUtcTimestamp(c.createdAt).substr(0, 16);
    meta[10] = ' ';
    meta += " UTC";
    if (!c.model.empty())
        meta += " · " + c.model + (c.backend.empty() ? "" : " (" + c.backend + ")");
    out += "<p class=\"meta\">" + escapeHtml(meta) + "</p>\n";
    if (!c.systemPrompt.empty())
        out += "<section class=\"system-prompt\"><h2 class=\"role\">System prompt</h2><div class=\"content\">"
               + renderHtml(c.systemPrompt) + "</div></section>\n";
    for (const Message& m : store.activePath(c.id)) {
        std::string heading = roleTitle(m.role);
        if (m.role == MessageRole::Assistant && !m.model.empty())
            heading += " · " + m.model;
        out += "<section class=\"message " + roleClass(m.role) + "\">\n<h2 class=\"role\">" + escapeHtml(heading)
               + "</h2>\n";
        if (options.includeReasoning && !m.reasoning.empty())
            out += std::string("<details class=\"reasoning\"") + (options.expandReasoning ? " open" : "")
                   + "><summary>" + escapeHtml(reasoningLabel(m.stats)) + "</summary><div class=\"content\">"
                   + renderHtml(m.reasoning) + "</div></details>\n";
        if (!m.content.empty())
            out += "<div class=\"content\">" + renderHtml(m.content) + "</div>\n";
        if (m.status == MessageStatus::Error && !m.errorText.empty())
            out += "<p class=\"status error\">" + escapeHtml(m.errorText) + "</p>\n";
        else if (m.status != MessageStatus::Complete)
            out += "<p class=\"status\">(" + escapeHtml(statusNote(m.status)) + ")</p>\n";
        if (options.includeStats)
            if (const std::string stats = statsSummary(m.stats); !stats.empty())
                out += "<p class=\"stats\">" + escapeHtml(stats) + "</p>\n";
        out += "</section>\n";
    }
    out += "</article>\n";
}

} // namespace

std::string exportHtml(ConversationStore& store, const std::vector<std::int64_t>& conversationIds,
                       const HtmlExportOptions& options)
{
    const std::vector<Conversation> conversations = conversationsInExportOrder(store, conversationIds);
    std::string body = "<main>\n";
    for (const Conversation& c : conversations)
        appendConversation(body, store, c, options);
    body += "</main>\n";
    const std::string title = conversations.size() == 1
                                  ? oneLineTitle(conversations.front().title)
                                  : "Qiusuo: " + std::to_string(conversations.size()) + " conversations";
    return buildPage(title, options.lang, body);
}

} // namespace qiusuo::exporthtml
