// Starts the built `qiusuo` binary offscreen with a temporary profile and
// checks what a user would see first: a window with content (web transcript
// included), the problem prompt for a damaged or newer database (the file left
// untouched), --version, a translated --help and a refused bad --profile.
#include "app/desktop/desktopfilename.h"
#include "storage/database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

namespace {

const QString kQiusuo = QStringLiteral(QIUSUO_DESKTOP_BINARY);
constexpr int kLaunchTimeoutMs = 30'000;

struct Run {
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QString output; ///< stdout and stderr together
};

/// Runs qiusuo headless with `args`; its data, config and cache folders are
/// inside `home` so nothing touches the user's files.
Run runQiusuo(const QStringList& args, const QString& home, const QStringList& extraEnv = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QTWEBENGINE_CHROMIUM_FLAGS"), QStringLiteral("--no-sandbox"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    env.insert(QStringLiteral("QIUSUO_LANG"), QStringLiteral("en"));
    env.insert(QStringLiteral("QIUSUO_THEME"), QStringLiteral("light"));
    env.remove(QStringLiteral("QIUSUO_DATA_DIR"));
    for (const QString& entry : extraEnv) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        env.insert(entry.left(eq), entry.mid(eq + 1));
    }
    QDir(home).mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(home + QStringLiteral("/runtime"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(kQiusuo, args);
    Run run;
    run.finished = process.waitForFinished(kLaunchTimeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

QByteArray sha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

/// Variance of the grey levels: 0 for a blank (one-colour) image.
double greyVariance(const QImage& image)
{
    double sum = 0;
    double sumSquares = 0;
    const double n = double(image.width()) * image.height();
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const double grey = qGray(image.pixel(x, y));
            sum += grey;
            sumSquares += grey * grey;
        }
    }
    const double mean = sum / n;
    return sumSquares / n - mean * mean;
}

/// Pixels in `area` within a small distance of `colour`.
int pixelsNear(const QImage& image, const QRect& area, QColor colour, int tolerance)
{
    int count = 0;
    const QRect clipped = area.intersected(image.rect());
    for (int y = clipped.top(); y <= clipped.bottom(); ++y) {
        for (int x = clipped.left(); x <= clipped.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) <= tolerance && std::abs(c.green() - colour.green()) <= tolerance
                && std::abs(c.blue() - colour.blue()) <= tolerance)
                ++count;
        }
    }
    return count;
}

QString describe(const Run& run)
{
    return QStringLiteral("finished=%1 exit=%2 status=%3 output:\n%4")
        .arg(run.finished)
        .arg(run.exitCode)
        .arg(int(run.exitStatus))
        .arg(run.output);
}

} // namespace

class TestDesktopSmoke : public QObject {
    Q_OBJECT

private slots:
    void versionPrintsTheProjectVersion();
    void helpIsTranslatedToChinese();
    void profileThatIsAFileIsRefused();
    void firstFrameShowsSidebarAndTranscript();
    void damagedDatabaseIsNotOverwritten();
    void newerDatabaseIsRefusedUntouched();
    void desktopFileNameIsThePackagedEntry();
};

void TestDesktopSmoke::versionPrintsTheProjectVersion()
{
    QTemporaryDir home;
    const Run run = runQiusuo({QStringLiteral("--version")}, home.path());
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.output.contains(QStringLiteral(QIUSUO_VERSION)), qPrintable(run.output));
}

void TestDesktopSmoke::helpIsTranslatedToChinese()
{
    QTemporaryDir home;
    const Run run = runQiusuo({QStringLiteral("--help")}, home.path(), {QStringLiteral("QIUSUO_LANG=zh_CN")});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.output.contains(QStringLiteral("--profile")), qPrintable(run.output));
    QVERIFY2(run.output.contains(QRegularExpression(QStringLiteral("\\p{Han}"))), qPrintable(run.output));
}

