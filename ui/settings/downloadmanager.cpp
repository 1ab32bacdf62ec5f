#include "ui/settings/downloadmanager.h"

#include "storage/datadir.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

namespace qiusuo::ui {

namespace {

const QRegularExpression kHex64(QStringLiteral("^[0-9a-f]{64}$"));

QString megabytes(qint64 bytes)
{
    return QLocale().toString(double(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

/// The SHA-256 a server states for the body: Hugging Face's X-Linked-Etag
/// (LFS files: the quoted hex digest), or an RFC 3230 `Digest: sha-256=<base64>`.
QString serverSha256(const QNetworkReply& reply)
{
    for (const char* name : {"X-Linked-Etag", "ETag"}) {
        QString value = QString::fromLatin1(reply.rawHeader(name)).trimmed().toLower();
        value.remove(QLatin1Char('"'));
        if (value.startsWith(QLatin1String("w/")))
            continue; // weak tags are not digests
        if (kHex64.match(value).hasMatch())
            return value;
    }
    const QByteArray digest = reply.rawHeader("Digest");
    for (const QByteArray& part : digest.split(',')) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.toLower().startsWith("sha-256="))
            return QString::fromLatin1(QByteArray::fromBase64(trimmed.mid(8)).toHex());
    }
    return {};
}

QString hashFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

DownloadManager::DownloadManager(QObject* parent)
    : QAbstractListModel(parent),
      folder_(QDir(QString::fromStdString(storage::defaultDataDir().string())).filePath(QStringLiteral("models")))
{
    network_.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

DownloadManager::~DownloadManager()
{
    for (auto& item : items_) {
        if (item->reply) {
            item->reply->disconnect(this);
            item->reply->abort();
        }
    }
    for (auto& hasher : hashers_)
        hasher.join();
}

void DownloadManager::setFolder(const QString& folder)
{
    if (folder == folder_)
        return;
    folder_ = folder;
    emit folderChanged();
}

int DownloadManager::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(items_.size());
}

QString DownloadManager::statusText(const Item& item) const
{
    const QString amount = item.total > 0 ? QCoreApplication::translate("DownloadManager", "%1 of %2").arg(megabytes(item.received), megabytes(item.total))
                                          : megabytes(item.received);
    if (item.state == QLatin1String("downloading"))
        return QCoreApplication::translate("DownloadManager", "%1 at %2/s").arg(amount, megabytes(qint64(item.speed)));
    if (item.state == QLatin1String("paused"))
        return QCoreApplication::translate("DownloadManager", "Paused at %1.").arg(amount);
    if (item.state == QLatin1String("interrupted"))
        return QCoreApplication::translate("DownloadManager", "%1 Resume continues from %2.").arg(item.problem, megabytes(item.received));
    if (item.state == QLatin1String("verifying"))
        return QCoreApplication::translate("DownloadManager", "Checking the SHA-256 of %1…").arg(megabytes(item.received));
    if (item.state == QLatin1String("done"))
        return item.verified ? QCoreApplication::translate("DownloadManager", "Done: %1, SHA-256 verified.").arg(megabytes(item.received))
                             : QCoreApplication::translate("DownloadManager", "Done: %1. Not verified: neither you nor the server gave a SHA-256.")
                                   .arg(megabytes(item.received));
    return item.problem;
}

QVariant DownloadManager::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item& item = *items_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case FileNameRole: return QFileInfo(item.path).fileName();
    case UrlRole: return item.url;
    case PathRole: return item.path;
    case ReceivedRole: return item.received;
    case TotalRole: return item.total;
    case ProgressRole: return item.total > 0 ? double(item.received) / double(item.total) : -1.0;
    case SpeedRole: return item.speed;
    case StatusTextRole: return statusText(item);
    case StateRole: return item.state;
    default: return {};
    }
}

QHash<int, QByteArray> DownloadManager::roleNames() const
{
    return {{UrlRole, "url"},           {FileNameRole, "fileName"}, {PathRole, "path"},
            {ReceivedRole, "received"}, {TotalRole, "total"},       {ProgressRole, "progress"},
            {SpeedRole, "speed"},       {StatusTextRole, "statusText"}, {StateRole, "state"}};
}

int DownloadManager::start(const QUrl& url, const QString& sha256)
{
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        setError(QCoreApplication::translate("DownloadManager", "\"%1\" is not a web address: paste a direct http:// or https:// link to a .gguf file.")
                     .arg(url.toString()));
        return -1;
    }
    const QString name = url.fileName();
    if (!name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive)) {
        setError(QCoreApplication::translate("DownloadManager", "The link does not end in a .gguf file name; use the file's direct download link."));
        return -1;
    }
    const QString sha = sha256.trimmed().toLower();
    if (!sha.isEmpty() && !kHex64.match(sha).hasMatch()) {
        setError(QCoreApplication::translate("DownloadManager", "A SHA-256 is 64 hexadecimal digits; \"%1\" is not one.").arg(sha256.trimmed()));
        return -1;
    }
    const QString path = QDir(folder_).filePath(name);
    for (size_t i = 0; i < items_.size(); ++i) {
        if (items_[i]->path == path && items_[i]->state != QLatin1String("done")
            && items_[i]->state != QLatin1String("failed")) {
            setError(QCoreApplication::translate("DownloadManager", "%1 is already being downloaded.").arg(name));
            return -1;
        }
    }
    if (QFileInfo::exists(path)) {
        setError(QCoreApplication::translate("DownloadManager", "%1 is already in %2.").arg(name, QDir::toNativeSeparators(folder_)));
        return -1;
    }
    QDir().mkpath(folder_);
    setError({});
    auto item = std::make_unique<Item>();
    item->url = url;
    item->path = path;
    item->expectedSha = sha;
    item->received = QFileInfo(path + QStringLiteral(".part")).size(); // an earlier attempt's bytes
    const int row = int(items_.size());
    beginInsertRows({}, row, row);
    items_.push_back(std::move(item));
    endInsertRows();
    emit countChanged();
    request(row);
    return row;
}

