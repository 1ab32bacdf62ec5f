#pragma once
/// @brief Typed access to a GGUF file's hyper-parameters under
/// `<architecture>.` keys, with errors that name the key and the file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::models {

class MetadataReader {
public:
    /// Reads keys of `file`; relative keys get the prefix `<arch>.`.
    MetadataReader(const gguf::GgufFile& file, std::string architecture);

    /// `<arch>.<key>` as a positive integer; throws qiusuo::Error when absent,
    /// not an integer, or out of (0, 2^31).
    std::int32_t requiredCount(std::string_view key) const;
    /// The same, `fallback` when absent.
    std::int32_t optionalCount(std::string_view key, std::int32_t fallback) const;
    /// `<arch>.<key>` as a float; throws when absent or not a number.
    double requiredFloat(std::string_view key) const;
    double optionalFloat(std::string_view key, double fallback) const;
    std::optional<std::string> optionalString(std::string_view key) const;

    /// `<arch>.<key>`.
    std::string fullKey(std::string_view key) const;
    /// The file name, for messages.
    std::string fileName() const;
    const std::string& architecture() const { return arch_; }

private:
    const gguf::GgufFile& file_;
    std::string arch_;
};

} // namespace qiusuo::models
