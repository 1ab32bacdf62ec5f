#pragma once
/// @brief The items of a GGUF metadata array.
///
/// Either owned Values (arrays built in memory, arrays of arrays) or, for an
/// array of numbers or strings read from a file, a view of the file's bytes
/// decoded one item at a time. A vocabulary's tokenizer.ggml.tokens and
/// merges (150,000 strings each) then cost half a byte an item (the offset of
/// every kStringStride-th string) instead of a 48-byte Value and a heap copy
/// of the string, and the tokenizer reads the texts in place.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

namespace qiusuo::gguf {

struct Value;
enum class ValueType : std::uint32_t;

class ValueList {
public:
    ValueList();
    ValueList(std::vector<Value> items);  // NOLINT(google-explicit-constructor): Array{type, {...}}
    ValueList(std::initializer_list<Value> items);  // NOLINT(google-explicit-constructor)
    /// Strings are found from the offset of every kStringStride-th one by
    /// skipping at most kStringStride - 1 length-prefixed strings.
    static constexpr std::size_t kStringStride = 16;

    /// A view of `count` items of `type` (a number, bool or string type) as a
    /// GGUF file encodes them from `bytes` on, already validated. For strings,
    /// `offsets[k]` is where item k * kStringStride's 8-byte length starts,
    /// counted from `bytes`. The bytes must outlive the list and every copy of
    /// it that stays a view (GgufFile keeps them for its own lifetime).
    static ValueList view(ValueType type, const std::uint8_t* bytes, std::size_t count,
                          std::vector<std::uint64_t> offsets);

    /// A copy owns its items even when the original is a view, so that it may
    /// outlive the file (a writer copying metadata, say).
    ValueList(const ValueList& other);
    ValueList& operator=(const ValueList& other);
    ValueList(ValueList&&) noexcept;
    ValueList& operator=(ValueList&&) noexcept;
    ~ValueList();

    std::size_t size() const;
    bool empty() const { return size() == 0; }
    /// Whether the items are read from a file's bytes.
    bool isView() const { return bytes_ != nullptr; }

    /// Item `i` (a copy), for i < size().
    Value operator[](std::size_t i) const;
    /// Item `i`'s text when it is a string, else empty. A view's texts point
    /// into the file's bytes and live as long as they do.
    std::string_view stringAt(std::size_t i) const;
    /// Item `i` as an integer (any integer type, bool too), as Value::asInt.
    std::optional<std::int64_t> intAt(std::size_t i) const;
    /// Item `i` as a number, as Value::asFloat.
    std::optional<double> floatAt(std::size_t i) const;

    void reserve(std::size_t n);
    /// Appends to an owned list; a view becomes owned first.
    void push_back(Value v);

    /// Same items (a view equals its owned copy).
    bool operator==(const ValueList& other) const;

    /// Iterates by value (operator[]): `for (const Value& v : list)` works.
    class const_iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using difference_type = std::ptrdiff_t;
        using value_type = Value;
        using reference = Value;
        using pointer = void;
        const_iterator(const ValueList* list, std::size_t i) : list_(list), i_(i) {}
        Value operator*() const;
        const_iterator& operator++()
        {
            ++i_;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }

    private:
        const ValueList* list_;
        std::size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

private:
    void materialize();

    std::vector<Value> owned_;
    const std::uint8_t* bytes_ = nullptr;
    std::size_t count_ = 0;
    ValueType type_{};
    std::vector<std::uint64_t> offsets_;
};

} // namespace qiusuo::gguf
