#include "inference/gguf/ggufparser.h"

#include "inference/error.h"
#include "inference/gguf/ggufbytes.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <unordered_set>

namespace qiusuo::gguf {

namespace {

using bytes::littleEndian;

/// Fewest bytes one element of `type` takes in the file; bounds array counts
/// by the bytes actually left, before anything is allocated.
std::uint64_t minEncodedSize(ValueType type)
{
    if (type == ValueType::String)
        return 8;   // the length
    if (type == ValueType::Array)
        return 12;  // element type + count
    const std::size_t size = bytes::scalarSize(type);
    return size > 0 ? size : 1;
}

bool isKnownValueType(std::uint32_t t) { return t <= static_cast<std::uint32_t>(ValueType::Float64); }

std::string printable(const std::string& s)
{
    std::string out;
    for (char c : s.substr(0, 80)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return s.size() > 80 ? out + "..." : out;
}

} // namespace

GgufParser::GgufParser(const std::uint8_t* base, std::uint64_t size, std::string fileName)
    : base_(base), size_(size), fileName_(std::move(fileName))
{
}

void GgufParser::fail(const std::string& problem) const
{
    throw Error(fileName_ + ": " + problem);
}

void GgufParser::failAbout(const std::string& predicate) const
{
    throw Error(fileName_ + " " + predicate);
}

void GgufParser::failTruncated() const
{
    fail("the file ends in the middle of " + where_ + " — is the download complete?");
}

void GgufParser::need(std::uint64_t n) const
{
    if (n > size_ - pos_)
        failTruncated();
}

std::uint8_t GgufParser::readU8()
{
    need(1);
    return base_[pos_++];
}

std::uint16_t GgufParser::readU16()
{
    need(2);
    const auto v = littleEndian<std::uint16_t>(base_ + pos_);
    pos_ += 2;
    return v;
}

std::uint32_t GgufParser::readU32()
{
    need(4);
    const auto v = littleEndian<std::uint32_t>(base_ + pos_);
    pos_ += 4;
    return v;
}

std::uint64_t GgufParser::readU64()
{
    need(8);
    const auto v = littleEndian<std::uint64_t>(base_ + pos_);
    pos_ += 8;
    return v;
}

std::string GgufParser::readString()
{
    return std::string(readStringView());
}

std::string_view GgufParser::readStringView()
{
    const std::uint64_t length = readU64();
    // A length beyond the remaining bytes is a truncated or corrupt file; it
    // is caught here, before any allocation.
    if (length > size_ - pos_)
        fail("the file ends in the middle of " + where_ + " (a string of " + std::to_string(length) +
             " bytes with " + std::to_string(size_ - pos_) +
             " left) — is the download complete, or is the file corrupt?");
    const std::string_view s(reinterpret_cast<const char*>(base_ + pos_), static_cast<std::size_t>(length));
    pos_ += length;
    return s;
}

GgufLayout GgufParser::parse()
{
    GgufLayout layout;
    readHeader(layout);
    where_ = "the header";
    const std::uint64_t tensorCount = readU64();
    const std::uint64_t kvCount = readU64();
    // Each metadata entry takes at least 13 bytes (key length, type, one
    // value byte) and each tensor entry at least 32; more than the file can
    // hold means a corrupt header.
    const std::string left = std::to_string(size_ - pos_);
    if (kvCount > (size_ - pos_) / 13)
        fail("the header says the file has " + std::to_string(kvCount) + " metadata entries, more than fit in the " +
             left + " bytes that follow — the file is corrupt, or incomplete (is the download complete?)");
    if (tensorCount > (size_ - pos_) / 32)
        fail("the header says the file has " + std::to_string(tensorCount) + " tensors, more than fit in the " +
             left + " bytes that follow — the file is corrupt, or incomplete (is the download complete?)");
    readMetadata(layout, kvCount);
    readTensorTable(layout, tensorCount);
    placeTensors(layout);
    return layout;
}

void GgufParser::readHeader(GgufLayout& layout)
{
    if (size_ < 8) {
        if (size_ >= 4 && std::memcmp(base_, "GGUF", 4) == 0)
            failTruncated();
        failAbout("is not a GGUF model file (it is only " + std::to_string(size_) + " bytes long)");
    }
    if (std::memcmp(base_, "GGUF", 4) != 0) {
        if (std::memcmp(base_, "FUGG", 4) == 0)
            failAbout("is a big-endian GGUF file, which is not supported; use the little-endian version of the model");
        if (std::memcmp(base_, "PK\x03\x04", 4) == 0)
            failAbout("is a ZIP archive (perhaps a PyTorch checkpoint), not a GGUF model file; convert it to GGUF first");
        if (base_[0] == '<')
            failAbout("is a web page or XML document, not a GGUF model file — the download probably failed");
        if (size_ >= 9 && base_[8] == '{')
            failAbout("looks like a safetensors file, not a GGUF model file; convert it to GGUF first");
        failAbout("is not a GGUF model file (it does not start with the bytes 'GGUF')");
    }
    pos_ = 4;
    const std::uint32_t version = readU32();
    const std::uint32_t swapped = ((version & 0xffu) << 24) | ((version & 0xff00u) << 8) |
                                  ((version >> 8) & 0xff00u) | (version >> 24);
    if (version == 1)
        failAbout("uses GGUF version 1, which is no longer supported; download or convert the model again "
             "with a current llama.cpp to get a version 3 file");
    if (version != 2 && version != 3) {
        if (swapped >= 1 && swapped <= 3)
            failAbout("is a big-endian GGUF file, which is not supported; use the little-endian version of the model");
        failAbout("uses GGUF version " + std::to_string(version) +
             ", which this version of Qiusuo cannot read (it reads versions 2 and 3)");
    }
    layout.version = version;
}

void GgufParser::readMetadata(GgufLayout& layout, std::uint64_t count)
{
    std::unordered_set<std::string> seen;
    layout.metadata.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        where_ = "the metadata (entry " + std::to_string(i + 1) + " of " + std::to_string(count) + ")";
        std::string key = readString();
        where_ = "the metadata (key '" + printable(key) + "')";
        const std::uint32_t type = readU32();
        if (!isKnownValueType(type))
            fail("metadata key '" + printable(key) + "' has unknown value type " + std::to_string(type) +
                 " — the file is corrupt or from a newer GGUF version");
        Value value = readValue(static_cast<ValueType>(type), key, 0);
        if (!seen.insert(key).second)
            fail("metadata key '" + printable(key) + "' appears twice — the file is corrupt");
        if (key == "general.alignment")
            applyAlignment(layout, key, value);
        layout.metadata.emplace_back(std::move(key), std::move(value));
    }
}

Value GgufParser::readValue(ValueType type, const std::string& key, int depth)
{
    Value v;
    v.type = type;
    switch (type) {
    case ValueType::Uint8: v.data = std::uint64_t{readU8()}; break;
    case ValueType::Int8: v.data = std::int64_t{static_cast<std::int8_t>(readU8())}; break;
    case ValueType::Uint16: v.data = std::uint64_t{readU16()}; break;
    case ValueType::Int16: v.data = std::int64_t{static_cast<std::int16_t>(readU16())}; break;
    case ValueType::Uint32: v.data = std::uint64_t{readU32()}; break;
    case ValueType::Int32: v.data = std::int64_t{static_cast<std::int32_t>(readU32())}; break;
    case ValueType::Uint64: v.data = readU64(); break;
    case ValueType::Int64: v.data = static_cast<std::int64_t>(readU64()); break;
    case ValueType::Float32: v.data = double{std::bit_cast<float>(readU32())}; break;
    case ValueType::Float64: v.data = std::bit_cast<double>(readU64()); break;
    case ValueType::Bool: {
        const std::uint8_t b = readU8();
        if (b > 1)
            fail("metadata key '" + printable(key) + "' holds a boolean that is neither 0 nor 1 (" +
                 std::to_string(b) + ") — the file is corrupt");
        v.data = b == 1;
        break;
    }
    case ValueType::String: v.data = readString(); break;
    case ValueType::Array: v.data = readArray(key, depth + 1); break;
    }
    return v;
}

Array GgufParser::readArray(const std::string& key, int depth)
{
    if (depth > kMaxNesting)
        fail("metadata key '" + printable(key) + "' nests arrays more than " + std::to_string(kMaxNesting) +
             " deep — the file is corrupt");
    const std::uint32_t elementType = readU32();
    if (!isKnownValueType(elementType))
        fail("metadata array '" + printable(key) + "' has unknown element type " +
             std::to_string(elementType) + " — the file is corrupt or from a newer GGUF version");
    const std::uint64_t count = readU64();
    Array a;
    a.elementType = static_cast<ValueType>(elementType);
    if (count > (size_ - pos_) / minEncodedSize(a.elementType))
        fail("metadata array '" + printable(key) + "' claims " + std::to_string(count) +
             " elements, more than fit in the rest of the file — the file is corrupt or incomplete");
    arrayElements_ += count;
    if (arrayElements_ > kMaxArrayElements)
        fail("metadata arrays hold more than " + std::to_string(kMaxArrayElements) +
             " elements in all (at key '" + printable(key) + "'), more than any real model needs");
    if (a.elementType == ValueType::Array) {
        std::vector<Value> items;
        items.reserve(static_cast<std::size_t>(count));
        for (std::uint64_t i = 0; i < count; ++i)
            items.push_back(readValue(a.elementType, key, depth));
        a.items = ValueList(std::move(items));
        return a;
    }
    a.items = readPackedItems(a.elementType, key, count);
    return a;
}

ValueList GgufParser::readPackedItems(ValueType type, const std::string& key, std::uint64_t count)
{
    // Validated here as readValue would, then kept as a view of the file's bytes.
    const std::uint8_t* start = base_ + pos_;
    std::vector<std::uint64_t> offsets;
    if (type == ValueType::String) {
        offsets.reserve(static_cast<std::size_t>(count / ValueList::kStringStride + 1));
        for (std::uint64_t i = 0; i < count; ++i) {
            if (i % ValueList::kStringStride == 0)
                offsets.push_back(pos_ - static_cast<std::uint64_t>(start - base_));
            readStringView();
        }
    } else if (type == ValueType::Bool) {
        for (std::uint64_t i = 0; i < count; ++i)
            readValue(type, key, 0);  // checks each is 0 or 1
    } else {
        const std::uint64_t bytes = count * minEncodedSize(type);  // bounded by the file size above
        need(bytes);
        pos_ += bytes;
    }
    return ValueList::view(type, start, static_cast<std::size_t>(count), std::move(offsets));
}

void GgufParser::applyAlignment(GgufLayout& layout, const std::string& key, const Value& value) const
{
    // UINT32 as the GGUF spec says; the writer and llama.cpp insist on it too.
    const auto n = value.asInt();
    if (!n || value.type != ValueType::Uint32)
        fail(key + " must be an integer of type UINT32, not " + std::string(valueTypeName(value.type)));
    if (*n <= 0 || *n > (1ll << 30) || !std::has_single_bit(static_cast<std::uint64_t>(*n)))
        fail(key + " is " + std::to_string(*n) + ", but it must be a power of two (such as 32)");
    layout.alignment = static_cast<std::uint32_t>(*n);
}

void GgufParser::readTensorTable(GgufLayout& layout, std::uint64_t count)
{
    std::unordered_set<std::string> seen;
    layout.tensors.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        where_ = "the tensor table (entry " + std::to_string(i + 1) + " of " + std::to_string(count) + ")";
        TensorInfo t = readTensorInfo(layout);
        if (!seen.insert(t.name).second)
            fail("tensor " + printable(t.name) + " appears twice in the tensor table — the file is corrupt");
        layout.tensors.push_back(std::move(t));
    }
}

