#include "inference/gguf/valuelist.h"

#include "inference/gguf/ggufbytes.h"
#include "inference/gguf/gguffile.h"

#include <bit>

namespace qiusuo::gguf {

using bytes::littleEndian;
using bytes::scalarSize;

ValueList::ValueList() = default;
ValueList::ValueList(std::vector<Value> items) : owned_(std::move(items)) {}
ValueList::ValueList(std::initializer_list<Value> items) : owned_(items) {}
ValueList::ValueList(ValueList&&) noexcept = default;
ValueList& ValueList::operator=(ValueList&&) noexcept = default;
ValueList::~ValueList() = default;

ValueList ValueList::view(ValueType type, const std::uint8_t* bytes, std::size_t count,
                          std::vector<std::uint64_t> offsets)
{
    ValueList list;
    list.bytes_ = bytes;
    list.count_ = count;
    list.type_ = type;
    list.offsets_ = std::move(offsets);
    return list;
}

ValueList::ValueList(const ValueList& other) : owned_(other.owned_)
{
    if (other.isView()) {
        owned_.reserve(other.count_);
        for (std::size_t i = 0; i < other.count_; ++i)
            owned_.push_back(other[i]);
    }
}

ValueList& ValueList::operator=(const ValueList& other)
{
    if (this != &other)
        *this = ValueList(other);
    return *this;
}

std::size_t ValueList::size() const { return isView() ? count_ : owned_.size(); }

Value ValueList::operator[](std::size_t i) const
{
    if (!isView())
        return owned_[i];
    if (type_ == ValueType::String)
        return Value::ofString(std::string(stringAt(i)));
    const std::uint8_t* p = bytes_ + i * scalarSize(type_);
    switch (type_) {
    case ValueType::Uint8: return Value::ofUint8(*p);
    case ValueType::Int8: return Value::ofInt8(static_cast<std::int8_t>(*p));
    case ValueType::Bool: return Value::ofBool(*p != 0);
    case ValueType::Uint16: return Value::ofUint16(littleEndian<std::uint16_t>(p));
    case ValueType::Int16: return Value::ofInt16(static_cast<std::int16_t>(littleEndian<std::uint16_t>(p)));
    case ValueType::Uint32: return Value::ofUint32(littleEndian<std::uint32_t>(p));
    case ValueType::Int32: return Value::ofInt32(static_cast<std::int32_t>(littleEndian<std::uint32_t>(p)));
    case ValueType::Uint64: return Value::ofUint64(littleEndian<std::uint64_t>(p));
    case ValueType::Int64: return Value::ofInt64(static_cast<std::int64_t>(littleEndian<std::uint64_t>(p)));
    case ValueType::Float32: return Value::ofFloat32(std::bit_cast<float>(littleEndian<std::uint32_t>(p)));
    case ValueType::Float64: return Value::ofFloat64(std::bit_cast<double>(littleEndian<std::uint64_t>(p)));
    case ValueType::String: case ValueType::Array: break;
    }
    return {};
}

std::string_view ValueList::stringAt(std::size_t i) const
{
    if (!isView()) {
        const std::string* s = owned_[i].asString();
        return s ? std::string_view(*s) : std::string_view();
    }
    if (type_ != ValueType::String)
        return {};
    const std::uint8_t* p = bytes_ + offsets_[i / kStringStride];
    for (std::size_t skip = i % kStringStride; skip > 0; --skip)
        p += 8 + littleEndian<std::uint64_t>(p);
    return {reinterpret_cast<const char*>(p + 8), static_cast<std::size_t>(littleEndian<std::uint64_t>(p))};
}

std::optional<std::int64_t> ValueList::intAt(std::size_t i) const
{
    if (isView() && type_ == ValueType::String)
        return std::nullopt;
    return (*this)[i].asInt();
}

std::optional<double> ValueList::floatAt(std::size_t i) const
{
    if (isView() && type_ == ValueType::String)
        return std::nullopt;
    return (*this)[i].asFloat();
}

void ValueList::materialize()
{
    if (isView())
        *this = ValueList(*this);  // the copy owns its items
}

void ValueList::reserve(std::size_t n)
{
    materialize();
    owned_.reserve(n);
}

void ValueList::push_back(Value v)
{
    materialize();
    owned_.push_back(std::move(v));
}

bool ValueList::operator==(const ValueList& other) const
{
    if (size() != other.size())
        return false;
    if (!isView() && !other.isView())
        return owned_ == other.owned_;
    for (std::size_t i = 0; i < size(); ++i)
        if (!((*this)[i] == other[i]))
            return false;
    return true;
}

Value ValueList::const_iterator::operator*() const { return (*list_)[i_]; }

} // namespace qiusuo::gguf
