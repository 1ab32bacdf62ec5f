#include "ui/settings/providerlistmodel.h"

#include "inference/error.h"
#include "inference/remote/remotebackend.h"
#include "ui/chat/inferencesession.h"
#include "ui/settings/apikeystore.h"
#include "ui/settings/appsettings.h"

#include <QCoreApplication>
#include <QUrl>
#include <QVariantMap>

namespace qiusuo::ui {

namespace {

const char* const kListKey = "providers/list";
const QString kDeepSeekUrl = QStringLiteral("https://api.deepseek.com");

} // namespace

ProviderListModel::ProviderListModel(QObject* parent)
    : QAbstractListModel(parent),
      settings_(std::make_unique<QSettings>(AppSettings::defaultFileName(), QSettings::IniFormat))
{
    load();
}

ProviderListModel::~ProviderListModel() = default;

void ProviderListModel::load()
{
    items_.clear();
    const QVariantList stored = settings_->value(QLatin1String(kListKey)).toList();
    for (const QVariant& v : stored) {
        const QVariantMap m = v.toMap();
        Item item{m.value(QStringLiteral("id")).toString(), m.value(QStringLiteral("name")).toString(),
                  m.value(QStringLiteral("kind")).toString(), m.value(QStringLiteral("baseUrl")).toString(),
                  m.value(QStringLiteral("model")).toString(), m.value(QStringLiteral("allowInsecureHttp")).toBool()};
        if (item.id.isEmpty() || (item.kind != QLatin1String("deepseek") && item.kind != QLatin1String("openai")))
            continue;
        items_.push_back(item);
    }
    const bool haveDeepSeek = std::any_of(items_.begin(), items_.end(),
                                          [](const Item& i) { return i.id == QLatin1String(kDeepSeekId); });
    if (!haveDeepSeek)
        items_.insert(items_.begin(), Item{QString::fromLatin1(kDeepSeekId), QStringLiteral("DeepSeek"),
                                           QStringLiteral("deepseek"), kDeepSeekUrl,
                                           QStringLiteral("deepseek-chat"), false});
}

void ProviderListModel::save()
{
    QVariantList list;
    for (const Item& item : items_)
        list.append(QVariantMap{{QStringLiteral("id"), item.id},
                                {QStringLiteral("name"), item.name},
                                {QStringLiteral("kind"), item.kind},
                                {QStringLiteral("baseUrl"), item.baseUrl},
                                {QStringLiteral("model"), item.model},
                                {QStringLiteral("allowInsecureHttp"), item.allowInsecureHttp}});
    settings_->setValue(QLatin1String(kListKey), list);
    settings_->sync();
}

int ProviderListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(items_.size());
}

QVariant ProviderListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item& item = items_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return item.name;
    case ProviderIdRole: return item.id;
    case KindRole: return item.kind;
    case BaseUrlRole: return item.baseUrl;
    case ModelRole: return item.model;
    case AllowInsecureHttpRole: return item.allowInsecureHttp;
    case HasKeyRole: return keys_ ? keys_->hasKey(item.id) : false;
    default: return {};
    }
}

QHash<int, QByteArray> ProviderListModel::roleNames() const
{
    return {{ProviderIdRole, "providerId"}, {NameRole, "name"},   {KindRole, "kind"},
            {BaseUrlRole, "baseUrl"},       {ModelRole, "model"}, {AllowInsecureHttpRole, "allowInsecureHttp"},
            {HasKeyRole, "hasKey"}};
}

void ProviderListModel::setKeys(ApiKeyStore* keys)
{
    if (keys_ == keys)
        return;
    if (keys_)
        disconnect(keys_, nullptr, this, nullptr);
    keys_ = keys;
    if (keys_)
        connect(keys_, &ApiKeyStore::keysChanged, this, &ProviderListModel::refreshKeys);
    emit keysChanged();
    if (!items_.empty())
        emit dataChanged(index(0), index(int(items_.size()) - 1), {HasKeyRole});
}

void ProviderListModel::refreshKeys(const QString& providerId)
{
    const int row = indexOf(providerId);
    if (row >= 0)
        emit dataChanged(index(row), index(row), {HasKeyRole});
}

