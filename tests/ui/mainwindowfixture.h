#pragma once
// The real main window (Main.qml) for Qt Tests, offscreen: a temporary
// profile (QIUSUO_DATA_DIR, so the settings dialog's settings.ini is the
// test's own), a real store with two conversations, the models, the chat
// controller and the transcript bridge, as app/desktop/main.cpp wires them.

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/searchresultsmodel.h"
#include "ui/conversationlistmodel.h"
#include "ui/transcript/transcriptbridge.h"

#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQmlExpression>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>

namespace qiusuo::test {

class MainWindowFixture {
public:
    /// Makes the profile and its store (call once per test).
    void createProfile()
    {
        dir = std::make_unique<QTemporaryDir>();
        QVERIFY(dir->isValid());
        qputenv("QIUSUO_DATA_DIR", dir->path().toLocal8Bit());
        db.emplace(storage::Database::open(dir->filePath(QStringLiteral("qiusuo.db")).toStdString()));
        store = std::make_unique<storage::ConversationStore>(*db);
        store->createConversation("older conversation");
        QThread::msleep(3);
        store->createConversation("最近的对话");
    }

    /// Opens the window on the profile (again after closeWindow()).
    void openWindow()
    {
        conversations = std::make_unique<ui::ConversationListModel>(store.get());
        search = std::make_unique<ui::SearchResultsModel>(store.get());
        bridge = std::make_unique<ui::TranscriptBridge>();
        chat = std::make_unique<ui::ChatController>(store.get(), conversations.get(), bridge.get());
        engine = std::make_unique<QQmlApplicationEngine>();
        engine->addImportPath(QStringLiteral(":/"));
        engine->setInitialProperties({{QStringLiteral("conversations"), QVariant::fromValue(conversations.get())},
                                      {QStringLiteral("chat"), QVariant::fromValue(chat.get())},
                                      {QStringLiteral("bridge"), QVariant::fromValue(bridge.get())},
                                      {QStringLiteral("search"), QVariant::fromValue(search.get())}});
        engine->load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/Main.qml")));
        QVERIFY(!engine->rootObjects().isEmpty());
        window = qobject_cast<QQuickWindow*>(engine->rootObjects().constFirst());
        QVERIFY(window);
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
    }

    void closeWindow()
    {
        engine.reset();
        window = nullptr;
        chat.reset();
        bridge.reset();
        search.reset();
        conversations.reset();
    }

    void destroy()
    {
        closeWindow();
        store.reset();
        db.reset();
        dir.reset();
        qunsetenv("QIUSUO_DATA_DIR");
    }

    QObject* find(const char* objectName) const { return window->findChild<QObject*>(QLatin1String(objectName)); }
    /// The settings dialog's AppSettings: the object the app reads and writes.
    QObject* settings() const { return find("settingsDialog")->property("settings").value<QObject*>(); }
    /// The Theme singleton of the window's engine.
    QObject* theme() const
    {
        QQmlExpression expression(qmlContext(window), window, QStringLiteral("Theme"));
        return expression.evaluate().value<QObject*>();
    }
    /// QTest::keyClicks() exists for widgets only.
    void type(const char* text) const
    {
        for (; *text; ++text)
            QTest::keyClick(window, *text);
    }

    std::unique_ptr<QTemporaryDir> dir;
    std::optional<storage::Database> db;
    std::unique_ptr<storage::ConversationStore> store;
    std::unique_ptr<ui::ConversationListModel> conversations;
    std::unique_ptr<ui::SearchResultsModel> search;
    std::unique_ptr<ui::TranscriptBridge> bridge;
    std::unique_ptr<ui::ChatController> chat;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow* window = nullptr;
};

} // namespace qiusuo::test
