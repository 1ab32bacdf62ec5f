#include "storage/importjson.h"

#include <cmath>

namespace qiusuo::storage {

namespace {

const char* typeName(const ImportJson& v)
{
    switch (v.type()) {
    case ImportJson::value_t::null: return "null";
    case ImportJson::value_t::object: return "an object";
    case ImportJson::value_t::array: return "a list";
    case ImportJson::value_t::string: return "text";
    case ImportJson::value_t::boolean: return "true/false";
    case ImportJson::value_t::number_integer:
    case ImportJson::value_t::number_unsigned:
    case ImportJson::value_t::number_float: return "a number";
    default: return "something else";
    }
}

[[noreturn]] void wrongType(const char* key, const std::string& where, const char* expected, const ImportJson& v)
{
    throw ImportProblem{where + ": \"" + key + "\" should be " + expected + " but is " + typeName(v) + "."};
}

} // namespace

std::optional<std::size_t> firstInvalidUtf8(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0, min = 0;
        if ((c & 0xe0) == 0xc0) {
            len = 2, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += len;
    }
    return std::nullopt;
}

namespace {

/// True when brackets outside strings nest deeper than `maxDepth`.
bool nestingDeeperThan(std::string_view text, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // skip the escaped character
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

template <typename Json>
Json parseWithLimits(std::string_view text, int maxDepth)
{
    if (const auto bad = firstInvalidUtf8(text)) {
        std::size_t line = 1;
        for (std::size_t i = 0; i < *bad; ++i)
            line += text[i] == '\n';
        throw ImportProblem{"it is not valid UTF-8 text (bad bytes at offset " + std::to_string(*bad) + ", line "
                            + std::to_string(line) + ")."};
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3); // a UTF-8 byte order mark some editors add
    // Nesting is checked on the raw text first, in one pass: the parser
    // itself is iterative, but its callback interface (the other way to
    // limit depth) rescans an object's members whenever a child object ends,
    // which is quadratic in ChatGPT's mapping of thousands of nodes.
    if (nestingDeeperThan(text, maxDepth))
        throw ImportProblem{"its JSON is nested more than " + std::to_string(maxDepth)
                            + " levels deep, which no export file needs."};
    try {
        return Json::parse(text);
    } catch (const typename Json::parse_error& e) {
        throw ImportProblem{"it is not valid JSON (at byte " + std::to_string(e.byte) + ")."};
    }
}

} // namespace

ImportJson parseImportJson(std::string_view text, int maxDepth)
{
    return parseWithLimits<ImportJson>(text, maxDepth);
}

nlohmann::json parseImportJsonUnordered(std::string_view text, int maxDepth)
{
    return parseWithLimits<nlohmann::json>(text, maxDepth);
}

const ImportJson* findField(const ImportJson& object, const char* key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string requireString(const ImportJson& object, const char* key, const std::string& where)
{
    const ImportJson* v = findField(object, key);
    if (!v)
        throw ImportProblem{where + ": \"" + key + "\" is missing."};
    if (!v->is_string())
        wrongType(key, where, "text", *v);
    return v->get<std::string>();
}

std::string optionalString(const ImportJson& object, const char* key, const std::string& where)
{
    const ImportJson* v = findField(object, key);
    if (!v)
        return {};
    if (!v->is_string())
        wrongType(key, where, "text", *v);
    return v->get<std::string>();
}

bool optionalBool(const ImportJson& object, const char* key, const std::string& where)
{
    const ImportJson* v = findField(object, key);
    if (!v)
        return false;
    if (!v->is_boolean())
        wrongType(key, where, "true or false", *v);
    return v->get<bool>();
}

std::optional<std::int64_t> optionalInteger(const ImportJson& object, const char* key, const std::string& where)
{
    const ImportJson* v = findField(object, key);
    if (!v)
        return std::nullopt;
    if (v->is_number_integer() && !v->is_number_unsigned())
        return v->get<std::int64_t>();
    if (v->is_number_unsigned() && v->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v->get<std::uint64_t>());
    wrongType(key, where, "a whole number", *v);
}

std::optional<double> optionalNumber(const ImportJson& object, const char* key, const std::string& where)
{
    const ImportJson* v = findField(object, key);
    if (!v)
        return std::nullopt;
    if (!v->is_number() || !std::isfinite(v->get<double>()))
        wrongType(key, where, "a number", *v);
    return v->get<double>();
}

const ImportJson& requireArray(const ImportJson& object, const char* key, const std::string& where)
{
    const ImportJson* v = findField(object, key);
    if (!v)
        throw ImportProblem{where + ": \"" + key + "\" is missing."};
    if (!v->is_array())
        wrongType(key, where, "a list", *v);
    return *v;
}

bool isCanonicalUuid(std::string_view text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace qiusuo::storage
