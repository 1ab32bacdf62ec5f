// Downloads against a local HTTP server on 127.0.0.1 serving the tiny
// reference model: a whole download verified by the user's SHA-256, one cut
// by the server and resumed with a Range request (verified by the server's
// X-Linked-Etag), pause and resume, a wrong digest, a 404, bad input; the
// .part file is never listed by the model library.
#include "tests/inference/remote/faultserver.h"
#include "ui/settings/downloadmanager.h"
#include "ui/settings/modellibrarymodel.h"

#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <mutex>

using qiusuo::remote::test::Connection;
using qiusuo::remote::test::FaultServer;
using qiusuo::remote::test::RecordedRequest;
using qiusuo::ui::DownloadManager;
using qiusuo::ui::ModelLibraryModel;

namespace {

/// Serves `body` at any path but /missing.gguf, honouring `Range: bytes=N-`.
/// The first request is cut after `cutAt` bytes when set; with `slow` the
/// body goes out in 16 KiB pieces 20 ms apart.
struct ModelServer {
    std::string body;
    std::string sha;
    std::atomic<std::size_t> cutAt{0};
    std::atomic<bool> slow{false};
    std::atomic<int> served{0};

    FaultServer server{[this](Connection& c, const RecordedRequest& req) { serve(c, req); }};

    void serve(Connection& c, const RecordedRequest& req)
    {
        const int n = served++;
        if (req.target == "/missing.gguf") {
            c.send(FaultServer::response(404, "Not Found", "text/plain"));
            return;
        }
        std::size_t start = 0;
        const auto range = req.headers.find("range");
        if (range != req.headers.end())
            start = std::stoull(range->second.substr(range->second.find('=') + 1));
        std::string head = start > 0 ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(start)
                                           + "-" + std::to_string(body.size() - 1) + "/"
                                           + std::to_string(body.size()) + "\r\n"
                                     : "HTTP/1.1 200 OK\r\n";
        head += "Content-Type: application/octet-stream\r\nContent-Length: " + std::to_string(body.size() - start)
                + "\r\nX-Linked-Etag: \"" + sha + "\"\r\nConnection: close\r\n\r\n";
        if (!c.send(head))
            return;
        const std::size_t stop = (n == 0 && cutAt > 0) ? cutAt.load() : body.size();
        for (std::size_t at = start; at < stop;) {
            const std::size_t piece = std::min<std::size_t>(16384, stop - at);
            if (!c.send(std::string_view(body).substr(at, piece)))
                return;
            at += piece;
            if (slow && !c.pause(std::chrono::milliseconds(20)))
                return;
        }
    }
    QUrl url(const char* path) const { return QUrl(QString::fromStdString(server.url(path))); }
};

QString fileSha(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

bool waitForState(DownloadManager& downloads, int row, const QString& state, int ms = 20'000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        if (downloads.data(downloads.index(row), DownloadManager::StateRole).toString() == state)
            return true;
        QTest::qWait(10);
    }
    return false;
}

QString stateOf(const DownloadManager& downloads, int row)
{
    return downloads.data(downloads.index(row), DownloadManager::StateRole).toString();
}
QString textOf(const DownloadManager& downloads, int row)
{
    return downloads.data(downloads.index(row), DownloadManager::StatusTextRole).toString();
}

} // namespace

