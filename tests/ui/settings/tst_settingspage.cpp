// Qt Quick Test of the settings pages (tests in qml/tst_*.qml), offscreen.
// Every run gets its own empty profile folder: QIUSUO_DATA_DIR points there,
// so AppSettings, the key file and the models folder never touch the user's.
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

QUICK_TEST_MAIN_WITH_SETUP(settingspage, Setup)

#include "tst_settingspage.moc"
