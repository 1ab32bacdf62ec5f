// StartupProblem.qml, the prompt shown when the database cannot be used: a
// damaged file offers "move aside" (focused) and Quit; anything else offers
// Quit only; closing the window counts as Quit; the answer comes once.
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

#include <memory>

class TestStartupProblem : public QObject {
    Q_OBJECT

private slots:
    void damagedFileOffersMovingAside();
    void quitButtonAnswersNo();
    void newerFileOffersQuitOnly();
    void closingTheWindowAnswersNo();

private:
    /// Loads the prompt; the window and a spy on decided(bool).
    QQuickWindow* load(const QString& message, bool recoverable);

    std::unique_ptr<QQmlApplicationEngine> engine_;
    std::unique_ptr<QSignalSpy> decided_;
};

QQuickWindow* TestStartupProblem::load(const QString& message, bool recoverable)
{
    engine_ = std::make_unique<QQmlApplicationEngine>();
    engine_->addImportPath(QStringLiteral(":/"));
    engine_->setInitialProperties({{QStringLiteral("message"), message},
                                   {QStringLiteral("recoverable"), recoverable}});
    engine_->load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/StartupProblem.qml")));
    if (engine_->rootObjects().isEmpty())
        return nullptr;
    auto* window = qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
    decided_ = std::make_unique<QSignalSpy>(window, SIGNAL(decided(bool)));
    window->requestActivate();
    if (!QTest::qWaitForWindowActive(window))
        return nullptr;
    return window;
}

void TestStartupProblem::damagedFileOffersMovingAside()
{
    QQuickWindow* window = load(QStringLiteral("The file x.db is damaged."), true);
    QVERIFY(window);
    // The focused button is "move aside": Space presses it.
    QTRY_VERIFY(window->activeFocusItem());
    QCOMPARE(window->activeFocusItem()->property("text").toString(),
             QStringLiteral("Move it aside and start afresh"));
    QTest::keyClick(window, Qt::Key_Space);
    QTRY_COMPARE(decided_->count(), 1);
    QCOMPARE(decided_->at(0).at(0).toBool(), true);
    // A second answer is ignored.
    QTest::keyClick(window, Qt::Key_Space);
    QTest::qWait(20);
    QCOMPARE(decided_->count(), 1);
}

void TestStartupProblem::quitButtonAnswersNo()
{
    QQuickWindow* window = load(QStringLiteral("The file x.db is damaged."), true);
    QVERIFY(window);
    // Shift+Tab from "move aside" reaches Quit.
    QTest::keyClick(window, Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_COMPARE(window->activeFocusItem()->property("text").toString(), QStringLiteral("Quit"));
    QTest::keyClick(window, Qt::Key_Space);
    QTRY_COMPARE(decided_->count(), 1);
    QCOMPARE(decided_->at(0).at(0).toBool(), false);
}

void TestStartupProblem::newerFileOffersQuitOnly()
{
    QQuickWindow* window = load(QStringLiteral("Written by a newer Qiusuo."), false);
    QVERIFY(window);
    QStringList visibleButtons;
    QList<QQuickItem*> pending{window->contentItem()};
    while (!pending.isEmpty()) {
        QQuickItem* item = pending.takeLast();
        pending += item->childItems();
        if (item->inherits("QQuickAbstractButton") && item->isVisible())
            visibleButtons << item->property("text").toString();
    }
    QCOMPARE(visibleButtons, QStringList{QStringLiteral("Quit")});
}

void TestStartupProblem::closingTheWindowAnswersNo()
{
    QQuickWindow* window = load(QStringLiteral("The file x.db is damaged."), true);
    QVERIFY(window);
    window->close();
    QTRY_COMPARE(decided_->count(), 1);
    QCOMPARE(decided_->at(0).at(0).toBool(), false);
}

QTEST_MAIN(TestStartupProblem)
#include "tst_startupproblem.moc"
