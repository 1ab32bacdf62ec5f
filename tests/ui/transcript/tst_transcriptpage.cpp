// Qt Quick Test of the transcript page (qml/tst_transcriptpage.qml): the real
// page in a real WebEngineView (TranscriptView.qml), offscreen, fed through
// TranscriptBridge. WebEngine needs its own QUICK_TEST_MAIN_WITH_SETUP
// (qmltestrunner crashes on it) and initialising before the application.
#include "transcriptpageprobe.h"

#include <QQmlEngine>
#include <QtQuickTest/quicktest.h>
#include <QtWebEngineQuick/qtwebenginequickglobal.h>

class Setup : public QObject {
    Q_OBJECT

public:
    Setup() { QtWebEngineQuick::initialize(); }

public slots:
    void applicationAvailable() { probe_ = new TranscriptPageProbe; }
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral(":/"));
        qmlRegisterSingletonInstance("TranscriptTest", 1, 0, "Probe", probe_);
    }
    /// Still inside the application: the probe unhooks the web profile.
    void cleanupTestCase()
    {
        delete probe_;
        probe_ = nullptr;
    }

private:
    TranscriptPageProbe* probe_ = nullptr;
};

QUICK_TEST_MAIN_WITH_SETUP(transcriptpage, Setup)

#include "tst_transcriptpage.moc"