TensorInfo GgufParser::readTensorInfo(const GgufLayout& layout)
{
    TensorInfo t;
    t.name = readString();
    const std::string name = printable(t.name);
    if (t.name.empty())
        fail("a tensor in the tensor table has an empty name — the file is corrupt");
    where_ = "the tensor table (tensor " + name + ")";
    const std::uint32_t nDims = readU32();
    if (nDims == 0 || nDims > kMaxDims)
        fail("tensor " + name + " has " + std::to_string(nDims) +
             " dimensions; GGUF tensors have 1 to 4 — the file is corrupt");
    t.dims.resize(nDims);
    for (auto& d : t.dims)
        d = readU64();
    const std::uint32_t typeId = readU32();
    t.offset = readU64();

    const auto traits = ggmlTypeTraits(typeId);
    if (!traits)
        fail("tensor " + name + " has unknown type id " + std::to_string(typeId) +
             " — the file is corrupt or uses a type newer than this version of Qiusuo");
    t.type = static_cast<GgmlType>(typeId);

    // Element count in int64 range (ggml's own limit), checked as it grows.
    std::uint64_t elements = 1;
    for (std::uint64_t d : t.dims) {
        if (d == 0)
            fail("tensor " + name + " has a dimension of size 0 — the file is corrupt");
        if (d > static_cast<std::uint64_t>(INT64_MAX) / elements)
            fail("tensor " + name + " has dimensions whose product overflows — the file is corrupt");
        elements *= d;
    }
    if (t.dims[0] % traits->blockSize != 0)
        fail("tensor " + name + " has rows of " + std::to_string(t.dims[0]) + " elements, not a multiple of the " +
             std::string(traits->name) + " block size " + std::to_string(traits->blockSize) +
             " — the file is corrupt");
    const std::uint64_t blocks = elements / traits->blockSize;
    if (blocks > UINT64_MAX / traits->typeSize)
        fail("tensor " + name + " is too large to address — the file is corrupt");
    t.nbytes = blocks * traits->typeSize;
    if (t.offset % layout.alignment != 0)
        fail("tensor " + name + " starts at data offset " + std::to_string(t.offset) +
             ", which is not a multiple of the file's alignment " + std::to_string(layout.alignment) +
             " — the file is corrupt");
    return t;
}