void DownloadManager::request(int row)
{
    Item& item = *items_[size_t(row)];
    item.file = std::make_unique<QFile>(item.path + QStringLiteral(".part"));
    if (!item.file->open(QIODevice::ReadWrite)) {
        item.state = QStringLiteral("failed");
        item.problem = QCoreApplication::translate("DownloadManager", "Cannot write %1: %2").arg(QDir::toNativeSeparators(item.file->fileName()),
                                                     item.file->errorString());
        changed(row);
        emit downloadEnded(row, item.state);
        return;
    }
    item.received = item.file->size();
    item.file->seek(item.received);
    QNetworkRequest request(item.url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (item.received > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(item.received) + '-');
    item.state = QStringLiteral("downloading");
    item.problem.clear();
    item.speed = 0;
    item.speedBytes = 0;
    item.speedClock.start();
    QNetworkReply* reply = network_.get(request);
    item.reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { onMetaData(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    changed(row);
}

int DownloadManager::rowOf(QNetworkReply* reply) const
{
    for (size_t i = 0; i < items_.size(); ++i)
        if (items_[i]->reply == reply)
            return int(i);
    return -1;
}

void DownloadManager::onMetaData(QNetworkReply* reply)
{
    const int row = rowOf(reply);
    if (row < 0)
        return;
    Item& item = *items_[size_t(row)];
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 && status < 400)
        return; // followed by the redirect policy
    const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    if (status == 206) {
        item.total = length > 0 ? item.received + length : -1;
    } else if (status == 200) {
        if (item.received > 0) { // the server ignored the range: start over
            item.file->resize(0);
            item.file->seek(0);
            item.received = 0;
        }
        item.total = length > 0 ? length : -1;
    }
    const QString sha = serverSha256(*reply);
    if (!sha.isEmpty())
        item.serverSha = sha;
    changed(row);
}

void DownloadManager::onReadyRead(QNetworkReply* reply)
{
    const int row = rowOf(reply);
    if (row < 0)
        return;
    Item& item = *items_[size_t(row)];
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return; // an error page: not part of the file
    const QByteArray bytes = reply->readAll();
    if (item.file->write(bytes) != bytes.size()) {
        item.problem = QCoreApplication::translate("DownloadManager", "Cannot write %1: %2").arg(QDir::toNativeSeparators(item.file->fileName()),
                                                     item.file->errorString());
        reply->abort();
        return;
    }
    item.received += bytes.size();
    item.speedBytes += bytes.size();
    // Speed over the last half second or more, so the figure does not jitter.
    if (item.speedClock.elapsed() >= 500) {
        item.speed = double(item.speedBytes) * 1000.0 / double(item.speedClock.restart());
        item.speedBytes = 0;
    }
    emit dataChanged(index(row), index(row), {ReceivedRole, ProgressRole, SpeedRole, StatusTextRole});
}

void DownloadManager::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    const int row = rowOf(reply);
    if (row < 0)
        return;
    Item& item = *items_[size_t(row)];
    item.reply = nullptr;
    if (reply->bytesAvailable() > 0)
        onReadyRead(reply);
    item.file->flush();
    item.file.reset();
    item.speed = 0;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (item.state == QLatin1String("paused")) {
        changed(row);
        return;
    }
    // 416 to a range starting at our size: the .part file is already whole.
    const bool alreadyWhole = status == 416 && item.received > 0;
    if (alreadyWhole) {
        item.total = item.received;
    } else if (status >= 400) {
        item.state = QStringLiteral("failed");
        item.problem = QCoreApplication::translate("DownloadManager", "The server answered %1 (%2) for %3.")
                           .arg(status)
                           .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                                item.url.toDisplayString());
        changed(row);
        emit downloadEnded(row, item.state);
        return;
    }
    const bool incomplete = item.total > 0 && item.received < item.total;
    if (reply->error() != QNetworkReply::NoError && !alreadyWhole) {
        item.state = QStringLiteral("interrupted");
        if (item.problem.isEmpty())
            item.problem = QCoreApplication::translate("DownloadManager", "The connection was lost (%1).").arg(reply->errorString());
        changed(row);
        emit downloadEnded(row, item.state);
        return;
    }
    if (incomplete) {
        item.state = QStringLiteral("interrupted");
        item.problem = QCoreApplication::translate("DownloadManager", "The server closed the connection before the end.");
        changed(row);
        emit downloadEnded(row, item.state);
        return;
    }
    verify(row);
}

