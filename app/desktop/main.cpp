// qiusuo: the desktop app's composition root. It parses the command line,
// sets up language and appearance, opens the store in the profile's data
// folder, creates the view models and hands them to Main.qml. Nothing else
// lives here.
#include "app/desktop/appearance.h"
#include "app/desktop/commandline.h"
#include "app/desktop/desktopfilename.h"
#include "app/desktop/firstframegrabber.h"
#include "app/desktop/profiledatabase.h"
#include "app/desktop/translations.h"
#include "inference/version.h"
#include "storage/conversationstore.h"
#include "storage/datadir.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/searchresultsmodel.h"
#include "ui/conversationlistmodel.h"
#include "ui/transcript/transcriptbridge.h"

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
    QGuiApplication::setDesktopFileName(QString::fromLatin1(desktop::kDesktopFileName));
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
    ui::SearchResultsModel search(&store);
    ui::TranscriptBridge bridge;
    ui::ChatController chat(&store, &conversations, &bridge);
    // Closing the window while an answer streams: stop it and save what was
    // written (marked interrupted) while the store is still open.
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &chat, &ui::ChatController::shutdown);
    // QIUSUO_MAX_TOKENS caps each answer, QIUSUO_SEED fixes sampling (tests, benchmarks).
    if (const int maxTokens = qEnvironmentVariableIntValue("QIUSUO_MAX_TOKENS"); maxTokens > 0)
        chat.setMaxTokens(maxTokens);
    bool seedSet = false;
    if (const int seed = qEnvironmentVariableIntValue("QIUSUO_SEED", &seedSet); seedSet)
        chat.setSeed(seed);
    if (!options->modelPath.isEmpty())
        chat.session()->setLocalModel(options->modelPath);

    // Declared after the models, so it is destroyed before them.
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral(":/"));
    engine.setInitialProperties({
        {QStringLiteral("conversations"), QVariant::fromValue(&conversations)},
        {QStringLiteral("chat"), QVariant::fromValue(&chat)},
        {QStringLiteral("bridge"), QVariant::fromValue(&bridge)},
        {QStringLiteral("search"), QVariant::fromValue(&search)},
        // Test hook: sent through the composer once the model is ready.
        {QStringLiteral("autoSendText"), qEnvironmentVariable("QIUSUO_TEST_MESSAGE")},
    });
    engine.load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    if (grabber)
        grabber->watch(qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst()));
    return QGuiApplication::exec();
}