void GgufParser::placeTensors(GgufLayout& layout) const
{
    // The data section starts at the next multiple of the alignment after the table.
    const std::uint64_t a = layout.alignment;
    const std::uint64_t dataOffset = (pos_ + a - 1) / a * a;
    layout.dataOffset = dataOffset;
    if (layout.tensors.empty())
        return;
    if (dataOffset > size_)
        fail("the file ends before its tensor data begins — is the download complete?");
    const std::uint64_t available = size_ - dataOffset;
    for (auto& t : layout.tensors) {
        if (t.offset > available || t.nbytes > available - t.offset)
            fail("tensor " + printable(t.name) + " extends past the end of the file — is the download complete?");
        t.data = base_ + dataOffset + t.offset;
    }
    std::vector<std::size_t> order(layout.tensors.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return layout.tensors[x].offset < layout.tensors[y].offset;
    });
    for (std::size_t i = 1; i < order.size(); ++i) {
        const TensorInfo& prev = layout.tensors[order[i - 1]];
        const TensorInfo& cur = layout.tensors[order[i]];
        if (prev.offset + prev.nbytes > cur.offset)
            fail("tensors " + printable(prev.name) + " and " + printable(cur.name) +
                 " overlap in the data section — the file is corrupt");
    }
}

} // namespace qiusuo::gguf