void TestDesktopSmoke::profileThatIsAFileIsRefused()
{
    QTemporaryDir home;
    const QString file = home.filePath(QStringLiteral("not-a-folder"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    const Run run = runQiusuo({QStringLiteral("--profile"), file}, home.path());
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.output.contains(QStringLiteral("is a file")), qPrintable(run.output));
    QVERIFY2(run.output.contains(QStringLiteral("not-a-folder")), qPrintable(run.output));
}

void TestDesktopSmoke::firstFrameShowsSidebarAndTranscript()
{
    QTemporaryDir home;
    const QString profile = home.filePath(QStringLiteral("profile"));
    const QString shot = home.filePath(QStringLiteral("first-frame.png"));
    const Run run = runQiusuo({QStringLiteral("--profile"), profile}, home.path(),
                              {QStringLiteral("QIUSUO_SCREENSHOT=") + shot});
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 0, qPrintable(describe(run)));

    // --profile was honoured: the database is there, not in the default place.
    QVERIFY(QFile::exists(profile + QStringLiteral("/qiusuo.db")));
    QVERIFY(!QFile::exists(home.filePath(QStringLiteral("data/Qiusuo/qiusuo.db"))));

    QImage image(shot);
    QVERIFY2(!image.isNull(), qPrintable(describe(run)));
    QVERIFY(image.width() >= 640 && image.height() >= 420);
    const double variance = greyVariance(image);
    qInfo("grey variance %.1f", variance);
    QVERIFY2(variance > 30.0, qPrintable(QString::number(variance)));

    // The transcript page's empty state has an accent-coloured mark: finding
    // it right of the sidebar proves WebEngine rendered into the window.
    const QRect transcriptArea(300, 60, image.width() - 300, image.height() - 60);
    const int accentPixels = pixelsNear(image, transcriptArea, QColor(0x4d, 0x6b, 0xfe), 40);
    qInfo("accent pixels in the transcript %d", accentPixels);
    QVERIFY2(accentPixels > 30, qPrintable(QString::number(accentPixels)));
}

void TestDesktopSmoke::damagedDatabaseIsNotOverwritten()
{
    QTemporaryDir home;
    const QString profile = home.filePath(QStringLiteral("profile"));
    QVERIFY(QDir().mkpath(profile));
    const QString db = profile + QStringLiteral("/qiusuo.db");
    {
        QFile f(db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("this is not an SQLite database\n").repeated(200));
    }
    const QByteArray before = sha256(db);
    const QString shot = home.filePath(QStringLiteral("prompt.png"));
    const Run run = runQiusuo({QStringLiteral("--profile"), profile}, home.path(),
                              {QStringLiteral("QIUSUO_SCREENSHOT=") + shot});
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit, qPrintable(describe(run)));
    // Nobody answered the prompt, so the app quit without touching the file.
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(sha256(db), before);
    QCOMPARE(QDir(profile).entryList(QDir::Files), QStringList{QStringLiteral("qiusuo.db")});
    const QImage image(shot);
    QVERIFY2(!image.isNull(), qPrintable(describe(run)));
    QVERIFY(greyVariance(image) > 30.0);
}

void TestDesktopSmoke::newerDatabaseIsRefusedUntouched()
{
    QTemporaryDir home;
    const QString profile = home.filePath(QStringLiteral("profile"));
    QVERIFY(QDir().mkpath(profile));
    const QString db = profile + QStringLiteral("/qiusuo.db");
    {
        qiusuo::storage::OpenOptions options;
        options.migrate = false;
        auto database = qiusuo::storage::Database::open(db.toStdString(), options);
        database.exec("CREATE TABLE from_the_future (x INTEGER) STRICT; PRAGMA user_version = 9999;");
    }
    const QByteArray before = sha256(db);
    const QString shot = home.filePath(QStringLiteral("newer.png"));
    const Run run = runQiusuo({QStringLiteral("--profile"), profile}, home.path(),
                              {QStringLiteral("QIUSUO_SCREENSHOT=") + shot});
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.output.contains(QStringLiteral("newer")), qPrintable(run.output));
    QCOMPARE(sha256(db), before);
    QVERIFY(!QImage(shot).isNull());
}

void TestDesktopSmoke::desktopFileNameIsThePackagedEntry()
{
    // The window registers under the id the packages install its desktop
    // entry and AppStream metainfo with (packaging/<id>.desktop).
    const QString id = QString::fromLatin1(qiusuo::desktop::kDesktopFileName);
    const QString packaging = QStringLiteral(QIUSUO_SOURCE_DIR "/packaging/");
    QVERIFY2(QFile::exists(packaging + id + QStringLiteral(".desktop")), qPrintable(id));
    QFile metainfo(packaging + id + QStringLiteral(".metainfo.xml"));
    QVERIFY2(metainfo.open(QIODevice::ReadOnly), qPrintable(metainfo.fileName()));
    const QString xml = QString::fromUtf8(metainfo.readAll());
    QVERIFY(xml.contains(QStringLiteral("<id>%1</id>").arg(id)));
    QVERIFY(xml.contains(QStringLiteral("<launchable type=\"desktop-id\">%1.desktop</launchable>").arg(id)));
}

QTEST_GUILESS_MAIN(TestDesktopSmoke)
#include "tst_desktopsmoke.moc"
