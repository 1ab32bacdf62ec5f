#include "ui/settings/providertester.h"

#include "inference/error.h"
#include "inference/remote/remoteclient.h"
#include "ui/settings/providerlistmodel.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <exception>

namespace qiusuo::ui {

ProviderTester::ProviderTester(QObject* parent) : QObject(parent), stop_(std::make_shared<std::atomic<bool>>(false)) {}

ProviderTester::~ProviderTester()
{
    stop_->store(true);
    joinWorker();
}

void ProviderTester::joinWorker()
{
    if (worker_.joinable())
        worker_.join();
}

void ProviderTester::setProviders(ProviderListModel* providers)
{
    if (providers_ == providers)
        return;
    providers_ = providers;
    emit providersChanged();
}

void ProviderTester::setBusy(bool busy)
{
    if (busy_ == busy)
        return;
    busy_ = busy;
    emit busyChanged();
}

bool ProviderTester::testConnection(const QString& providerId)
{
    if (busy_ || !providers_)
        return false;
    remote::RemoteConfig config;
    try {
        config = providers_->remoteConfig(providerId);
    } catch (const std::exception& error) {
        succeeded_ = false;
        resultText_ = QString::fromStdString(error.what());
        emit resultChanged();
        return true;
    }
    joinWorker();
    setBusy(true);
    const QString name = providers_->get(providerId, QStringLiteral("name")).toString();
    QPointer<ProviderTester> self(this);
    auto stop = stop_;
    worker_ = std::thread([self, stop, config, name] {
        bool ok = false;
        QString text;
        QStringList ids;
        try {
            const remote::RemoteClient client(config);
            const auto models = client.listModels(*stop);
            for (const auto& m : models)
                ids << QString::fromStdString(m.id);
            ok = true;
            if (models.empty())
                text = QCoreApplication::translate("ProviderTester", "Connected to %1, but the server lists no models.").arg(name);
            else if (models.size() == 1)
                text = QCoreApplication::translate("ProviderTester", "Connected to %1: 1 model available.").arg(name);
            else
                text = QCoreApplication::translate("ProviderTester", "Connected to %1: %2 models available.").arg(name).arg(models.size());
        } catch (const std::exception& error) {
            text = QString::fromStdString(error.what());
        }
        if (stop->load())
            return;
        QMetaObject::invokeMethod(
            qApp, [self, ok, text, ids] {
                if (!self)
                    return;
                self->succeeded_ = ok;
                self->resultText_ = text;
                self->models_ = ids;
                emit self->resultChanged();
                self->setBusy(false);
                emit self->finished();
            },
            Qt::QueuedConnection);
    });
    return true;
}

bool ProviderTester::refreshBalance(const QString& providerId)
{
    if (busy_ || !providers_)
        return false;
    remote::RemoteConfig config;
    try {
        config = providers_->remoteConfig(providerId);
    } catch (const std::exception& error) {
        balanceText_ = QString::fromStdString(error.what());
        emit balanceChanged();
        return true;
    }
    joinWorker();
    setBusy(true);
    QPointer<ProviderTester> self(this);
    auto stop = stop_;
    worker_ = std::thread([self, stop, config] {
        QString text;
        try {
            const remote::RemoteClient client(config);
            const auto balance = client.balance(*stop);
            QStringList parts;
            for (const auto& b : balance.balances)
                parts << QStringLiteral("%1 %2").arg(QString::fromStdString(b.total), QString::fromStdString(b.currency));
            text = parts.isEmpty() ? QCoreApplication::translate("ProviderTester", "The server reported no balance.")
                                   : QCoreApplication::translate("ProviderTester", "Balance: %1").arg(parts.join(QStringLiteral(", ")));
            if (!balance.available)
                text += QLatin1Char(' ') + QCoreApplication::translate("ProviderTester", "(not enough to make requests)");
        } catch (const std::exception& error) {
            text = QString::fromStdString(error.what());
        }
        if (stop->load())
            return;
        QMetaObject::invokeMethod(
            qApp, [self, text] {
                if (!self)
                    return;
                self->balanceText_ = text;
                emit self->balanceChanged();
                self->setBusy(false);
                emit self->finished();
            },
            Qt::QueuedConnection);
    });
    return true;
}

} // namespace qiusuo::ui
