// Main.qml driven from the keyboard, offscreen, on a real store: the first
// conversation opens at startup, Ctrl+N creates and opens a new chat with the
// composer focused, F2 renames it in place, Delete takes it out at once with
// an Undo banner (Undo brings it back, the timeout deletes it); store errors
// show in a banner.
#include "storage/conversationstore.h"
#include "tests/ui/chat/chattestsupport.h"
#include "ui/chat/inferencesession.h"
#include "storage/database.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/searchresultsmodel.h"
#include "ui/conversationlistmodel.h"
#include "ui/transcript/transcriptbridge.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtWebEngineQuick/qtwebenginequickglobal.h>

#include <memory>
#include <optional>

using qiusuo::storage::ConversationStore;
using qiusuo::storage::Database;
using qiusuo::ui::ConversationListModel;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void opensTheNewestConversation();
    void keyboardCreatesRenamesAndDeletes();
    void newChatFocusesTheComposer();
    void enterSendsAndEscapeStops();
    void escapeCancelsARename();
    void storeErrorsShowInTheWindow();

private:
    /// QTest::keyClicks() exists for widgets only.
    void type(const char* text)
    {
        for (; *text; ++text)
            QTest::keyClick(window_, *text);
    }
    QString currentTitle() const { return sidebar()->property("currentTitle").toString(); }
    QString currentId() const { return sidebar()->property("currentId").toString(); }
    QObject* sidebar() const { return window_->findChild<QObject*>(QStringLiteral("sidebar")); }
    QString storedTitle(const QString& uuid) const
    {
        return QString::fromStdString(store_->conversationByUuid(uuid.toStdString()).title);
    }

    std::unique_ptr<QTemporaryDir> dir_;
    std::optional<Database> db_;
    std::unique_ptr<ConversationStore> store_;
    std::unique_ptr<ConversationListModel> model_;
    std::unique_ptr<qiusuo::ui::SearchResultsModel> search_;
    std::unique_ptr<qiusuo::ui::TranscriptBridge> bridge_;
    std::unique_ptr<qiusuo::ui::ChatController> chat_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
};

void TestMainWindow::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    db_.emplace(Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString()));
    store_ = std::make_unique<ConversationStore>(*db_);
    store_->createConversation("older conversation");
    QThread::msleep(3);
    store_->createConversation("最近的对话");
    model_ = std::make_unique<ConversationListModel>(store_.get());
    search_ = std::make_unique<qiusuo::ui::SearchResultsModel>(store_.get());
    bridge_ = std::make_unique<qiusuo::ui::TranscriptBridge>();
    chat_ = std::make_unique<qiusuo::ui::ChatController>(store_.get(), model_.get(), bridge_.get());

    engine_ = std::make_unique<QQmlApplicationEngine>();
    engine_->addImportPath(QStringLiteral(":/"));
    engine_->setInitialProperties({{QStringLiteral("conversations"), QVariant::fromValue(model_.get())},
                                   {QStringLiteral("chat"), QVariant::fromValue(chat_.get())},
                                   {QStringLiteral("bridge"), QVariant::fromValue(bridge_.get())},
                                   {QStringLiteral("search"), QVariant::fromValue(search_.get())}});
    engine_->load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/Main.qml")));
    QVERIFY(!engine_->rootObjects().isEmpty());
    window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
    QVERIFY(window_);
    QVERIFY(sidebar());
    window_->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(window_));
}

void TestMainWindow::cleanup()
{
    engine_.reset();
    window_ = nullptr;
    chat_.reset();
    bridge_.reset();
    search_.reset();
    model_.reset();
    store_.reset();
    db_.reset();
    dir_.reset();
}

void TestMainWindow::opensTheNewestConversation()
{
    QTRY_COMPARE(currentTitle(), QStringLiteral("最近的对话"));
    QCOMPARE(window_->title(), QStringLiteral("最近的对话 — Qiusuo"));
}

