#include "inference/models/metadatareader.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"

#include <limits>

namespace qiusuo::models {

MetadataReader::MetadataReader(const gguf::GgufFile& file, std::string architecture)
    : file_(file), arch_(std::move(architecture))
{
}

std::string MetadataReader::fullKey(std::string_view key) const
{
    return arch_ + "." + std::string(key);
}

std::string MetadataReader::fileName() const
{
    return file_.path().filename().string();
}

std::int32_t MetadataReader::optionalCount(std::string_view key, std::int32_t fallback) const
{
    const std::string full = fullKey(key);
    const gguf::Value* value = file_.find(full);
    if (!value)
        return fallback;
    const std::optional<std::int64_t> v = value->asInt();
    if (!v)
        throw Error("the model file " + fileName() + " has a " + full +
                    " that is not a single integer; this kind of model is not supported");
    if (*v <= 0 || *v > std::numeric_limits<std::int32_t>::max())
        throw Error("the model file " + fileName() + " is damaged: " + full + " is " +
                    std::to_string(*v) + ", which is not a usable size");
    return static_cast<std::int32_t>(*v);
}

std::int32_t MetadataReader::requiredCount(std::string_view key) const
{
    if (!file_.find(fullKey(key)))
        throw Error("the model file " + fileName() + " lacks the setting " + fullKey(key) +
                    "; it is incomplete or not a " + arch_ + " model");
    return optionalCount(key, 0);
}

double MetadataReader::optionalFloat(std::string_view key, double fallback) const
{
    const std::string full = fullKey(key);
    const gguf::Value* value = file_.find(full);
    if (!value)
        return fallback;
    const std::optional<double> v = value->asFloat();
    if (!v)
        throw Error("the model file " + fileName() + " is damaged: " + full + " is not a number");
    return *v;
}

double MetadataReader::requiredFloat(std::string_view key) const
{
    if (!file_.find(fullKey(key)))
        throw Error("the model file " + fileName() + " lacks the setting " + fullKey(key) +
                    "; it is incomplete or not a " + arch_ + " model");
    return optionalFloat(key, 0.0);
}

std::optional<std::string> MetadataReader::optionalString(std::string_view key) const
{
    return file_.getString(fullKey(key));
}

} // namespace qiusuo::models