void DownloadManager::verify(int row)
{
    Item& item = *items_[size_t(row)];
    item.state = QStringLiteral("verifying");
    changed(row);
    const QString part = item.path + QStringLiteral(".part");
    QPointer<DownloadManager> self(this);
    const Item* key = &item;
    hashers_.emplace_back([self, key, part] {
        const QString actual = hashFile(part);
        QMetaObject::invokeMethod(
            qApp, [self, key, actual] {
                if (self)
                    self->finishVerify(key, actual);
            },
            Qt::QueuedConnection);
    });
}

void DownloadManager::finishVerify(const Item* key, const QString& actual)
{
    int row = -1;
    for (size_t i = 0; i < items_.size(); ++i)
        if (items_[i].get() == key)
            row = int(i);
    if (row < 0)
        return;
    Item& item = *items_[size_t(row)];
    const QString part = item.path + QStringLiteral(".part");
    const QString expected = !item.expectedSha.isEmpty() ? item.expectedSha : item.serverSha;
    if (!expected.isEmpty() && actual != expected) {
        QFile::remove(part); // damaged bytes are no use for a resume either
        item.received = 0;
        item.state = QStringLiteral("failed");
        item.problem = QCoreApplication::translate("DownloadManager", "The download is damaged: its SHA-256 is %1, but %2 was expected. It was deleted; "
                          "download it again.")
                           .arg(actual, expected);
        changed(row);
        emit downloadEnded(row, item.state);
        return;
    }
    if (!QFile::rename(part, item.path)) {
        item.state = QStringLiteral("failed");
        item.problem = QCoreApplication::translate("DownloadManager", "The download is complete but could not be renamed to %1.")
                           .arg(QDir::toNativeSeparators(item.path));
        changed(row);
        emit downloadEnded(row, item.state);
        return;
    }
    item.verified = !expected.isEmpty();
    item.state = QStringLiteral("done");
    changed(row);
    emit downloadEnded(row, item.state);
    emit modelDownloaded(item.path);
}

void DownloadManager::pause(int row)
{
    if (row < 0 || row >= count())
        return;
    Item& item = *items_[size_t(row)];
    if (item.state != QLatin1String("downloading") || !item.reply)
        return;
    item.state = QStringLiteral("paused");
    item.reply->abort(); // onFinished keeps the .part file
}

void DownloadManager::resume(int row)
{
    if (row < 0 || row >= count())
        return;
    const QString& state = items_[size_t(row)]->state;
    if (state == QLatin1String("paused") || state == QLatin1String("interrupted"))
        request(row);
}

void DownloadManager::cancel(int row)
{
    if (row < 0 || row >= count())
        return;
    Item& item = *items_[size_t(row)];
    if (item.state == QLatin1String("done") || item.state == QLatin1String("verifying"))
        return;
    item.state = QStringLiteral("paused"); // so onFinished does not report a failure
    if (item.reply)
        item.reply->abort();
    item.file.reset();
    QFile::remove(item.path + QStringLiteral(".part"));
    item.received = 0;
    item.state = QStringLiteral("failed");
    item.problem = QCoreApplication::translate("DownloadManager", "Cancelled.");
    changed(row);
}

void DownloadManager::removeRow(int row)
{
    if (row < 0 || row >= count())
        return;
    const QString& state = items_[size_t(row)]->state;
    if (state == QLatin1String("downloading") || state == QLatin1String("verifying"))
        return;
    beginRemoveRows({}, row, row);
    items_.erase(items_.begin() + row);
    endRemoveRows();
    emit countChanged();
}

void DownloadManager::changed(int row)
{
    emit dataChanged(index(row), index(row));
}

void DownloadManager::setError(const QString& error)
{
    if (lastError_ == error)
        return;
    lastError_ = error;
    emit lastErrorChanged();
}

} // namespace qiusuo::ui
