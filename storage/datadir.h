#pragma once
/// @brief Where Qiusuo keeps its data (the database, settings) by default.

#include <filesystem>

namespace qiusuo::storage {

/// The data folder, not created here. QIUSUO_DATA_DIR wins when set and not
/// empty (tests and `qiusuo --profile DIR` use it). Otherwise:
///  - Linux and other Unix: $XDG_DATA_HOME/Qiusuo, or ~/.local/share/Qiusuo
///  - macOS: ~/Library/Application Support/Qiusuo
///  - Windows: %APPDATA%\Qiusuo
/// Falls back to ./Qiusuo when no home folder can be found.
std::filesystem::path defaultDataDir();

/// The conversation database inside a data folder: dir/qiusuo.db.
std::filesystem::path databasePath(const std::filesystem::path& dataDir);

} // namespace qiusuo::storage
