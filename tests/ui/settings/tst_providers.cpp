// Providers: the list model (QAbstractItemModelTester; DeepSeek always there,
// custom servers added, edited, removed with their key, kept across a
// restart) and "Test connection" / "Balance" against a real HTTP server on
// 127.0.0.1 (cpp-httplib): success, a wrong key, no server at all.
#include "ui/chat/inferencesession.h"
#include "ui/settings/apikeystore.h"
#include "ui/settings/filesecretstore.h"
#include "ui/settings/providerlistmodel.h"
#include "ui/settings/providertester.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <httplib.h>

#include <thread>

using namespace qiusuo::ui;

namespace {

const std::string kKey = "sk-local-test-key-0123456789";

/// An OpenAI/DeepSeek-style server: /v1/models and /v1/user/balance, both
/// answering 401 without the right Bearer key.
class LocalApi {
public:
    LocalApi()
    {
        auto authorized = [](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value("Authorization") == "Bearer " + kKey)
                return true;
            res.status = 401;
            res.set_content(R"({"error":{"message":"Authentication Fails, no such user","type":"authentication_error"}})",
                            "application/json");
            return false;
        };
        server_.Get("/v1/models", [authorized](const httplib::Request& req, httplib::Response& res) {
            if (authorized(req, res))
                res.set_content(R"({"object":"list","data":[{"id":"deepseek-chat","object":"model","owned_by":"deepseek"},)"
                                R"({"id":"deepseek-reasoner","object":"model","owned_by":"deepseek"}]})",
                                "application/json");
        });
        server_.Get("/v1/user/balance", [authorized](const httplib::Request& req, httplib::Response& res) {
            if (authorized(req, res))
                res.set_content(R"({"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"110.00",)"
                                R"("granted_balance":"10.00","topped_up_balance":"100.00"}]})",
                                "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~LocalApi()
    {
        server_.stop();
        thread_.join();
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(port_); }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

} // namespace

class TestProviders : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        qputenv("QIUSUO_DATA_DIR", dir_->path().toLocal8Bit());
        keys_ = std::make_unique<ApiKeyStore>(
            std::make_unique<FileSecretStore>(dir_->filePath(QStringLiteral("secrets/keys.json"))), true, QString());
    }
    void cleanup() { keys_.reset(); }

    void listModelKeepsDeepSeekAndCustomServers()
    {
        QString id;
        {
            ProviderListModel providers;
            QAbstractItemModelTester tester(&providers, QAbstractItemModelTester::FailureReportingMode::QtTest);
            providers.setKeys(keys_.get());
            QCOMPARE(providers.count(), 1);
            QCOMPARE(providers.get(QStringLiteral("deepseek"), QStringLiteral("baseUrl")).toString(),
                     QStringLiteral("https://api.deepseek.com"));
            QVERIFY(!providers.remove(QStringLiteral("deepseek")));

            id = providers.addCustom(QStringLiteral("My vLLM"), QStringLiteral("http://127.0.0.1:8000/v1"));
            QCOMPARE(providers.count(), 2);
            QVERIFY(providers.update(id, QStringLiteral("Lab server"), QStringLiteral("http://127.0.0.1:9000/v1"),
                                     QStringLiteral("qwen"), false));
            QSignalSpy changed(&providers, &QAbstractItemModel::dataChanged);
            QVERIFY(keys_->setKey(id, QStringLiteral("secret")));
            QCOMPARE(changed.count(), 1);
            QVERIFY(providers.data(providers.index(1), ProviderListModel::HasKeyRole).toBool());
        }
        ProviderListModel restarted;
        restarted.setKeys(keys_.get());
        QCOMPARE(restarted.count(), 2);
        QCOMPARE(restarted.get(id, QStringLiteral("name")).toString(), QStringLiteral("Lab server"));
        QCOMPARE(restarted.get(id, QStringLiteral("model")).toString(), QStringLiteral("qwen"));
        const auto config = restarted.remoteConfig(id);
        QCOMPARE(config.baseUrl, std::string("http://127.0.0.1:9000/v1"));
        QCOMPARE(config.apiKey, std::string("secret"));
        QVERIFY(restarted.remove(id));
        QVERIFY(!keys_->hasKey(id)); // its key goes with it
        QCOMPARE(restarted.count(), 1);
    }

