#include "ui/export/exportassets.h"

#include <stdexcept>

namespace qiusuo::exporthtml {

std::string_view embeddedText(std::string_view path)
{
    for (const auto* files : {&embeddedFiles(), &embeddedPageFiles()})
        for (const EmbeddedFile& f : *files)
            if (path == f.path)
                return {reinterpret_cast<const char*>(f.data), f.size};
    throw std::logic_error("export asset not embedded: " + std::string(path));
}

std::vector<std::string> embeddedHighlightLanguages()
{
    static constexpr std::string_view prefix = "highlight.js/lib/languages/";
    std::vector<std::string> out;
    for (const EmbeddedFile& f : embeddedFiles()) {
        const std::string_view p = f.path;
        if (p.substr(0, prefix.size()) == prefix && p.size() > prefix.size() + 3)
            out.emplace_back(p.substr(prefix.size(), p.size() - prefix.size() - 3)); // drop ".js"
    }
    return out;
}

} // namespace qiusuo::exporthtml