QString ProviderListModel::addCustom(const QString& name, const QString& baseUrl)
{
    int n = 1;
    while (indexOf(QStringLiteral("custom-%1").arg(n)) >= 0)
        ++n;
    Item item{QStringLiteral("custom-%1").arg(n), name.trimmed(), QStringLiteral("openai"), baseUrl.trimmed(), {},
              false};
    if (item.name.isEmpty())
        item.name = item.baseUrl.isEmpty() ? QCoreApplication::translate("ProviderListModel", "Custom server %1").arg(n) : QUrl(item.baseUrl).host();
    if (item.name.isEmpty())
        item.name = QCoreApplication::translate("ProviderListModel", "Custom server %1").arg(n);
    const int row = int(items_.size());
    beginInsertRows({}, row, row);
    items_.push_back(item);
    endInsertRows();
    save();
    emit countChanged();
    return item.id;
}

bool ProviderListModel::update(const QString& providerId, const QString& name, const QString& baseUrl,
                               const QString& model, bool allowInsecureHttp)
{
    const int row = indexOf(providerId);
    if (row < 0)
        return false;
    Item& item = items_[size_t(row)];
    if (item.kind == QLatin1String("openai") && !name.trimmed().isEmpty())
        item.name = name.trimmed();
    item.baseUrl = baseUrl.trimmed();
    item.model = model.trimmed();
    item.allowInsecureHttp = allowInsecureHttp;
    save();
    emit dataChanged(index(row), index(row), {NameRole, BaseUrlRole, ModelRole, AllowInsecureHttpRole});
    return true;
}

bool ProviderListModel::setModel(const QString& providerId, const QString& model)
{
    const int row = indexOf(providerId);
    if (row < 0)
        return false;
    items_[size_t(row)].model = model.trimmed();
    save();
    emit dataChanged(index(row), index(row), {ModelRole});
    return true;
}

bool ProviderListModel::remove(const QString& providerId)
{
    const int row = indexOf(providerId);
    if (row < 0 || providerId == QLatin1String(kDeepSeekId))
        return false;
    if (keys_)
        keys_->forget(providerId);
    beginRemoveRows({}, row, row);
    items_.erase(items_.begin() + row);
    endRemoveRows();
    save();
    emit countChanged();
    return true;
}

int ProviderListModel::indexOf(const QString& providerId) const
{
    for (size_t i = 0; i < items_.size(); ++i)
        if (items_[i].id == providerId)
            return int(i);
    return -1;
}

QVariant ProviderListModel::get(const QString& providerId, const QString& roleName) const
{
    const int row = indexOf(providerId);
    if (row < 0)
        return {};
    const auto roles = roleNames();
    const int role = roles.key(roleName.toUtf8(), -1);
    return role < 0 ? QVariant() : data(index(row), role);
}

void ProviderListModel::choose(const QString& providerId)
{
    const int row = indexOf(providerId);
    if (row < 0)
        return;
    const Item& item = items_[size_t(row)];
    emit providerChosen(item.id, item.baseUrl, item.model);
}

bool ProviderListModel::useWith(QObject* session, const QString& providerId)
{
    auto* chat = qobject_cast<InferenceSession*>(session);
    const int row = indexOf(providerId);
    if (!chat || row < 0)
        return false;
    const Item& item = items_[size_t(row)];
    chat->setBackend(std::make_shared<remote::RemoteBackend>(remoteConfig(providerId)),
                     item.model.isEmpty() ? item.name : item.name + QStringLiteral(" · ") + item.model,
                     QStringLiteral("remote"));
    emit providerChosen(item.id, item.baseUrl, item.model);
    return true;
}

remote::RemoteConfig ProviderListModel::remoteConfig(const QString& providerId) const
{
    const int row = indexOf(providerId);
    if (row < 0)
        throw Error("There is no provider named \"" + providerId.toStdString() + "\" any more.");
    const Item& item = items_[size_t(row)];
    const std::string key = keys_ ? keys_->key(item.id).toStdString() : std::string();
    remote::RemoteConfig config = item.kind == QLatin1String("deepseek")
                                      ? remote::RemoteConfig::deepSeek(key, item.model.toStdString())
                                      : remote::RemoteConfig::openAiCompatible(item.baseUrl.toStdString(),
                                                                               item.model.toStdString(), key);
    if (!item.baseUrl.isEmpty())
        config.baseUrl = item.baseUrl.toStdString();
    config.allowInsecureHttp = item.allowInsecureHttp;
    return config;
}

} // namespace qiusuo::ui
