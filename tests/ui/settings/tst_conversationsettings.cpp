// Qt Quick Test of the "Conversation settings" dialog (conversationqml/),
// offscreen, on a real SQLite store (the Fixture singleton). QIUSUO_DATA_DIR
// points at an empty folder, so AppSettings never touches the user's.
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest/quicktest.h>

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QVERIFY(profile_.isValid());
        qputenv("QIUSUO_DATA_DIR", profile_.path().toLocal8Bit());
    }
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral(":/"));
    }

private:
    QTemporaryDir profile_;
};

QUICK_TEST_MAIN_WITH_SETUP(conversationsettings, Setup)

#include "tst_conversationsettings.moc"
