#include "inference/gguf/gguffile.h"

#include "inference/error.h"
#include "inference/gguf/ggufparser.h"
#include "inference/gguf/mappedfile.h"

#include <limits>

namespace qiusuo::gguf {

std::optional<std::int64_t> Value::asInt() const
{
    if (const auto* u = std::get_if<std::uint64_t>(&data)) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(*u);
    }
    if (const auto* i = std::get_if<std::int64_t>(&data))
        return *i;
    if (const auto* b = std::get_if<bool>(&data))
        return *b ? 1 : 0;
    return std::nullopt;
}

std::optional<double> Value::asFloat() const
{
    if (const auto* u = std::get_if<std::uint64_t>(&data))
        return static_cast<double>(*u);
    if (const auto* i = std::get_if<std::int64_t>(&data))
        return static_cast<double>(*i);
    if (const auto* f = std::get_if<double>(&data))
        return *f;
    return std::nullopt;
}

std::string_view valueTypeName(ValueType type)
{
    switch (type) {
    case ValueType::Uint8: return "UINT8";
    case ValueType::Int8: return "INT8";
    case ValueType::Uint16: return "UINT16";
    case ValueType::Int16: return "INT16";
    case ValueType::Uint32: return "UINT32";
    case ValueType::Int32: return "INT32";
    case ValueType::Float32: return "FLOAT32";
    case ValueType::Bool: return "BOOL";
    case ValueType::String: return "STRING";
    case ValueType::Array: return "ARRAY";
    case ValueType::Uint64: return "UINT64";
    case ValueType::Int64: return "INT64";
    case ValueType::Float64: return "FLOAT64";
    }
    return "UNKNOWN";
}

Value Value::ofStrings(const std::vector<std::string>& v)
{
    Array a{ValueType::String, {}};
    a.items.reserve(v.size());
    for (const auto& s : v)
        a.items.push_back(ofString(s));
    return ofArray(std::move(a));
}

Value Value::ofInt32s(const std::vector<std::int32_t>& v)
{
    Array a{ValueType::Int32, {}};
    a.items.reserve(v.size());
    for (std::int32_t x : v)
        a.items.push_back(ofInt32(x));
    return ofArray(std::move(a));
}

Value Value::ofFloat32s(const std::vector<float>& v)
{
    Array a{ValueType::Float32, {}};
    a.items.reserve(v.size());
    for (float x : v)
        a.items.push_back(ofFloat32(x));
    return ofArray(std::move(a));
}

bool Array::operator==(const Array& other) const
{
    return elementType == other.elementType && items == other.items;
}

const std::string* Value::asString() const& { return std::get_if<std::string>(&data); }

const Array* Value::asArray() const& { return std::get_if<Array>(&data); }

std::uint64_t TensorInfo::elementCount() const
{
    std::uint64_t n = 1;
    for (std::uint64_t d : dims)
        n *= d;  // validated on open not to overflow
    return n;
}

struct GgufFile::Impl {
    std::filesystem::path path;
    std::unique_ptr<MappedFile> mapping;
    std::vector<std::uint8_t> buffer;  ///< the bytes, for fromBuffer()
    std::uint64_t size = 0;
    GgufLayout layout;
    std::map<std::string, std::size_t, std::less<>> keyIndex;
    std::map<std::string, std::size_t, std::less<>> tensorIndex;

    void parse(const std::uint8_t* base, const std::string& name)
    {
        layout = GgufParser(base, size, name).parse();
        for (std::size_t i = 0; i < layout.metadata.size(); ++i)
            keyIndex.emplace(layout.metadata[i].first, i);
        for (std::size_t i = 0; i < layout.tensors.size(); ++i)
            tensorIndex.emplace(layout.tensors[i].name, i);
    }
};

GgufFile::GgufFile() : d(std::make_unique<Impl>()) {}

GgufFile::~GgufFile() = default;

std::unique_ptr<GgufFile> GgufFile::open(const std::filesystem::path& path)
{
    std::unique_ptr<GgufFile> f(new GgufFile());
    f->d->path = path;
    f->d->mapping = std::make_unique<MappedFile>(path);
    f->d->size = f->d->mapping->size();
    f->d->parse(f->d->mapping->data(), path.string());
    return f;
}

std::unique_ptr<GgufFile> GgufFile::fromBuffer(std::vector<std::uint8_t> bytes, std::string name)
{
    std::unique_ptr<GgufFile> f(new GgufFile());
    f->d->path = name;
    f->d->buffer = std::move(bytes);
    f->d->size = f->d->buffer.size();
    f->d->parse(f->d->buffer.data(), name);
    return f;
}

const std::filesystem::path& GgufFile::path() const { return d->path; }
std::uint32_t GgufFile::version() const { return d->layout.version; }
std::uint64_t GgufFile::fileSize() const { return d->size; }
std::uint32_t GgufFile::alignment() const { return d->layout.alignment; }
std::uint64_t GgufFile::dataOffset() const { return d->layout.dataOffset; }

const std::vector<std::pair<std::string, Value>>& GgufFile::metadata() const { return d->layout.metadata; }

const Value* GgufFile::find(std::string_view key) const
{
    const auto it = d->keyIndex.find(key);
    return it == d->keyIndex.end() ? nullptr : &d->layout.metadata[it->second].second;
}

std::optional<std::string> GgufFile::getString(std::string_view key) const
{
    const Value* v = find(key);
    const std::string* s = v ? v->asString() : nullptr;
    return s ? std::optional<std::string>(*s) : std::nullopt;
}

std::optional<std::int64_t> GgufFile::getInt(std::string_view key) const
{
    const Value* v = find(key);
    return v ? v->asInt() : std::nullopt;
}

std::optional<double> GgufFile::getFloat(std::string_view key) const
{
    const Value* v = find(key);
    return v ? v->asFloat() : std::nullopt;
}

std::optional<bool> GgufFile::getBool(std::string_view key) const
{
    const Value* v = find(key);
    if (!v)
        return std::nullopt;
    if (const auto* b = std::get_if<bool>(&v->data))
        return *b;
    return std::nullopt;
}

const Array* GgufFile::getArray(std::string_view key) const
{
    const Value* v = find(key);
    return v ? v->asArray() : nullptr;
}

std::string GgufFile::architecture() const { return getString("general.architecture").value_or(""); }

const std::vector<TensorInfo>& GgufFile::tensors() const { return d->layout.tensors; }

const TensorInfo* GgufFile::findTensor(std::string_view name) const
{
    const auto it = d->tensorIndex.find(name);
    return it == d->tensorIndex.end() ? nullptr : &d->layout.tensors[it->second];
}

void GgufFile::checkComputeSupport(const TensorInfo& tensor) const
{
    if (isSupportedForCompute(tensor.type))
        return;
    throw Error(d->path.string() + ": quantization type " + std::string(ggmlTypeName(tensor.type)) +
                " is not supported yet (tensor " + tensor.name +
                " uses it); supported types are F32, F16, BF16, Q4_0, Q5_0, Q8_0, Q4_K, Q5_K and Q6_K");
}

void GgufFile::checkComputeSupport() const
{
    for (const auto& t : d->layout.tensors)
        checkComputeSupport(t);
}

} // namespace qiusuo::gguf
