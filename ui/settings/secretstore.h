#pragma once
/// @brief Where API keys are kept: the system keychain, a file only the user
/// can read, or (in tests) memory. Never QSettings, SQLite or a log.

#include <QString>

#include <optional>

namespace qiusuo::ui {

/// Synchronous: every implementation answers within the call (the system
/// keychain replies in milliseconds, or fails at once when absent).
/// `error`, when given, receives a sentence for the user on failure.
class SecretStore {
public:
    virtual ~SecretStore() = default;

    /// @brief Stores `secret` under `name`, replacing any earlier one.
    virtual bool write(const QString& name, const QString& secret, QString* error = nullptr) = 0;
    /// @brief The secret stored under `name`; nothing when there is none or on failure.
    virtual std::optional<QString> read(const QString& name, QString* error = nullptr) = 0;
    /// @brief Forgets `name`; true also when there was nothing to forget.
    virtual bool remove(const QString& name, QString* error = nullptr) = 0;
};

} // namespace qiusuo::ui
