#include "ui/settings/keychainsecretstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace qiusuo::ui {

namespace {

/// Runs a QtKeychain job to its end. The job is asynchronous; the nested loop
/// lasts as long as the keychain takes to answer (milliseconds, or an unlock
/// prompt the user answers).
void runJob(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false); // never QtKeychain's plain-text QSettings fallback
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}

QString describe(const QKeychain::Job& job)
{
    return QCoreApplication::translate("KeychainSecretStore", "The system keychain refused: %1")
        .arg(job.errorString());
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service) : service_(std::move(service)) {}

bool KeychainSecretStore::available()
{
    QKeychain::ReadPasswordJob job(service_);
    job.setKey(QStringLiteral("qiusuo-keychain-probe"));
    runJob(job);
    return job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound;
}

bool KeychainSecretStore::write(const QString& name, const QString& secret, QString* error)
{
    QKeychain::WritePasswordJob job(service_);
    job.setKey(name);
    job.setTextData(secret);
    runJob(job);
    if (job.error() == QKeychain::NoError)
        return true;
    if (error)
        *error = describe(job);
    return false;
}

std::optional<QString> KeychainSecretStore::read(const QString& name, QString* error)
{
    QKeychain::ReadPasswordJob job(service_);
    job.setKey(name);
    runJob(job);
    if (job.error() == QKeychain::NoError)
        return job.textData();
    if (job.error() != QKeychain::EntryNotFound && error)
        *error = describe(job);
    return std::nullopt;
}

bool KeychainSecretStore::remove(const QString& name, QString* error)
{
    QKeychain::DeletePasswordJob job(service_);
    job.setKey(name);
    runJob(job);
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return true;
    if (error)
        *error = describe(job);
    return false;
}

} // namespace qiusuo::ui
