// API keys: the 0600 file fallback (permissions from the first byte, loosened
// ones tightened, replace/forget, a damaged file), the choice between the
// system keychain and the file with its notice, and the key absent from every
// other file of the profile (settings, database) and from the log.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/settings/apikeystore.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/filesecretstore.h"
#include "ui/settings/keychainsecretstore.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <sys/stat.h>

using namespace qiusuo::ui;

namespace {

/// A keychain that keeps secrets in memory: what the system keychain does,
/// without a D-Bus secret service.
class FakeKeychain : public SecretStore {
public:
    bool write(const QString& name, const QString& secret, QString*) override
    {
        secrets[name] = secret;
        return true;
    }
    std::optional<QString> read(const QString& name, QString*) override
    {
        const auto it = secrets.find(name);
        if (it == secrets.end())
            return std::nullopt;
        return it->second;
    }
    bool remove(const QString& name, QString*) override
    {
        secrets.erase(name);
        return true;
    }
    std::map<QString, QString> secrets;
};

mode_t modeOf(const QString& path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

QStringList filesContaining(const QString& dir, const QByteArray& needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits << QDir(dir).relativeFilePath(path);
    }
    return hits;
}

QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_log << message;
}

const QString kKey = QStringLiteral("sk-test-4f9c2e7a1b6d8e3f0a5c7b9d2e4f6a8c");

} // namespace

class TestApiKeyStore : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        qputenv("QIUSUO_DATA_DIR", dir_->path().toLocal8Bit());
    }

    void fallbackFileIsOwnerOnly()
    {
        const QString path = dir_->filePath(QStringLiteral("secrets/api-keys.json"));
        FileSecretStore store(path);
        QString error;
        QVERIFY2(store.write(QStringLiteral("deepseek"), kKey, &error), qPrintable(error));
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(modeOf(dir_->filePath(QStringLiteral("secrets"))), mode_t(0700));
        QCOMPARE(store.read(QStringLiteral("deepseek")).value_or(QString()), kKey);
        // Rewrites keep the mode (the file is replaced, not edited).
        QVERIFY(store.write(QStringLiteral("custom-1"), QStringLiteral("other")));
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(store.read(QStringLiteral("deepseek")).value_or(QString()), kKey);
    }

    void loosenedPermissionsAreTightened()
    {
        const QString path = dir_->filePath(QStringLiteral("secrets/api-keys.json"));
        FileSecretStore store(path);
        QVERIFY(store.write(QStringLiteral("deepseek"), kKey));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QCOMPARE(store.read(QStringLiteral("deepseek")).value_or(QString()), kKey);
        QCOMPARE(modeOf(path), mode_t(0600));
    }

    void forgetAndDamagedFile()
    {
        const QString path = dir_->filePath(QStringLiteral("secrets/api-keys.json"));
        FileSecretStore store(path);
        QVERIFY(store.write(QStringLiteral("deepseek"), kKey));
        QVERIFY(store.remove(QStringLiteral("deepseek")));
        QVERIFY(!store.read(QStringLiteral("deepseek")).has_value());
        QVERIFY(store.remove(QStringLiteral("never-saved")));

        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ not json");
        file.close();
        QString error;
        QVERIFY(!store.read(QStringLiteral("deepseek"), &error).has_value());
        QVERIFY2(error.contains(QStringLiteral("damaged")) && error.contains(QStringLiteral("api-keys.json")),
                 qPrintable(error));
        // Saving again replaces the damaged file.
        QVERIFY(store.write(QStringLiteral("deepseek"), kKey));
        QCOMPARE(store.read(QStringLiteral("deepseek")).value_or(QString()), kKey);
    }

    void withoutAKeychainTheFileIsUsedWithANotice()
    {
        qputenv("QIUSUO_KEYCHAIN", "file");
        ApiKeyStore keys;
        qunsetenv("QIUSUO_KEYCHAIN");
        QVERIFY(keys.usingFallback());
        QVERIFY2(keys.notice().contains(QDir::toNativeSeparators(ApiKeyStore::defaultFallbackPath())),
                 qPrintable(keys.notice()));
        QVERIFY(keys.setKey(QStringLiteral("deepseek"), QStringLiteral("  ") + kKey + QStringLiteral("\n")));
        QCOMPARE(keys.key(QStringLiteral("deepseek")), kKey); // trimmed
        QVERIFY(keys.hasKey(QStringLiteral("deepseek")));
        QVERIFY(keys.setKey(QStringLiteral("deepseek"), QString())); // empty forgets
        QVERIFY(!keys.hasKey(QStringLiteral("deepseek")));
    }

    void systemKeychainProbeAnswersQuickly()
    {
        // Without a D-Bus secret service (CI) QtKeychain fails at once; with
        // one, the probe reads an entry that does not exist. Either way the
        // app must not hang at startup, and the choice must match the probe.
        QElapsedTimer timer;
        timer.start();
        KeychainSecretStore keychain;
        const bool available = keychain.available();
        QVERIFY2(timer.elapsed() < 30'000, "the keychain probe took more than 30 s");
        ApiKeyStore keys;
        QCOMPARE(keys.usingFallback(), !available);
        QCOMPARE(keys.notice().isEmpty(), available);
    }

    void keyIsNowhereElseInTheProfile()
    {
        g_log.clear();
        const auto previous = qInstallMessageHandler(captureLog);
        {
            // Everything else that writes to the profile, in use at the same time.
            qiusuo::storage::Database db = qiusuo::storage::Database::open(
                dir_->filePath(QStringLiteral("qiusuo.db")).toStdString());
            qiusuo::storage::ConversationStore store(db);
            store.createConversation("a chat");
            AppSettings settings;
            settings.setTemperature(0.7);

            auto fake = std::make_unique<FakeKeychain>();
            FakeKeychain* keychain = fake.get();
            ApiKeyStore keys(std::move(fake), false, {});
            QVERIFY(keys.setKey(QStringLiteral("deepseek"), kKey));
            QCOMPARE(keychain->secrets[QStringLiteral("deepseek")], kKey);
            QCOMPARE(keys.key(QStringLiteral("deepseek")), kKey);
        }
        qInstallMessageHandler(previous);
        const QStringList hits = filesContaining(dir_->path(), kKey.toUtf8());
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(' '))));
        QVERIFY(!g_log.join(QLatin1Char('\n')).contains(kKey));

        // With the file fallback, the one file holding it is the 0600 key file.
        ApiKeyStore fileKeys(std::make_unique<FileSecretStore>(ApiKeyStore::defaultFallbackPath()), true,
                             ApiKeyStore::defaultFallbackPath());
        QVERIFY(fileKeys.setKey(QStringLiteral("deepseek"), kKey));
        QCOMPARE(filesContaining(dir_->path(), kKey.toUtf8()), QStringList{QStringLiteral("secrets/api-keys.json")});
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
};

QTEST_GUILESS_MAIN(TestApiKeyStore)
#include "tst_apikeystore.moc"
