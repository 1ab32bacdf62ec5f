#pragma once
/// @brief The desktop app's command line: `qiusuo [--profile DIR]
/// [--model PATH.gguf]`, plus --help and --version.

#include <QString>

#include <optional>

class QCoreApplication;

namespace qiusuo::desktop {

struct DesktopOptions {
    /// The data folder to use, absolute; empty: the default (see
    /// storage::defaultDataDir(), which honours QIUSUO_DATA_DIR).
    QString profileDir;
    /// A local GGUF model to select and load at startup, absolute; empty: none.
    QString modelPath;
};

/// Parses the application's arguments. --help and --version print and exit
/// the process; a bad argument prints a message naming it to stderr and
/// returns nullopt.
std::optional<DesktopOptions> parseCommandLine(const QCoreApplication& app);

} // namespace qiusuo::desktop
