#pragma once
/// @brief API keys in a JSON file readable and writable only by the user
/// (mode 0600, in a 0700 folder): the fallback where no keychain answers.

#include "ui/settings/secretstore.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace qiusuo::ui {

/// The file is rewritten whole on every change: created beside the old one
/// with mode 0600 from the start (never readable by others, not even for a
/// moment), then renamed over it. A file found with looser permissions is
/// tightened before it is read.
class FileSecretStore : public SecretStore {
    Q_DECLARE_TR_FUNCTIONS(FileSecretStore)

public:
    explicit FileSecretStore(QString path);

    const QString& path() const { return path_; }

    bool write(const QString& name, const QString& secret, QString* error = nullptr) override;
    std::optional<QString> read(const QString& name, QString* error = nullptr) override;
    bool remove(const QString& name, QString* error = nullptr) override;

private:
    bool load(QJsonObject& secrets, QString* error) const;
    bool save(const QJsonObject& secrets, QString* error) const;

    QString path_;
};

} // namespace qiusuo::ui
