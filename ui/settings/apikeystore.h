#pragma once
/// @brief The API keys of the providers, for the pages and the chat: the
/// system keychain when one answers, else a 0600 file with a visible notice.

#include "ui/settings/secretstore.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace qiusuo::ui {

/// Keys are stored under the provider's id. QML can save, test for and
/// forget a key but never read one back: only C++ (the connection test and
/// the chat backend) reads keys.
///
/// QIUSUO_KEYCHAIN=file skips the system keychain (tests, or users who do
/// not want it asked); the fallback file is `<data dir>/secrets/api-keys.json`.
class ApiKeyStore : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool usingFallback READ usingFallback CONSTANT)
    Q_PROPERTY(QString notice READ notice CONSTANT)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    /// Probes the system keychain and falls back to the file when it does not answer.
    explicit ApiKeyStore(QObject* parent = nullptr);
    /// Uses `store` as given (tests: a fake keychain, or a FileSecretStore).
    ApiKeyStore(std::unique_ptr<SecretStore> store, bool isFallback, QString fallbackPath,
                QObject* parent = nullptr);
    ~ApiKeyStore() override;

    /// `<data dir>/secrets/api-keys.json`.
    static QString defaultFallbackPath();

    bool usingFallback() const { return fallback_; }
    /// Empty with a keychain; otherwise where the keys are and why.
    QString notice() const;
    QString lastError() const { return lastError_; }

    /// Saves `key` (trimmed) for `providerId`; an empty key forgets it.
    Q_INVOKABLE bool setKey(const QString& providerId, const QString& key);
    Q_INVOKABLE bool hasKey(const QString& providerId);
    Q_INVOKABLE bool forget(const QString& providerId);
    /// The key for `providerId`, empty when none. C++ only.
    QString key(const QString& providerId);

signals:
    void lastErrorChanged();
    /// A key was saved or forgotten.
    void keysChanged(const QString& providerId);

private:
    void setError(const QString& error);

    std::unique_ptr<SecretStore> store_;
    bool fallback_ = false;
    QString fallbackPath_;
    QString lastError_;
};

} // namespace qiusuo::ui