    void testConnectionListsTheServersModels()
    {
        LocalApi api;
        ProviderListModel providers;
        providers.setKeys(keys_.get());
        QVERIFY(providers.update(QStringLiteral("deepseek"), {}, api.url(), QStringLiteral("deepseek-chat"), false));
        QVERIFY(keys_->setKey(QStringLiteral("deepseek"), QString::fromStdString(kKey)));
        ProviderTester tester;
        tester.setProviders(&providers);
        QSignalSpy done(&tester, &ProviderTester::finished);
        QVERIFY(tester.testConnection(QStringLiteral("deepseek")));
        QVERIFY(tester.busy());
        QVERIFY(!tester.testConnection(QStringLiteral("deepseek"))); // one at a time
        QVERIFY(done.wait(10'000));
        QVERIFY2(tester.succeeded(), qPrintable(tester.resultText()));
        QCOMPARE(tester.resultText(), QStringLiteral("Connected to DeepSeek: 2 models available."));
        QCOMPARE(tester.models(), (QStringList{QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-reasoner")}));

        QVERIFY(tester.refreshBalance(QStringLiteral("deepseek")));
        QVERIFY(done.wait(10'000));
        QCOMPARE(tester.balanceText(), QStringLiteral("Balance: 110.00 CNY"));
    }

    void wrongKeyIsSaidInWordsWithoutTheKey()
    {
        LocalApi api;
        ProviderListModel providers;
        providers.setKeys(keys_.get());
        const QString id = providers.addCustom(QStringLiteral("Local"), api.url());
        QVERIFY(keys_->setKey(id, QStringLiteral("sk-wrong-key-987654")));
        ProviderTester tester;
        tester.setProviders(&providers);
        QSignalSpy done(&tester, &ProviderTester::finished);
        QVERIFY(tester.testConnection(id));
        QVERIFY(done.wait(10'000));
        QVERIFY(!tester.succeeded());
        QVERIFY2(tester.resultText().contains(QStringLiteral("key"), Qt::CaseInsensitive), qPrintable(tester.resultText()));
        QVERIFY(!tester.resultText().contains(QStringLiteral("sk-wrong-key-987654")));
        QVERIFY(tester.models().isEmpty());
    }

    void noServerIsSaidInWords()
    {
        int port = 0;
        {
            LocalApi gone; // take a port, then close it: nothing listens there
            port = QUrl(gone.url()).port();
        }
        ProviderListModel providers;
        providers.setKeys(keys_.get());
        const QString id = providers.addCustom(QString(), QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
        QCOMPARE(providers.get(id, QStringLiteral("name")).toString(), QStringLiteral("127.0.0.1"));
        ProviderTester tester;
        tester.setProviders(&providers);
        QSignalSpy done(&tester, &ProviderTester::finished);
        QVERIFY(tester.testConnection(id));
        QVERIFY(done.wait(20'000));
        QVERIFY(!tester.succeeded());
        QVERIFY2(tester.resultText().contains(QStringLiteral("127.0.0.1")), qPrintable(tester.resultText()));
    }

    void chosenProviderBecomesTheChatsBackend()
    {
        LocalApi api;
        ProviderListModel providers;
        providers.setKeys(keys_.get());
        QVERIFY(providers.update(QStringLiteral("deepseek"), {}, api.url(), QStringLiteral("deepseek-chat"), false));
        InferenceSession session;
        QSignalSpy chosen(&providers, &ProviderListModel::providerChosen);
        QVERIFY(!providers.useWith(&providers, QStringLiteral("deepseek"))); // not a session
        QVERIFY(providers.useWith(&session, QStringLiteral("deepseek")));
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(session.kind(), QStringLiteral("remote"));
        QVERIFY2(session.label().contains(QStringLiteral("deepseek-chat")), qPrintable(session.label()));
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), InferenceSession::State::Ready, 10'000);
        session.shutdown();
    }

    void plainHttpToAnotherMachineIsRefusedBeforeSending()
    {
        ProviderListModel providers;
        providers.setKeys(keys_.get());
        const QString id = providers.addCustom(QStringLiteral("Far"), QStringLiteral("http://192.0.2.1/v1"));
        ProviderTester tester;
        tester.setProviders(&providers);
        QSignalSpy done(&tester, &ProviderTester::finished);
        QVERIFY(tester.testConnection(id));
        QVERIFY(done.wait(10'000));
        QVERIFY(!tester.succeeded());
        QVERIFY2(tester.resultText().contains(QStringLiteral("http"), Qt::CaseInsensitive), qPrintable(tester.resultText()));
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ApiKeyStore> keys_;
};

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"
