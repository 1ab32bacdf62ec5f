#pragma once
/// @brief The remote providers the user set up: DeepSeek's API (always
/// there) and any number of OpenAI-compatible servers. Keys are not here:
/// they live in the ApiKeyStore, under the provider's id.

#include "inference/remote/remoteconfig.h"

#include <QAbstractListModel>
#include <QSettings>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace qiusuo::ui {

class ApiKeyStore;

/// Persisted in the profile's settings file (AppSettings::defaultFileName())
/// as "providers/list": [{id, name, kind, baseUrl, model, allowInsecureHttp}].
/// kind is "deepseek" or "openai" (never change their meaning).
class ProviderListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ApiKeyStore* keys READ keys WRITE setKeys NOTIFY keysChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        ProviderIdRole = Qt::UserRole + 1, ///< "providerId": "deepseek" or "custom-<n>"
        NameRole,                          ///< "name"
        KindRole,                          ///< "kind": "deepseek" or "openai"
        BaseUrlRole,                       ///< "baseUrl"
        ModelRole,                         ///< "model"
        AllowInsecureHttpRole,             ///< "allowInsecureHttp"
        HasKeyRole,                        ///< "hasKey": a key is saved for it
    };
    Q_ENUM(Roles)

    static constexpr const char* kDeepSeekId = "deepseek";

    explicit ProviderListModel(QObject* parent = nullptr);
    ~ProviderListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(items_.size()); }

    ApiKeyStore* keys() const { return keys_; }
    void setKeys(ApiKeyStore* keys);

    /// @brief Adds an OpenAI-compatible server; returns its id.
    Q_INVOKABLE QString addCustom(const QString& name, const QString& baseUrl);
    /// @brief Changes a provider's fields (DeepSeek's name and kind stay).
    Q_INVOKABLE bool update(const QString& providerId, const QString& name, const QString& baseUrl,
                            const QString& model, bool allowInsecureHttp);
    Q_INVOKABLE bool setModel(const QString& providerId, const QString& model);
    /// @brief Removes a custom provider and forgets its key (DeepSeek stays).
    Q_INVOKABLE bool remove(const QString& providerId);
    Q_INVOKABLE int indexOf(const QString& providerId) const;
    /// @brief Field by role name, for QML outside a delegate.
    Q_INVOKABLE QVariant get(const QString& providerId, const QString& roleName) const;
    /// @brief The user picked this provider to chat with: emits providerChosen().
    Q_INVOKABLE void choose(const QString& providerId);

    /// @brief Makes this provider (its model, its key) the chat's backend:
    /// `session` is the chat's InferenceSession, which loads it on its
    /// worker thread and shows progress or the error. False when `session`
    /// is not one or the provider is unknown.
    Q_INVOKABLE bool useWith(QObject* session, const QString& providerId);

    /// @brief How to reach the provider, with its key from `keys`. Throws
    /// qiusuo::Error for an unknown id.
    remote::RemoteConfig remoteConfig(const QString& providerId) const;

signals:
    void keysChanged();
    void countChanged();
    /// For the chat controller: make this provider (and its model) the backend.
    void providerChosen(const QString& providerId, const QString& baseUrl, const QString& model);

private:
    struct Item {
        QString id;
        QString name;
        QString kind;
        QString baseUrl;
        QString model;
        bool allowInsecureHttp = false;
    };
    void load();
    void save();
    void refreshKeys(const QString& providerId);

    std::unique_ptr<QSettings> settings_;
    ApiKeyStore* keys_ = nullptr;
    std::vector<Item> items_;
};

} // namespace qiusuo::ui
