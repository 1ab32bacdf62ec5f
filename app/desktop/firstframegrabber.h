#pragma once
/// @brief QIUSUO_SCREENSHOT=path.png: save the first complete frame of a
/// window and quit. For tests and the launch benchmark; off otherwise.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QQuickWindow>
#include <QString>
#include <QTimer>

#include <memory>

namespace qiusuo::desktop {

/// "Complete" means: the window has shown a frame and, if its root object
/// has a bool property `contentReady` (Main.qml: the transcript page has
/// painted its content), that property is true; then a short settle delay
/// lets the web content reach the window. The grab (QQuickWindow::grabWindow, web content
/// included) is saved as PNG and the application exits with 0, or with 3
/// when the window never became ready within the time limit (no file then).
class FirstFrameGrabber : public QObject {
    Q_OBJECT

public:
    /// Null unless QIUSUO_SCREENSHOT names a file.
    static std::unique_ptr<FirstFrameGrabber> fromEnvironment();

    explicit FirstFrameGrabber(QString path, QObject* parent = nullptr);

    /// Starts watching `window`; replaces any window watched before.
    void watch(QQuickWindow* window);

private:
    void onFrameSwapped();
    void poll();
    void grab();

    QString path_;
    QPointer<QQuickWindow> window_;
    QTimer poll_;
    QElapsedTimer sinceLaunch_;
    bool framed_ = false;
    bool grabbing_ = false;
};

} // namespace qiusuo::desktop