class TestDownloadManager : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        qputenv("QIUSUO_DATA_DIR", dir_->path().toLocal8Bit());
        const QByteArray root = qgetenv("QIUSUO_TESTDATA");
        source_ = QString::fromLocal8Bit(root) + QStringLiteral("/models/tiny-qwen2-Q8_0.gguf");
        if (root.isEmpty() || !QFile::exists(source_))
            QSKIP("../shared/testdata/models/tiny-qwen2-Q8_0.gguf is not here (set QIUSUO_TESTDATA)");
        QFile file(source_);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        server_ = std::make_unique<ModelServer>();
        server_->body.assign(bytes.constData(), size_t(bytes.size()));
        server_->sha = fileSha(source_).toStdString();
    }
    void cleanup() { server_.reset(); }

    void wholeDownloadVerifiedByTheUsersDigest()
    {
        DownloadManager downloads;
        QAbstractItemModelTester tester(&downloads, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy downloaded(&downloads, &DownloadManager::modelDownloaded);
        const int row = downloads.start(server_->url("/tiny.gguf"), fileSha(source_).toUpper());
        QVERIFY2(row == 0, qPrintable(downloads.lastError()));
        QVERIFY2(waitForState(downloads, row, QStringLiteral("done")), qPrintable(textOf(downloads, row)));
        const QString path = dir_->filePath(QStringLiteral("models/tiny.gguf"));
        QCOMPARE(downloaded.count(), 1);
        QCOMPARE(downloaded.at(0).at(0).toString(), path);
        QCOMPARE(fileSha(path), fileSha(source_));
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
        QVERIFY2(textOf(downloads, row).contains(QStringLiteral("verified")), qPrintable(textOf(downloads, row)));
        QCOMPARE(downloads.data(downloads.index(row), DownloadManager::ProgressRole).toDouble(), 1.0);
    }

    void droppedConnectionIsResumedWithARange()
    {
        server_->cutAt = server_->body.size() / 3;
        DownloadManager downloads;
        QAbstractItemModelTester tester(&downloads, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int row = downloads.start(server_->url("/cut.gguf"));
        QVERIFY(waitForState(downloads, row, QStringLiteral("interrupted")));
        const QString part = dir_->filePath(QStringLiteral("models/cut.gguf.part"));
        QCOMPARE(QFileInfo(part).size(), qint64(server_->cutAt));
        QVERIFY2(textOf(downloads, row).contains(QStringLiteral("Resume")), qPrintable(textOf(downloads, row)));

        // The partial file is not a model.
        ModelLibraryModel library;
        QSignalSpy scanned(&library, &ModelLibraryModel::scanFinished);
        library.rescan();
        QVERIFY(scanned.wait(10'000));
        QCOMPARE(library.count(), 0);

        downloads.resume(row);
        QVERIFY2(waitForState(downloads, row, QStringLiteral("done")), qPrintable(textOf(downloads, row)));
        const auto requests = server_->server.requests();
        // (Qt may open a spare connection for the first GET; only the resume asks for a range.)
        const auto ranged = std::count_if(requests.begin(), requests.end(),
                                          [](const RecordedRequest& r) { return r.headers.count("range") > 0; });
        QCOMPARE(ranged, 1);
        QCOMPARE(requests.back().headers.at("range"), "bytes=" + std::to_string(server_->cutAt.load()) + "-");
        const QString path = dir_->filePath(QStringLiteral("models/cut.gguf"));
        QCOMPARE(fileSha(path), fileSha(source_)); // verified against X-Linked-Etag too
        QVERIFY2(textOf(downloads, row).contains(QStringLiteral("verified")), qPrintable(textOf(downloads, row)));

        library.rescan();
        QVERIFY(scanned.wait(10'000));
        QCOMPARE(library.count(), 1);
    }

    void pauseAndResume()
    {
        server_->slow = true;
        DownloadManager downloads;
        const int row = downloads.start(server_->url("/slow.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(downloads.data(downloads.index(row), DownloadManager::ReceivedRole).toLongLong() > 0,
                                 10'000);
        downloads.pause(row);
        QVERIFY(waitForState(downloads, row, QStringLiteral("paused")));
        QTest::qWait(100);
        const qint64 kept = QFileInfo(dir_->filePath(QStringLiteral("models/slow.gguf.part"))).size();
        QVERIFY(kept > 0 && kept < qint64(server_->body.size()));
        QCOMPARE(stateOf(downloads, row), QStringLiteral("paused"));
        server_->slow = false;
        downloads.resume(row);
        QVERIFY2(waitForState(downloads, row, QStringLiteral("done")), qPrintable(textOf(downloads, row)));
        QCOMPARE(fileSha(dir_->filePath(QStringLiteral("models/slow.gguf"))), fileSha(source_));
    }

    void wrongDigestFailsAndDeletesTheBytes()
    {
        DownloadManager downloads;
        const int row = downloads.start(server_->url("/bad.gguf"), QString(64, QLatin1Char('0')));
        QVERIFY(waitForState(downloads, row, QStringLiteral("failed")));
        QVERIFY2(textOf(downloads, row).contains(QStringLiteral("damaged")), qPrintable(textOf(downloads, row)));
        QVERIFY(!QFile::exists(dir_->filePath(QStringLiteral("models/bad.gguf"))));
        QVERIFY(!QFile::exists(dir_->filePath(QStringLiteral("models/bad.gguf.part"))));
    }

    void notFoundAndBadInputAreSaidInWords()
    {
        DownloadManager downloads;
        const int row = downloads.start(server_->url("/missing.gguf"));
        QVERIFY(waitForState(downloads, row, QStringLiteral("failed")));
        QVERIFY2(textOf(downloads, row).contains(QStringLiteral("404")), qPrintable(textOf(downloads, row)));

        QCOMPARE(downloads.start(QUrl(QStringLiteral("ftp://example.invalid/a.gguf"))), -1);
        QVERIFY(downloads.lastError().contains(QStringLiteral("https://")));
        QCOMPARE(downloads.start(server_->url("/page.html")), -1);
        QVERIFY(downloads.lastError().contains(QStringLiteral(".gguf")));
        QCOMPARE(downloads.start(server_->url("/x.gguf"), QStringLiteral("abc")), -1);
        QVERIFY(downloads.lastError().contains(QStringLiteral("SHA-256")));
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    QString source_;
    std::unique_ptr<ModelServer> server_;
};

QTEST_GUILESS_MAIN(TestDownloadManager)
#include "tst_downloadmanager.moc"
