#pragma once
/// @brief UTC timestamps as ISO 8601 text for export files, and back.
///
/// The store keeps milliseconds since the Unix epoch; export files show them
/// as "2026-11-28T15:41:14.123Z" (always UTC, always three decimals), so the
/// text is readable, independent of the time zone, and converts back exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qiusuo::storage {

/// "YYYY-MM-DDTHH:MM:SS.mmmZ" for `ms` since the epoch (proleptic Gregorian,
/// years 0000-9999; values outside are clamped to that range).
std::string formatUtcTimestamp(std::int64_t ms);

/// Parses exactly the form formatUtcTimestamp() writes, and also accepts it
/// without the fraction ("...:SS Z") or with 1-9 fraction digits (truncated
/// to milliseconds). Empty on anything else, including impossible dates.
std::optional<std::int64_t> parseUtcTimestamp(std::string_view text);

} // namespace qiusuo::storage
