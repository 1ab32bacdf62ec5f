#include "app/desktop/startupproblemprompt.h"

#include "app/desktop/firstframegrabber.h"

#include <QEventLoop>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QUrl>

namespace qiusuo::desktop {

StartupProblemPrompt::StartupProblemPrompt(FirstFrameGrabber* grabber, QObject* parent)
    : QObject(parent), grabber_(grabber)
{
}

StartupProblemPrompt::Answer StartupProblemPrompt::ask(const QString& message, bool recoverable)
{
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral(":/"));
    engine.setInitialProperties({{QStringLiteral("message"), message},
                                 {QStringLiteral("recoverable"), recoverable}});
    engine.load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/StartupProblem.qml")));
    if (engine.rootObjects().isEmpty())
        return Answer::Quit;

    QObject* root = engine.rootObjects().constFirst();
    QEventLoop loop;
    answered_ = false;
    // The QML signal decided(bool) has no C++ declaration to take the address
    // of, hence the string-based connection.
    connect(root, SIGNAL(decided(bool)), this, SLOT(onDecided(bool)));
    connect(root, SIGNAL(decided(bool)), &loop, SLOT(quit()));
    if (grabber_)
        grabber_->watch(qobject_cast<QQuickWindow*>(root));
    // QCoreApplication::exit() (e.g. from the grabber) ends this loop too.
    loop.exec();
    if (grabber_)
        grabber_->watch(nullptr);
    return answered_ && moveAside_ ? Answer::MoveAside : Answer::Quit;
}

void StartupProblemPrompt::onDecided(bool moveAside)
{
    answered_ = true;
    moveAside_ = moveAside;
}

} // namespace qiusuo::desktop
