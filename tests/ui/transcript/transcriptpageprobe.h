#pragma once
/// @brief Test helper for tst_transcriptpage: drives a TranscriptBridge from
/// QML (TranscriptMessage is a C++ struct), and watches what the page asks
/// for: every request that is not qrc: (through a URL request interceptor on
/// the default profile), every connection to a local bait server, and every
/// URL handed to QDesktopServices.

#include <QObject>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <QWebEngineUrlRequestInterceptor>

class TranscriptPageProbe : public QObject {
    Q_OBJECT
    /// The bait server's port on 127.0.0.1: payloads point there.
    Q_PROPERTY(int port READ port CONSTANT)
    Q_PROPERTY(int serverHits READ serverHits NOTIFY changed)
    Q_PROPERTY(QStringList remoteRequests READ remoteRequests NOTIFY changed)
    Q_PROPERTY(QStringList openedUrls READ openedUrls NOTIFY changed)

public:
    explicit TranscriptPageProbe(QObject* parent = nullptr);
    ~TranscriptPageProbe() override;

    int port() const { return int(server_.serverPort()); }
    int serverHits() const { return serverHits_; }
    QStringList remoteRequests() const { return remoteRequests_; }
    QStringList openedUrls() const { return openedUrls_; }

    /// Messages are maps with TranscriptMessage's field names.
    Q_INVOKABLE void setMessages(QObject* bridge, const QVariantList& messages);
    Q_INVOKABLE void appendMessage(QObject* bridge, const QVariantMap& message);
    Q_INVOKABLE void updateMessage(QObject* bridge, const QVariantMap& message);
    Q_INVOKABLE void removeMessage(QObject* bridge, double id);
    Q_INVOKABLE void scrollToMessage(QObject* bridge, double id);
    Q_INVOKABLE QString clipboardText() const;

public slots:
    /// QDesktopServices' handler for http, https and mailto in this test.
    void openUrl(const QUrl& url);

signals:
    void changed();

private:
    class Interceptor : public QWebEngineUrlRequestInterceptor {
    public:
        explicit Interceptor(TranscriptPageProbe* probe) : probe_(probe) {}
        void interceptRequest(QWebEngineUrlRequestInfo& info) override;

    private:
        TranscriptPageProbe* probe_;
    };

    QTcpServer server_;
    Interceptor interceptor_;
    int serverHits_ = 0;
    QStringList remoteRequests_;
    QStringList openedUrls_;
};
