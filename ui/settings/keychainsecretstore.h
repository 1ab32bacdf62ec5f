#pragma once
/// @brief API keys in the operating system's keychain through QtKeychain
/// (Secret Service / KWallet on Linux, Keychain on macOS, Credential Manager
/// on Windows).

#include "ui/settings/secretstore.h"

namespace qiusuo::ui {

class KeychainSecretStore : public SecretStore {
public:
    /// @brief `service` groups our entries in the keychain ("Qiusuo").
    explicit KeychainSecretStore(QString service = QStringLiteral("Qiusuo"));

    /// @brief True when a keychain service answers: a read of an entry that
    /// does not exist comes back "not found" rather than "no backend"
    /// (without a D-Bus secret service QtKeychain fails at once).
    bool available();

    bool write(const QString& name, const QString& secret, QString* error = nullptr) override;
    std::optional<QString> read(const QString& name, QString* error = nullptr) override;
    bool remove(const QString& name, QString* error = nullptr) override;

private:
    QString service_;
};

} // namespace qiusuo::ui
