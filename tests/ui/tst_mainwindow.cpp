// Main.qml driven from the keyboard, offscreen, on a real store: the first
// conversation opens at startup, Ctrl+N creates and opens a new chat, F2
// renames it in place, Delete asks and then deletes it; store errors show in
// a banner.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/conversationlistmodel.h"

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

    engine_ = std::make_unique<QQmlApplicationEngine>();
    engine_->addImportPath(QStringLiteral(":/"));
    engine_->setInitialProperties({{QStringLiteral("conversations"), QVariant::fromValue(model_.get())}});
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

    // Delete asks first; the focused button of the dialog is "Delete".
    QTest::keyClick(window_, Qt::Key_Delete);
    QObject* dialog = window_->findChild<QObject*>(QStringLiteral("deleteDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->property("opened").toBool());
    QCOMPARE(model_->rowCount(), 3); // nothing deleted before the answer
    QTest::keyClick(window_, Qt::Key_Space);
    QTRY_COMPARE(model_->rowCount(), 2);
    QCOMPARE(model_->indexOf(id), -1);
    QCOMPARE(store_->listConversations().size(), size_t(2));
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
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow.moc"
