#include "transcriptpageprobe.h"

#include "ui/transcript/transcriptbridge.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QMetaObject>
#include <QQuickWebEngineProfile>
#include <QTcpSocket>

using qiusuo::ui::TranscriptBridge;
using qiusuo::ui::TranscriptMessage;

namespace {

TranscriptMessage toMessage(const QVariantMap& m)
{
    TranscriptMessage t;
    t.id = m.value(QStringLiteral("id")).toLongLong();
    t.role = m.value(QStringLiteral("role"), QStringLiteral("assistant")).toString();
    t.markdown = m.value(QStringLiteral("markdown")).toString();
    t.reasoning = m.value(QStringLiteral("reasoning")).toString();
    t.reasoningMs = m.value(QStringLiteral("reasoningMs")).toLongLong();
    t.reasoningActive = m.value(QStringLiteral("reasoningActive")).toBool();
    t.streaming = m.value(QStringLiteral("streaming")).toBool();
    t.siblingIndex = m.value(QStringLiteral("siblingIndex"), 0).toInt();
    t.siblingCount = m.value(QStringLiteral("siblingCount"), 1).toInt();
    t.stats = m.value(QStringLiteral("stats")).toString();
    t.error = m.value(QStringLiteral("error")).toString();
    t.interrupted = m.value(QStringLiteral("interrupted")).toBool();
    return t;
}

TranscriptBridge* asBridge(QObject* o)
{
    auto* bridge = qobject_cast<TranscriptBridge*>(o);
    if (!bridge)
        qFatal("TranscriptPageProbe: not a TranscriptBridge");
    return bridge;
}

} // namespace

void TranscriptPageProbe::Interceptor::interceptRequest(QWebEngineUrlRequestInfo& info)
{
    const QUrl url = info.requestUrl();
    if (url.scheme() == QLatin1String("qrc"))
        return;
    // Recorded on the GUI thread; blocked either way.
    info.block(true);
    QMetaObject::invokeMethod(probe_, [probe = probe_, text = url.toString()] {
        probe->remoteRequests_.append(text);
        emit probe->changed();
    }, Qt::QueuedConnection);
}

TranscriptPageProbe::TranscriptPageProbe(QObject* parent)
    : QObject(parent)
    , interceptor_(this)
{
    if (!server_.listen(QHostAddress::LocalHost))
        qFatal("TranscriptPageProbe: cannot listen on 127.0.0.1");
    connect(&server_, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = server_.nextPendingConnection()) {
            ++serverHits_;
            socket->close();
            socket->deleteLater();
            emit changed();
        }
    });
    QQuickWebEngineProfile::defaultProfile()->setUrlRequestInterceptor(&interceptor_);
    for (const char* scheme : {"http", "https", "mailto"})
        QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), this, "openUrl");
}

TranscriptPageProbe::~TranscriptPageProbe()
{
    for (const char* scheme : {"http", "https", "mailto"})
        QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
    QQuickWebEngineProfile::defaultProfile()->setUrlRequestInterceptor(nullptr);
}

void TranscriptPageProbe::setMessages(QObject* bridge, const QVariantList& messages)
{
    QList<TranscriptMessage> list;
    for (const QVariant& m : messages)
        list.append(toMessage(m.toMap()));
    asBridge(bridge)->setMessages(list);
}

void TranscriptPageProbe::appendMessage(QObject* bridge, const QVariantMap& message)
{
    asBridge(bridge)->appendMessage(toMessage(message));
}

void TranscriptPageProbe::updateMessage(QObject* bridge, const QVariantMap& message)
{
    asBridge(bridge)->updateMessage(toMessage(message));
}

void TranscriptPageProbe::removeMessage(QObject* bridge, double id)
{
    asBridge(bridge)->removeMessage(qint64(id));
}

void TranscriptPageProbe::scrollToMessage(QObject* bridge, double id)
{
    asBridge(bridge)->scrollToMessage(qint64(id));
}

QString TranscriptPageProbe::clipboardText() const
{
    return QGuiApplication::clipboard()->text();
}

void TranscriptPageProbe::openUrl(const QUrl& url)
{
    openedUrls_.append(url.toString());
    emit changed();
}
