#pragma once
/// @brief Model downloads from a direct URL (e.g. a Hugging Face
/// `resolve/main/….gguf` link): progress, speed, pause and resume with HTTP
/// Range, SHA-256 verification, the partial file kept as `<name>.part`.

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <thread>
#include <vector>

class QNetworkReply;

namespace qiusuo::ui {

/// The bytes go to `<folder>/<name>.part` (never listed as a model: the
/// library lists *.gguf only) and are renamed to `<name>` once the SHA-256
/// matches: the one the user gave, else the server's (Hugging Face's
/// X-Linked-Etag, or a `Digest: sha-256=` header); without either the file
/// is kept and the state says it was not verified. A dropped connection
/// leaves the .part file and the row "interrupted"; resume() (or starting
/// the same URL again) continues from the bytes already there, asking for
/// `Range: bytes=<size>-`. A server that ignores the range starts over.
///
/// States (the "state" role, never change meaning): "downloading",
/// "paused", "interrupted", "verifying", "done", "failed".
class DownloadManager : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    enum Roles {
        UrlRole = Qt::UserRole + 1, ///< "url"
        FileNameRole,               ///< "fileName"
        PathRole,                   ///< "path": the final file
        ReceivedRole,               ///< "received": bytes on disk
        TotalRole,                  ///< "total": bytes, -1 when the server did not say
        ProgressRole,               ///< "progress": 0..1, -1 when unknown
        SpeedRole,                  ///< "speed": bytes per second (recent)
        StatusTextRole,             ///< "statusText": progress, speed or the problem in words
        StateRole,                  ///< "state": see the class comment
    };
    Q_ENUM(Roles)

    explicit DownloadManager(QObject* parent = nullptr);
    ~DownloadManager() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(items_.size()); }

    /// Where downloads go; the model library's default folder unless set.
    QString folder() const { return folder_; }
    void setFolder(const QString& folder);
    QString lastError() const { return lastError_; }

    /// @brief Starts downloading `url` (http or https); `sha256` is optional
    /// (64 hex digits). Returns the row, or -1 with lastError.
    Q_INVOKABLE int start(const QUrl& url, const QString& sha256 = {});
    Q_INVOKABLE void pause(int row);
    Q_INVOKABLE void resume(int row);
    /// @brief Stops and deletes the partial file.
    Q_INVOKABLE void cancel(int row);
    /// @brief Removes a finished or failed row from the list (files stay).
    Q_INVOKABLE void removeRow(int row);

signals:
    void folderChanged();
    void countChanged();
    void lastErrorChanged();
    /// A download ended: "done" (verified or not), "failed" or "interrupted".
    void downloadEnded(int row, const QString& state);
    /// A model file is complete at `path` (for the model library to rescan).
    void modelDownloaded(const QString& path);

private:
    struct Item {
        QUrl url;
        QString path;       ///< final file
        QString expectedSha;///< lower-case hex, from the user
        QString serverSha;  ///< lower-case hex, from the response headers
        qint64 received = 0;
        qint64 total = -1;
        double speed = 0;
        QString state;
        QString problem;    ///< why it failed or stopped, in words
        bool verified = false;
        QPointer<QNetworkReply> reply;
        std::unique_ptr<QFile> file;
        QElapsedTimer speedClock;
        qint64 speedBytes = 0;
    };

    void request(int row);
    void onMetaData(QNetworkReply* reply);
    void onReadyRead(QNetworkReply* reply);
    void onFinished(QNetworkReply* reply);
    void verify(int row);
    void finishVerify(const Item* item, const QString& actual);
    int rowOf(QNetworkReply* reply) const;
    void changed(int row);
    void setError(const QString& error);
    QString statusText(const Item& item) const;

    QNetworkAccessManager network_;
    std::vector<std::unique_ptr<Item>> items_;
    QString folder_;
    QString lastError_;
    std::vector<std::thread> hashers_; ///< SHA-256 of finished files, off the GUI thread
};

} // namespace qiusuo::ui
