#include "app/desktop/profiledatabase.h"

#include "app/desktop/startupproblemprompt.h"
#include "storage/datadir.h"
#include "storage/storageerror.h"

#include <QCoreApplication>
#include <QDir>
#include <QString>

#include <cstdio>

namespace qiusuo::desktop {

namespace {

QString nativePath(const std::filesystem::path& path)
{
    return QDir::toNativeSeparators(QString::fromStdString(path.string()));
}

} // namespace

std::optional<storage::Database> openProfileDatabase(const std::filesystem::path& dataDir,
                                                     FirstFrameGrabber* grabber)
{
    const std::filesystem::path path = storage::databasePath(dataDir);
    try {
        return storage::Database::open(path);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "qiusuo: %s\n", error.what());
        const auto* storageError = dynamic_cast<const storage::StorageError*>(&error);
        const bool recoverable = storageError && storageError->kind() == storage::StorageError::Kind::Corrupt;
        StartupProblemPrompt prompt(grabber);
        if (prompt.ask(QString::fromUtf8(error.what()), recoverable) != StartupProblemPrompt::Answer::MoveAside)
            return std::nullopt;
    }

    try {
        storage::Database::MovedAside moved = storage::Database::moveAsideAndCreate(path);
        std::fprintf(stderr, "qiusuo: the damaged database was moved to %s; starting a new one.\n",
                     qPrintable(nativePath(moved.movedTo)));
        return std::move(moved.database);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "qiusuo: %s\n", error.what());
        StartupProblemPrompt prompt(grabber);
        prompt.ask(QString::fromUtf8(error.what()), false);
        return std::nullopt;
    }
}

} // namespace qiusuo::desktop
