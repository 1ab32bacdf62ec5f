// The window's keyboard shortcuts (issue 9, item 5), pressed in the real
// window offscreen: Ctrl+Shift+C copies the last answer's Markdown (never its
// reasoning), Up in an empty composer edits the last message sent (a new
// branch on Enter), Ctrl+K and Ctrl+F focus the search, Ctrl+, opens the
// settings. Ctrl+N and Esc (stop) are covered by tst_mainwindow.
#include "tests/ui/chat/chattestsupport.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/chat/inferencesession.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QtWebEngineQuick/qtwebenginequickglobal.h>

#include <chrono>

using qiusuo::test::MainWindowFixture;
using qiusuo::ui::InferenceSession;

class TestKeyboard : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void ctrlShiftCCopiesTheLastAnswer();
    void upInAnEmptyComposerEditsTheLastMessage();
    void ctrlKAndCtrlFFocusTheSearch();
    void ctrlCommaOpensTheSettings();

private:
    /// Streams answers of `steps` deltas: reasoning "r0 r1 …", then content "c<i> …".
    void useScriptedModel(int steps)
    {
        f_.chat->session()->setBackend(std::make_shared<qiusuo::test::ScriptedBackend>(steps, std::chrono::milliseconds(1)),
                                       QStringLiteral("scripted"), QStringLiteral("remote"));
        QTRY_COMPARE(f_.chat->session()->state(), InferenceSession::State::Ready);
    }
    /// Types `text` into the focused composer, sends it and waits for the answer.
    void sendAndWait(const char* text)
    {
        QObject* input = f_.find("composerInput");
        QTRY_VERIFY(input->property("activeFocus").toBool());
        f_.type(text);
        QTest::keyClick(f_.window, Qt::Key_Return);
        QTRY_VERIFY(f_.chat->generating() || input->property("text").toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!f_.chat->generating(), 10000);
    }
    qint64 conversation() const
    {
        return f_.store->conversationByUuid(f_.chat->conversationId().toStdString()).id;
    }

    MainWindowFixture f_;
};

void TestKeyboard::init()
{
    f_.createProfile();
    f_.openWindow();
}

void TestKeyboard::cleanup()
{
    f_.destroy();
}

void TestKeyboard::ctrlShiftCCopiesTheLastAnswer()
{
    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("before"));
    // No answer shown: nothing is copied.
    QTest::keyClick(f_.window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::qWait(50);
    QCOMPARE(clipboard->text(), QStringLiteral("before"));

    useScriptedModel(6);
    QTest::keyClick(f_.window, Qt::Key_N, Qt::ControlModifier);
    sendAndWait("hi");
    useScriptedModel(4);
    sendAndWait("again");
    const auto path = f_.store->activePath(conversation());
    QCOMPARE(path.size(), size_t(4));
    QCOMPARE(path.back().content, std::string("c2 c3 "));
    QCOMPARE(path.back().reasoning, std::string("r0 r1 "));

    QTest::keyClick(f_.window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(clipboard->text(), QStringLiteral("c2 c3 "));
}

void TestKeyboard::upInAnEmptyComposerEditsTheLastMessage()
{
    QObject* input = f_.find("composerInput");
    QVERIFY(input);
    // Nothing sent yet: Up does nothing.
    QTest::keyClick(f_.window, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(input->property("activeFocus").toBool());
    QTest::keyClick(f_.window, Qt::Key_Up);
    QVERIFY(!f_.chat->editing());
    QCOMPARE(input->property("text").toString(), QString());

    useScriptedModel(4);
    sendAndWait("first");
    sendAndWait("second");

    // With text in the composer Up moves the cursor, nothing else.
    f_.type("x");
    QTest::keyClick(f_.window, Qt::Key_Up);
    QVERIFY(!f_.chat->editing());
    QCOMPARE(input->property("text").toString(), QStringLiteral("x"));
    QTest::keyClick(f_.window, Qt::Key_Backspace);
    QCOMPARE(input->property("text").toString(), QString());

    // Empty: Up brings back the last message sent, in edit mode; Esc cancels.
    QTest::keyClick(f_.window, Qt::Key_Up);
    QTRY_VERIFY(f_.chat->editing());
    QCOMPARE(input->property("text").toString(), QStringLiteral("second"));
    QTest::keyClick(f_.window, Qt::Key_Escape);
    QVERIFY(!f_.chat->editing());
    QCOMPARE(input->property("text").toString(), QString());

    // Again, changed and sent: a new branch beside the original message.
    QTest::keyClick(f_.window, Qt::Key_Up);
    QTRY_VERIFY(f_.chat->editing());
    f_.type(" edited");
    QTest::keyClick(f_.window, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!f_.chat->generating() && !f_.chat->editing(), 10000);
    const auto path = f_.store->activePath(conversation());
    QCOMPARE(path.size(), size_t(4));
    QCOMPARE(path[2].content, std::string("second edited"));
    QCOMPARE(f_.store->siblingIds(path[2].id).size(), size_t(2));
}

void TestKeyboard::ctrlKAndCtrlFFocusTheSearch()
{
    QObject* search = f_.find("searchField");
    QObject* input = f_.find("composerInput");
    QVERIFY(search && input);
    QTRY_VERIFY(input->property("activeFocus").toBool());
    QTest::keyClick(f_.window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(search->property("activeFocus").toBool());

    QTest::keyClick(f_.window, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(input->property("activeFocus").toBool());
    QTest::keyClick(f_.window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->property("activeFocus").toBool());
}

void TestKeyboard::ctrlCommaOpensTheSettings()
{
    QObject* dialog = f_.find("settingsDialog");
    QVERIFY(dialog);
    QVERIFY(!dialog->property("visible").toBool());
    QTest::keyClick(f_.window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(dialog->property("opened").toBool());
}

int main(int argc, char** argv)
{
    // WebEngine (the transcript view in Main.qml) must be initialised before
    // the application object.
    QtWebEngineQuick::initialize();
    QGuiApplication app(argc, argv);
    TestKeyboard test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keyboard.moc"
