#pragma once
/// @brief Reading an import file's JSON safely: size, UTF-8 and depth limits
/// checked before or while parsing, and typed field access whose errors say
/// where in the file the problem is. Shared by the importers.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::storage {

/// Keeps object keys in file order (settings survive import byte for byte
/// when exported again).
using ImportJson = nlohmann::ordered_json;

/// Thrown by the importers' parsers; the importer adds the file's name.
struct ImportProblem {
    std::string what;
};

/// Byte offset of the first invalid UTF-8 sequence (overlong forms,
/// surrogates and values above U+10FFFF count as invalid), or empty.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

/// Parses `text` (after the UTF-8 check), refusing nesting deeper than
/// `maxDepth`. Throws ImportProblem in plain words.
ImportJson parseImportJson(std::string_view text, int maxDepth);
/// The same into nlohmann::json, whose objects are sorted maps: for files
/// whose key order does not matter and whose objects can be huge (ChatGPT's
/// `mapping` has one key per message; an ordered object inserts each key
/// with a linear search).
nlohmann::json parseImportJsonUnordered(std::string_view text, int maxDepth);

/// Typed access: `where` names the place for messages ("conversation 2").
/// A missing key or null gives the default for optional fields; a value of
/// the wrong type always throws ImportProblem.
const ImportJson* findField(const ImportJson& object, const char* key);
std::string requireString(const ImportJson& object, const char* key, const std::string& where);
std::string optionalString(const ImportJson& object, const char* key, const std::string& where);
bool optionalBool(const ImportJson& object, const char* key, const std::string& where);
std::optional<std::int64_t> optionalInteger(const ImportJson& object, const char* key, const std::string& where);
std::optional<double> optionalNumber(const ImportJson& object, const char* key, const std::string& where);
const ImportJson& requireArray(const ImportJson& object, const char* key, const std::string& where);

/// True for a lower-case RFC 4122 text uuid ("3f2b6c1e-8d4a-4f0e-9b7a-1c2d3e4f5a6b").
bool isCanonicalUuid(std::string_view text);

} // namespace qiusuo::storage
