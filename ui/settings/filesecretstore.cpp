#include "ui/settings/filesecretstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace qiusuo::ui {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

FileSecretStore::FileSecretStore(QString path) : path_(std::move(path)) {}

bool FileSecretStore::load(QJsonObject& secrets, QString* error) const
{
    QFile file(path_);
    if (!file.exists()) {
        secrets = {};
        return true;
    }
    // Someone (a backup tool, a copy by hand) may have loosened them.
    if ((file.permissions() & ~(kOwnerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser)) != 0)
        file.setPermissions(kOwnerOnly);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read the key file %1: %2").arg(QDir::toNativeSeparators(path_), file.errorString());
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = tr("The key file %1 is damaged; save your API keys again.").arg(QDir::toNativeSeparators(path_));
        return false;
    }
    secrets = doc.object();
    return true;
}

bool FileSecretStore::save(const QJsonObject& secrets, QString* error) const
{
    const QFileInfo info(path_);
    QDir().mkpath(info.absolutePath());
    // The folder is ours alone too: nobody else may even list it.
    QFile::setPermissions(info.absolutePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QByteArray bytes = QJsonDocument(secrets).toJson(QJsonDocument::Compact);
    const QString temp = path_ + QStringLiteral(".new");
    QFile::remove(temp);
    auto fail = [&](const QString& why) {
        QFile::remove(temp);
        if (error)
            *error = tr("Cannot save the key file %1: %2").arg(QDir::toNativeSeparators(path_), why);
        return false;
    };
#ifdef Q_OS_UNIX
    // Created 0600 in one step: no moment where the umask's mode applies.
    const QByteArray native = QFile::encodeName(temp);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return fail(QString::fromLocal8Bit(std::strerror(errno)));
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            return fail(QString::fromLocal8Bit(std::strerror(saved)));
        }
        written += n;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        return fail(QString::fromLocal8Bit(std::strerror(errno)));
    if (::rename(native.constData(), QFile::encodeName(path_).constData()) != 0)
        return fail(QString::fromLocal8Bit(std::strerror(errno)));
    return true;
#else
    QFile file(temp);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly) || file.write(bytes) != bytes.size())
        return fail(file.errorString());
    file.close();
    QFile::remove(path_);
    if (!QFile::rename(temp, path_))
        return fail(tr("the file could not be replaced"));
    return true;
#endif
}

bool FileSecretStore::write(const QString& name, const QString& secret, QString* error)
{
    QJsonObject secrets;
    if (!load(secrets, nullptr))
        secrets = {}; // a damaged file is replaced by one holding the new key
    secrets.insert(name, secret);
    return save(secrets, error);
}

std::optional<QString> FileSecretStore::read(const QString& name, QString* error)
{
    QJsonObject secrets;
    if (!load(secrets, error))
        return std::nullopt;
    const QJsonValue value = secrets.value(name);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

bool FileSecretStore::remove(const QString& name, QString* error)
{
    QJsonObject secrets;
    if (!load(secrets, error))
        return false;
    if (!secrets.contains(name))
        return true;
    secrets.remove(name);
    return save(secrets, error);
}

} // namespace qiusuo::ui
