#pragma once
/// @brief Base64 (RFC 4648, with padding) and SHA-256 (FIPS 180-4), for the
/// exported page's inline fonts (data: URIs) and its Content-Security-Policy
/// hashes ('sha256-<base64 of the digest>').

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace qiusuo::exporthtml {

std::string base64(std::string_view bytes);
std::array<std::uint8_t, 32> sha256(std::string_view bytes);
/// "'sha256-…'" as a CSP source for an inline <script> or <style> whose
/// text is exactly `text`.
std::string cspHashSource(std::string_view text);

} // namespace qiusuo::exporthtml
