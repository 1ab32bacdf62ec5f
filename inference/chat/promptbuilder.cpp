#include "inference/chat/promptbuilder.h"

namespace qiusuo::chat {

void PromptBuilder::special(std::string_view text)
{
    append(text, true);
}

void PromptBuilder::text(std::string_view text)
{
    append(text, false);
}

void PromptBuilder::append(std::string_view text, bool special)
{
    if (text.empty())
        return;
    if (!pieces_.empty() && pieces_.back().special == special)
        pieces_.back().text.append(text);
    else
        pieces_.push_back({std::string(text), special});
}

std::string PromptBuilder::joined() const
{
    std::string out;
    for (const auto& p : pieces_)
        out += p.text;
    return out;
}

} // namespace qiusuo::chat
