#pragma once
/// @brief The texts of DeepSeek's chat special tokens. They use FULLWIDTH
/// VERTICAL LINE (U+FF5C) and LOWER ONE EIGHTH BLOCK (U+2581), not '|' and '_'.

#include <string_view>

namespace qiusuo::chat::deepseek {

inline constexpr std::string_view kBos = "<｜begin▁of▁sentence｜>";
inline constexpr std::string_view kEos = "<｜end▁of▁sentence｜>";
inline constexpr std::string_view kUser = "<｜User｜>";
inline constexpr std::string_view kAssistant = "<｜Assistant｜>";
inline constexpr std::string_view kThinkOpen = "<think>";
inline constexpr std::string_view kThinkClose = "</think>";

} // namespace qiusuo::chat::deepseek