void TestMainWindow::keyboardCreatesRenamesAndDeletes()
{
    QTest::keyClick(window_, Qt::Key_N, Qt::ControlModifier);
    QTRY_COMPARE(model_->rowCount(), 3);
    const QString id = currentId();
    QCOMPARE(model_->indexOf(id), 0);
    QCOMPARE(currentTitle(), QStringLiteral("New chat"));
    QCOMPARE(storedTitle(id), QStringLiteral("New chat"));

    // F2 selects the whole title in an editor; typing replaces it.
    QTest::keyClick(window_, Qt::Key_F2);
    type("Trip planning");
    QTest::keyClick(window_, Qt::Key_Return);
    QTRY_COMPARE(storedTitle(id), QStringLiteral("Trip planning"));
    QTRY_COMPARE(currentTitle(), QStringLiteral("Trip planning"));
    QCOMPARE(window_->title(), QStringLiteral("Trip planning — Qiusuo"));

    // Delete takes it out of the list at once, with an Undo banner; the
    // store keeps it until the banner times out.
    QTest::keyClick(window_, Qt::Key_Delete);
    QObject* banner = window_->findChild<QObject*>(QStringLiteral("undoBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(banner->property("visible").toBool());
    QCOMPARE(model_->rowCount(), 2);
    QCOMPARE(model_->indexOf(id), -1);
    QCOMPARE(store_->listConversations().size(), size_t(3));
    // Ctrl+Z (or the Undo button) brings it back, selected.
    QTest::keyClick(window_, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(model_->rowCount(), 3);
    QVERIFY(!banner->property("visible").toBool());
    QTRY_COMPARE(currentId(), id);

    // Deleted again and left alone: gone for good when the banner times out.
    banner->setProperty("undoTimeout", 200);
    QMetaObject::invokeMethod(banner, "deleteWithUndo", Q_ARG(QVariant, id), Q_ARG(QVariant, QStringLiteral("Trip planning")));
    QCOMPARE(model_->rowCount(), 2);
    QTRY_COMPARE(store_->listConversations().size(), size_t(2));
    QVERIFY(!banner->property("visible").toBool());
}

void TestMainWindow::newChatFocusesTheComposer()
{
    QTest::keyClick(window_, Qt::Key_N, Qt::ControlModifier);
    QTRY_COMPARE(model_->rowCount(), 3);
    QObject* input = window_->findChild<QObject*>(QStringLiteral("composerInput"));
    QVERIFY(input);
    QTRY_VERIFY(input->property("activeFocus").toBool());
    // Without a model the composer says how to choose one, and sends nothing.
    QObject* status = window_->findChild<QObject*>(QStringLiteral("composerStatus"));
    QVERIFY(status);
    QVERIFY(status->property("message").toString().contains(QStringLiteral("--model")));
    type("hello");
    QTest::keyClick(window_, Qt::Key_Return);
    QCOMPARE(input->property("text").toString(), QStringLiteral("hello"));
    QCOMPARE(store_->messageCount(store_->conversationByUuid(currentId().toStdString()).id), 0);
    // Shift+Enter is a new line.
    QTest::keyClick(window_, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(input->property("text").toString(), QStringLiteral("hello\n"));
}

void TestMainWindow::enterSendsAndEscapeStops()
{
    // A backend that would stream for 10 s: long enough to stop it with Esc.
    chat_->session()->setBackend(std::make_shared<qiusuo::test::ScriptedBackend>(2000, std::chrono::milliseconds(5)),
                                 QStringLiteral("scripted"), QStringLiteral("remote"));
    QTRY_COMPARE(chat_->session()->state(), qiusuo::ui::InferenceSession::State::Ready);
    QTest::keyClick(window_, Qt::Key_N, Qt::ControlModifier);
    QTRY_COMPARE(model_->rowCount(), 3);
    const qint64 conversation = store_->conversationByUuid(currentId().toStdString()).id;
    QObject* input = window_->findChild<QObject*>(QStringLiteral("composerInput"));
    QTRY_VERIFY(input->property("activeFocus").toBool());
    type("hi");
    QTest::keyClick(window_, Qt::Key_Return);
    QTRY_COMPARE(store_->messageCount(conversation), 2);
    QCOMPARE(input->property("text").toString(), QString()); // sent: the composer is cleared
    QVERIFY(chat_->generating());
    QCOMPARE(store_->activePath(conversation).front().content, std::string("hi"));
    // The first message named the conversation.
    QTRY_COMPARE(currentTitle(), QStringLiteral("hi"));

    QTest::keyClick(window_, Qt::Key_Escape);
    QTRY_VERIFY(!chat_->generating());
    QCOMPARE(qiusuo::test::name(store_->activePath(conversation).back().status),
             qiusuo::test::name(qiusuo::storage::MessageStatus::Stopped));
}

void TestMainWindow::escapeCancelsARename()
{
    QTRY_COMPARE(currentTitle(), QStringLiteral("最近的对话"));
    const QString id = currentId();
    QTest::keyClick(window_, Qt::Key_F2);
    type("not this");
    QTest::keyClick(window_, Qt::Key_Escape);
    QTest::qWait(50);
    QCOMPARE(storedTitle(id), QStringLiteral("最近的对话"));
    QCOMPARE(currentTitle(), QStringLiteral("最近的对话"));
}

void TestMainWindow::storeErrorsShowInTheWindow()
{
    QTRY_COMPARE(currentTitle(), QStringLiteral("最近的对话"));
    const QString id = currentId();
    QObject* banner = window_->findChild<QObject*>(QStringLiteral("errorBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->property("visible").toBool());

    // Deleted elsewhere (qiusuo-cli, another window) while shown here.
    store_->deleteConversation(store_->conversationByUuid(id.toStdString()).id);
    QTest::keyClick(window_, Qt::Key_F2);
    type("renamed too late");
    QTest::keyClick(window_, Qt::Key_Return);

    QTRY_VERIFY(banner->property("visible").toBool());
    QVERIFY(!banner->property("text").toString().isEmpty());
    // The list now shows the store as it is.
    QTRY_COMPARE(model_->rowCount(), 1);
    QCOMPARE(model_->indexOf(id), -1);
}

int main(int argc, char** argv)
{
    // WebEngine (the transcript view in Main.qml) must be initialised before
    // the application object.
    QtWebEngineQuick::initialize();
    QGuiApplication app(argc, argv);
    // The settings dialog's settings.ini goes to a profile of the test's own.
    QTemporaryDir profile;
    qputenv("QIUSUO_DATA_DIR", profile.path().toLocal8Bit());
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow.moc"
