#include "app/desktop/firstframegrabber.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QVariant>

#include <cstdio>

namespace qiusuo::desktop {

namespace {

constexpr int kPollMs = 50;
// Time for the web view's compositor frame to reach the Qt Quick scene after
// the page reported its content painted (two animation frames later).
constexpr int kSettleMs = 300;
constexpr qint64 kGiveUpMs = 25'000;

} // namespace

std::unique_ptr<FirstFrameGrabber> FirstFrameGrabber::fromEnvironment()
{
    const QString path = qEnvironmentVariable("QIUSUO_SCREENSHOT");
    if (path.isEmpty())
        return nullptr;
    return std::make_unique<FirstFrameGrabber>(QFileInfo(path).absoluteFilePath());
}

FirstFrameGrabber::FirstFrameGrabber(QString path, QObject* parent)
    : QObject(parent), path_(std::move(path))
{
    sinceLaunch_.start();
    poll_.setInterval(kPollMs);
    connect(&poll_, &QTimer::timeout, this, &FirstFrameGrabber::poll);
}

void FirstFrameGrabber::watch(QQuickWindow* window)
{
    if (window_)
        disconnect(window_, nullptr, this, nullptr);
    window_ = window;
    framed_ = false;
    if (!window_)
        return;
    // frameSwapped comes from the render thread; queue it to this thread.
    connect(window_, &QQuickWindow::frameSwapped, this, &FirstFrameGrabber::onFrameSwapped,
            Qt::QueuedConnection);
    poll_.start();
    window_->update();
}

void FirstFrameGrabber::onFrameSwapped()
{
    framed_ = true;
}

void FirstFrameGrabber::poll()
{
    if (grabbing_ || !window_)
        return;
    if (sinceLaunch_.elapsed() > kGiveUpMs) {
        poll_.stop();
        std::fprintf(stderr, "qiusuo: the window was not ready for a screenshot within %lld s\n",
                     static_cast<long long>(kGiveUpMs / 1000));
        QCoreApplication::exit(3);
        return;
    }
    const QVariant ready = window_->property("contentReady");
    if (!framed_ || (ready.isValid() && !ready.toBool())) {
        window_->update();
        return;
    }
    grabbing_ = true;
    poll_.stop();
    QTimer::singleShot(kSettleMs, this, &FirstFrameGrabber::grab);
}

void FirstFrameGrabber::grab()
{
    if (!window_) {
        QCoreApplication::exit(3);
        return;
    }
    const QImage image = window_->grabWindow();
    QDir().mkpath(QFileInfo(path_).absolutePath());
    if (image.isNull() || !image.save(path_, "PNG")) {
        std::fprintf(stderr, "qiusuo: could not save the screenshot to %s\n", qPrintable(path_));
        QCoreApplication::exit(3);
        return;
    }
    std::fprintf(stderr, "qiusuo: screenshot saved to %s after %lld ms\n", qPrintable(path_),
                 static_cast<long long>(sinceLaunch_.elapsed()));
    QCoreApplication::exit(0);
}

} // namespace qiusuo::desktop
