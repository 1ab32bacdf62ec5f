#include "inference/models/modelfactory.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/deepseek2.h"
#include "inference/models/llama.h"
#include "inference/models/qwen2.h"

#include <functional>
#include <utility>

namespace qiusuo::models {

namespace {

using Factory = std::function<std::unique_ptr<Model>(std::shared_ptr<const gguf::GgufFile>, const ModelOptions&)>;

template <typename T>
std::unique_ptr<Model> make(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options)
{
    return std::make_unique<T>(std::move(file), options);
}

/// Architecture name (general.architecture) -> constructor. Add new ones here.
const std::vector<std::pair<std::string, Factory>>& registry()
{
    static const std::vector<std::pair<std::string, Factory>> table = {
        {"qwen2", make<Qwen2Model>},
        {"llama", make<LlamaModel>},
        {"deepseek2", make<Deepseek2Model>},
    };
    return table;
}

std::string listForUsers(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

} // namespace

std::vector<std::string> supportedArchitectures()
{
    std::vector<std::string> names;
    for (const auto& [name, factory] : registry())
        names.push_back(name);
    return names;
}

std::unique_ptr<Model> loadModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options)
{
    const std::string arch = file->architecture();
    for (const auto& [name, factory] : registry())
        if (name == arch)
            return factory(std::move(file), options);
    if (arch.empty())
        throw Error("the model file " + file->path().filename().string() +
                    " does not say its architecture (general.architecture is missing)");
    throw Error("architecture '" + arch + "' is not supported; Qiusuo runs " +
                listForUsers(supportedArchitectures()));
}

std::unique_ptr<Model> loadModel(const std::filesystem::path& path, const ModelOptions& options)
{
    return loadModel(std::shared_ptr<const gguf::GgufFile>(gguf::GgufFile::open(path)), options);
}

} // namespace qiusuo::models
