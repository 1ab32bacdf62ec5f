#pragma once
/// @brief The one version of Qiusuo (CMake's project version).

namespace qiusuo {

/// "0.1.0": from project(VERSION) in the top-level CMakeLists.txt.
const char* versionString();

} // namespace qiusuo
