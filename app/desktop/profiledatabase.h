#pragma once
/// @brief Opens the conversation database of a data folder for the desktop
/// app, asking the user what to do when the file cannot be used.

#include "storage/database.h"

#include <filesystem>
#include <optional>

namespace qiusuo::desktop {

class FirstFrameGrabber;

/// Opens dataDir/qiusuo.db (creating folder and file when missing). A damaged
/// file is moved aside and replaced by a new database only when the user
/// agrees in StartupProblem.qml; a file from a newer Qiusuo, or one that
/// cannot be opened, is explained and nullopt returned (the app quits). The
/// store's message also goes to stderr. `grabber` may be null.
std::optional<storage::Database> openProfileDatabase(const std::filesystem::path& dataDir,
                                                     FirstFrameGrabber* grabber);

} // namespace qiusuo::desktop
