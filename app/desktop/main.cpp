// qiusuo: the desktop app's composition root. It parses the command line,
// sets up language and appearance, opens the store in the profile's data
// folder, creates the view models and hands them to Main.qml. Nothing else
// lives here.
#include "app/desktop/appearance.h"
#include "app/desktop/commandline.h"
#include "app/desktop/firstframegrabber.h"
#include "app/desktop/profiledatabase.h"
#include "app/desktop/translations.h"
#include "inference/version.h"
#include "storage/conversationstore.h"
#include "storage/datadir.h"
#include "ui/conversationlistmodel.h"

#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QtWebEngineQuick/qtwebenginequickglobal.h>

#include <cstdio>
#include <exception>

int main(int argc, char* argv[])
{
    using namespace qiusuo;

    // Names first: WebEngine and QStandardPaths derive folders from them.
    QCoreApplication::setOrganizationName(QStringLiteral("Qiusuo"));
    QCoreApplication::setApplicationName(QStringLiteral("Qiusuo"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(versionString()));
    // WebEngine must be initialised before the application object exists.
    QtWebEngineQuick::initialize();
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Qiusuo"));
    QGuiApplication::setDesktopFileName(QStringLiteral("qiusuo"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/qiusuo-256.png")));

    desktop::installTranslations(app);
    const auto options = desktop::parseCommandLine(app);
    if (!options)
        return 2;
    // One source of truth for the data folder: storage::defaultDataDir()
    // honours QIUSUO_DATA_DIR, so everything that asks agrees with --profile.
    if (!options->profileDir.isEmpty())
        qputenv("QIUSUO_DATA_DIR", options->profileDir.toLocal8Bit());
    desktop::applyAppearance();

    const auto grabber = desktop::FirstFrameGrabber::fromEnvironment();
    auto database = desktop::openProfileDatabase(storage::defaultDataDir(), grabber.get());
    if (!database)
        return 1;
    storage::ConversationStore store(*database);
    try {
        store.recoverInterrupted();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "qiusuo: %s\n", error.what());
    }
    ui::ConversationListModel conversations(&store);

    // Declared after the models, so it is destroyed before them.
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral(":/"));
    engine.setInitialProperties({{QStringLiteral("conversations"), QVariant::fromValue(&conversations)}});
    engine.load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    if (grabber)
        grabber->watch(qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst()));
    return QGuiApplication::exec();
}
