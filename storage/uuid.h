#pragma once
/// @brief Random (version 4) UUIDs for conversations.

#include <string>

namespace qiusuo::storage {

/// A new random UUID, lower-case: "3f2b6c1e-8d4a-4f0e-9b7a-1c2d3e4f5a6b".
std::string newUuid();

} // namespace qiusuo::storage
