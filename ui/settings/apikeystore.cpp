#include "ui/settings/apikeystore.h"

#include "storage/datadir.h"
#include "ui/settings/filesecretstore.h"
#include "ui/settings/keychainsecretstore.h"

#include <QCoreApplication>
#include <QDir>

namespace qiusuo::ui {

ApiKeyStore::ApiKeyStore(QObject* parent) : QObject(parent), fallbackPath_(defaultFallbackPath())
{
    if (qEnvironmentVariable("QIUSUO_KEYCHAIN") != QLatin1String("file")) {
        auto keychain = std::make_unique<KeychainSecretStore>();
        if (keychain->available()) {
            store_ = std::move(keychain);
            return;
        }
    }
    store_ = std::make_unique<FileSecretStore>(fallbackPath_);
    fallback_ = true;
}

ApiKeyStore::ApiKeyStore(std::unique_ptr<SecretStore> store, bool isFallback, QString fallbackPath, QObject* parent)
    : QObject(parent), store_(std::move(store)), fallback_(isFallback), fallbackPath_(std::move(fallbackPath))
{
}

ApiKeyStore::~ApiKeyStore() = default;

QString ApiKeyStore::defaultFallbackPath()
{
    const QString dir = QString::fromStdString(storage::defaultDataDir().string());
    return QDir(dir).filePath(QStringLiteral("secrets/api-keys.json"));
}

QString ApiKeyStore::notice() const
{
    if (!fallback_)
        return {};
    return QCoreApplication::translate("ApiKeyStore", "No system keychain is available, so API keys are kept in %1, a file only your user account "
              "can read. Anyone with access to your account can read them.")
        .arg(QDir::toNativeSeparators(fallbackPath_));
}

bool ApiKeyStore::setKey(const QString& providerId, const QString& key)
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return forget(providerId);
    QString error;
    if (!store_->write(providerId, trimmed, &error)) {
        setError(error);
        return false;
    }
    setError({});
    emit keysChanged(providerId);
    return true;
}

bool ApiKeyStore::hasKey(const QString& providerId)
{
    return !key(providerId).isEmpty();
}

bool ApiKeyStore::forget(const QString& providerId)
{
    QString error;
    if (!store_->remove(providerId, &error)) {
        setError(error);
        return false;
    }
    setError({});
    emit keysChanged(providerId);
    return true;
}

QString ApiKeyStore::key(const QString& providerId)
{
    QString error;
    const auto value = store_->read(providerId, &error);
    if (!error.isEmpty())
        setError(error);
    return value.value_or(QString());
}

void ApiKeyStore::setError(const QString& error)
{
    if (lastError_ == error)
        return;
    lastError_ = error;
    emit lastErrorChanged();
}

} // namespace qiusuo::ui
