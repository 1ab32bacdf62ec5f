#pragma once
/// @brief Shows StartupProblem.qml when the conversation database cannot be
/// used, and waits for the user's answer.

#include <QObject>
#include <QString>

class QQuickWindow;

namespace qiusuo::desktop {

class FirstFrameGrabber;

class StartupProblemPrompt : public QObject {
    Q_OBJECT

public:
    enum class Answer { MoveAside, Quit };

    /// `grabber` (may be null) is pointed at the prompt window, so a
    /// QIUSUO_SCREENSHOT run captures it and quits.
    explicit StartupProblemPrompt(FirstFrameGrabber* grabber, QObject* parent = nullptr);

    /// Shows `message` and blocks (running the event loop) until the user
    /// answers or the application is asked to quit. With `recoverable` false
    /// the only choice is Quit.
    Answer ask(const QString& message, bool recoverable);

private slots:
    void onDecided(bool moveAside);

private:
    FirstFrameGrabber* grabber_;
    bool answered_ = false;
    bool moveAside_ = false;
};

} // namespace qiusuo::desktop
