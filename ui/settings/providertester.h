#pragma once
/// @brief "Test connection" and "Balance" for a provider: asks the server
/// for its model list (and DeepSeek for the account balance) off the GUI
/// thread and says what happened in words.

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <thread>

namespace qiusuo::ui {

class ProviderListModel;

/// One request at a time; starting another while busy is refused. Results
/// arrive through the properties (queued back to the GUI thread). Deleting
/// the tester stops a request in flight within ~25 ms.
class ProviderTester : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ProviderListModel* providers READ providers WRITE setProviders NOTIFY providersChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool succeeded READ succeeded NOTIFY resultChanged)
    Q_PROPERTY(QString resultText READ resultText NOTIFY resultChanged)
    Q_PROPERTY(QStringList models READ models NOTIFY resultChanged)
    Q_PROPERTY(QString balanceText READ balanceText NOTIFY balanceChanged)

public:
    explicit ProviderTester(QObject* parent = nullptr);
    ~ProviderTester() override;

    ProviderListModel* providers() const { return providers_; }
    void setProviders(ProviderListModel* providers);
    bool busy() const { return busy_; }
    bool succeeded() const { return succeeded_; }
    QString resultText() const { return resultText_; }
    QStringList models() const { return models_; }
    QString balanceText() const { return balanceText_; }

    /// @brief GET {base}/models with the saved key: "Connected to DeepSeek:
    /// 2 models available." or the reason it failed. False when busy.
    Q_INVOKABLE bool testConnection(const QString& providerId);
    /// @brief DeepSeek's GET /user/balance, as "Balance: 110.00 CNY". False when busy.
    Q_INVOKABLE bool refreshBalance(const QString& providerId);

signals:
    void providersChanged();
    void busyChanged();
    void resultChanged();
    void balanceChanged();
    /// A request finished (either kind).
    void finished();

private:
    void setBusy(bool busy);
    void joinWorker();

    QPointer<ProviderListModel> providers_;
    bool busy_ = false;
    bool succeeded_ = false;
    QString resultText_;
    QStringList models_;
    QString balanceText_;
    std::shared_ptr<std::atomic<bool>> stop_;
    std::thread worker_;
};

} // namespace qiusuo::ui
