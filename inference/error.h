#pragma once
/// @brief The engine's error type: its message is written for the user.

#include <stdexcept>
#include <string>

namespace qiusuo {

/// Thrown by the engine for anything a user can meet (a broken file, an
/// unsupported type, too little memory). what() is a complete sentence in
/// plain words, naming the thing at fault.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace qiusuo
