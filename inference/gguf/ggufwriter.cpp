#include "inference/gguf/ggufwriter.h"

#include "inference/error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <future>
#include <limits>

namespace qiusuo::gguf {

namespace {

template <typename T>
void putLittleEndian(std::vector<std::uint8_t>& out, T v)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void putString(std::vector<std::uint8_t>& out, const std::string& s)
{
    putLittleEndian<std::uint64_t>(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

std::uint64_t alignUp(std::uint64_t n, std::uint64_t a) { return (n + a - 1) / a * a; }

[[noreturn]] void badValue(const std::string& key, ValueType type)
{
    throw Error("GGUF writer: the value of metadata key '" + key + "' does not fit its type " +
                std::string(valueTypeName(type)));
}

template <typename T>
T unsignedOf(const Value& v, const std::string& key)
{
    const auto* u = std::get_if<std::uint64_t>(&v.data);
    if (!u || *u > std::numeric_limits<T>::max())
        badValue(key, v.type);
    return static_cast<T>(*u);
}

template <typename T>
T signedOf(const Value& v, const std::string& key)
{
    const auto* i = std::get_if<std::int64_t>(&v.data);
    if (!i || *i < std::numeric_limits<T>::min() || *i > std::numeric_limits<T>::max())
        badValue(key, v.type);
    return static_cast<T>(*i);
}

double floatOf(const Value& v, const std::string& key)
{
    const auto* f = std::get_if<double>(&v.data);
    if (!f)
        badValue(key, v.type);
    return *f;
}

/// Encodes the value's payload (not its type tag) as GGUF stores it.
void putValue(std::vector<std::uint8_t>& out, const Value& v, const std::string& key)
{
    switch (v.type) {
    case ValueType::Uint8: putLittleEndian(out, unsignedOf<std::uint8_t>(v, key)); return;
    case ValueType::Uint16: putLittleEndian(out, unsignedOf<std::uint16_t>(v, key)); return;
    case ValueType::Uint32: putLittleEndian(out, unsignedOf<std::uint32_t>(v, key)); return;
    case ValueType::Uint64: putLittleEndian(out, unsignedOf<std::uint64_t>(v, key)); return;
    case ValueType::Int8: putLittleEndian(out, static_cast<std::uint8_t>(signedOf<std::int8_t>(v, key))); return;
    case ValueType::Int16: putLittleEndian(out, static_cast<std::uint16_t>(signedOf<std::int16_t>(v, key))); return;
    case ValueType::Int32: putLittleEndian(out, static_cast<std::uint32_t>(signedOf<std::int32_t>(v, key))); return;
    case ValueType::Int64: putLittleEndian(out, static_cast<std::uint64_t>(signedOf<std::int64_t>(v, key))); return;
    case ValueType::Float32: {
        const double f = floatOf(v, key);
        // Narrowing a finite double beyond float's range is undefined; refuse it.
        if (std::isfinite(f) && std::abs(f) > std::numeric_limits<float>::max())
            badValue(key, v.type);
        putLittleEndian(out, std::bit_cast<std::uint32_t>(static_cast<float>(f)));
        return;
    }
    case ValueType::Float64: putLittleEndian(out, std::bit_cast<std::uint64_t>(floatOf(v, key))); return;
    case ValueType::Bool: {
        const auto* b = std::get_if<bool>(&v.data);
        if (!b)
            badValue(key, v.type);
        out.push_back(*b ? 1 : 0);
        return;
    }
    case ValueType::String: {
        const auto* s = v.asString();
        if (!s)
            badValue(key, v.type);
        putString(out, *s);
        return;
    }
    case ValueType::Array: {
        const auto* a = v.asArray();
        if (!a)
            badValue(key, v.type);
        putLittleEndian(out, static_cast<std::uint32_t>(a->elementType));
        putLittleEndian<std::uint64_t>(out, a->items.size());
        for (const Value& item : a->items) {
            if (item.type != a->elementType)
                throw Error("GGUF writer: metadata array '" + key + "' of " +
                            std::string(valueTypeName(a->elementType)) + " holds an item of type " +
                            std::string(valueTypeName(item.type)));
            putValue(out, item, key);
        }
        return;
    }
    }
    badValue(key, v.type);
}

} // namespace

void GgufWriter::setVersion(std::uint32_t version)
{
    if (version != 2 && version != 3)
        throw Error("GGUF writer: can write versions 2 and 3, not " + std::to_string(version));
    version_ = version;
}

void GgufWriter::setAlignment(std::uint32_t alignment)
{
    // Real files use 32; the head is padded to the alignment, so a huge one
    // would make the writer allocate that much for nothing.
    if (alignment == 0 || alignment > (1u << 24) || !std::has_single_bit(alignment))
        throw Error("GGUF writer: alignment " + std::to_string(alignment) + " is not a power of two up to 2^24");
    alignment_ = alignment;
    set("general.alignment", Value::ofUint32(alignment));
}

void GgufWriter::set(const std::string& key, Value value)
{
    std::vector<std::uint8_t> scratch;
    putValue(scratch, value, key);  // refuse a value that could not be written, now
    if (key == "general.alignment") {
        const auto n = value.asInt();
        if (value.type != ValueType::Uint32 || !n || *n == 0 || *n > (1 << 24) ||
            !std::has_single_bit(static_cast<std::uint64_t>(*n)))
            throw Error("GGUF writer: general.alignment must be a UINT32 power of two up to 2^24");
        alignment_ = static_cast<std::uint32_t>(*n);
    }
    for (auto& [k, v] : metadata_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    metadata_.emplace_back(key, std::move(value));
}

std::uint64_t GgufWriter::tensorBytes(GgmlType type, const std::vector<std::uint64_t>& dims)
{
    const auto traits = ggmlTypeTraits(static_cast<std::uint32_t>(type));
    if (!traits)
        throw Error("GGUF writer: unknown tensor type id " + std::to_string(static_cast<std::uint32_t>(type)));
    if (dims.empty() || dims.size() > 4)
        throw Error("GGUF writer: a tensor needs 1 to 4 dimensions, not " + std::to_string(dims.size()));
    std::uint64_t elements = 1;
    for (std::uint64_t d : dims) {
        if (d == 0 || d > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / elements)
            throw Error("GGUF writer: tensor dimensions must be nonzero and their product must fit in 63 bits");
        elements *= d;
    }
    if (dims[0] % traits->blockSize != 0)
        throw Error("GGUF writer: rows of " + std::to_string(dims[0]) + " elements are not a multiple of the " +
                    std::string(traits->name) + " block size " + std::to_string(traits->blockSize));
    return elements / traits->blockSize * traits->typeSize;
}

void GgufWriter::checkNewTensor(const std::string& name) const
{
    for (const auto& t : tensors_)
        if (t.name == name)
            throw Error("GGUF writer: tensor " + name + " added twice");
}

void GgufWriter::addTensor(const std::string& name, GgmlType type, std::vector<std::uint64_t> dims,
                           std::vector<std::uint8_t> bytes)
{
    const std::uint64_t expected = tensorBytes(type, dims);
    if (bytes.size() != expected)
        throw Error("GGUF writer: tensor " + name + " needs " + std::to_string(expected) + " bytes, got " +
                    std::to_string(bytes.size()));
    checkNewTensor(name);
    tensors_.push_back({name, type, std::move(dims), std::move(bytes), expected, false});
}

void GgufWriter::addDeferredTensor(const std::string& name, GgmlType type, std::vector<std::uint64_t> dims)
{
    const std::uint64_t size = tensorBytes(type, dims);
    checkNewTensor(name);
    tensors_.push_back({name, type, std::move(dims), {}, size, true});
}

void GgufWriter::addTensor(const std::string& name, GgmlType type, std::vector<std::uint64_t> dims,
                           std::span<const std::uint8_t> bytes)
{
    addTensor(name, type, std::move(dims), std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

std::vector<std::uint8_t> GgufWriter::encodeHead() const
{
    std::vector<std::uint8_t> out{'G', 'G', 'U', 'F'};
    putLittleEndian(out, version_);
    putLittleEndian<std::uint64_t>(out, tensors_.size());
    putLittleEndian<std::uint64_t>(out, metadata_.size());
    for (const auto& [key, value] : metadata_) {
        putString(out, key);
        putLittleEndian(out, static_cast<std::uint32_t>(value.type));
        putValue(out, value, key);
    }
    // Tensors are laid out in insertion order, each at the next aligned offset.
    std::uint64_t offset = 0;
    for (const auto& t : tensors_) {
        putString(out, t.name);
        putLittleEndian(out, static_cast<std::uint32_t>(t.dims.size()));
        for (std::uint64_t d : t.dims)
            putLittleEndian(out, d);
        putLittleEndian(out, static_cast<std::uint32_t>(t.type));
        putLittleEndian(out, offset);
        offset = alignUp(offset + t.size, alignment_);
    }
    out.resize(alignUp(out.size(), alignment_), 0);
    return out;
}

std::vector<std::uint8_t> GgufWriter::serialize() const
{
    for (const auto& t : tensors_)
        if (t.deferred)
            throw Error("GGUF writer: tensor " + t.name + " is deferred; only write() can produce its bytes");
    std::vector<std::uint8_t> out = encodeHead();
    for (std::size_t i = 0; i < tensors_.size(); ++i) {
        out.insert(out.end(), tensors_[i].bytes.begin(), tensors_[i].bytes.end());
        // Padding between tensors keeps the next offset aligned; none after the last.
        if (i + 1 < tensors_.size())
            out.resize(alignUp(out.size(), alignment_), 0);
    }
    return out;
}

void GgufWriter::write(const std::filesystem::path& path, const RowSource& source, std::uint64_t chunkBytes) const
{
    for (const auto& t : tensors_)
        if (t.deferred && !source)
            throw Error("GGUF writer: tensor " + t.name + " is deferred but no row source was given to produce it");
    std::filesystem::path temp = path;
    temp += ".partial";
    const auto removeTemp = [&temp] {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
    };
    try {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot create " + temp.string());
        const auto put = [&out, &temp](const std::uint8_t* data, std::uint64_t n) {
            out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n));
            if (!out)
                throw Error("cannot write " + temp.string() + " (is the disk full?)");
        };
        const std::vector<std::uint8_t> head = encodeHead();
        put(head.data(), head.size());

        // Two buffers: one is written on a helper thread while the source fills
        // the other. The padding after a tensor travels with its last chunk.
        std::vector<std::uint8_t> buffers[2];
        int current = 0;
        std::future<void> pending;
        const auto finishPending = [&pending] {
            if (pending.valid())
                pending.get();
        };
        const std::vector<std::uint8_t> zeros(alignment_, 0);
        std::uint64_t written = 0;
        for (std::size_t i = 0; i < tensors_.size(); ++i) {
            const Tensor& t = tensors_[i];
            const std::uint64_t end = written + t.size;
            const std::uint64_t pad = i + 1 < tensors_.size() ? alignUp(end, alignment_) - end : 0;
            written = end + pad;
            if (!t.deferred) {
                finishPending();
                put(t.bytes.data(), t.bytes.size());
                put(zeros.data(), pad);
                continue;
            }
            std::uint64_t rows = 1;
            for (std::size_t d = 1; d < t.dims.size(); ++d)
                rows *= t.dims[d];
            const std::uint64_t rowBytes = t.size / rows;
            const std::uint64_t rowsPerChunk = std::max<std::uint64_t>(1, chunkBytes / rowBytes);
            for (std::uint64_t first = 0; first < rows; first += rowsPerChunk) {
                const std::uint64_t count = std::min(rowsPerChunk, rows - first);
                const std::uint64_t bytes = count * rowBytes;
                const std::uint64_t tail = first + count == rows ? pad : 0;
                std::vector<std::uint8_t>& buffer = buffers[current];
                buffer.resize(bytes + tail);
                std::fill(buffer.begin() + static_cast<std::ptrdiff_t>(bytes), buffer.end(), std::uint8_t{0});
                source(i, first, count, std::span<std::uint8_t>(buffer.data(), bytes));
                finishPending();
                pending = std::async(std::launch::async, [&put, &buffer] { put(buffer.data(), buffer.size()); });
                current ^= 1;
            }
        }
        finishPending();
        out.flush();
        if (!out)
            throw Error("cannot write " + temp.string() + " (is the disk full?)");
    } catch (...) {
        removeTemp();
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        removeTemp();
        throw Error("cannot rename " + temp.string() + " to " + path.string() + ": " + ec.message());
    }
}

} // namespace qiusuo::gguf
