// The built `qiusuo`, offscreen, with a temporary profile and a tiny model
// (--model): a message typed into the composer and sent through its send
// path (QIUSUO_TEST_MESSAGE), the streamed answer waited for, then checked
// in SQLite with its reasoning apart from the answer, and the window's
// screenshot (grabWindow, QIUSUO_SCREENSHOT) checked not blank.
#include "tests/ui/chat/chattestsupport.h"

#include "storage/conversationstore.h"
#include "storage/database.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kQiusuo = QStringLiteral(QIUSUO_DESKTOP_BINARY);

struct Run {
    bool finished = false;
    int exitCode = -1;
    QString output;
};

Run runQiusuo(const QStringList& args, const QString& home, const QStringList& extraEnv)
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
    QFile::setPermissions(home + QStringLiteral("/runtime"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(kQiusuo, args);
    Run run;
    run.finished = process.waitForFinished(90'000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAll());
    return run;
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

} // namespace

class TestChatEndToEnd : public QObject {
    Q_OBJECT

private slots:
    void sendsThroughTheComposerAndSavesTheAnswer();
    void refusesAMissingModelFile();
};

void TestChatEndToEnd::sendsThroughTheComposerAndSavesTheAnswer()
{
    const QString model = qiusuo::test::tinyModel();
    if (model.isEmpty())
        QSKIP("tiny-qwen2-Q8_0.gguf not found under the test data (set QIUSUO_TESTDATA)");
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString profile = home.filePath(QStringLiteral("profile"));
    const QString shot = home.filePath(QStringLiteral("chat.png"));
    const Run run = runQiusuo({QStringLiteral("--profile"), profile, QStringLiteral("--model"), model}, home.path(),
                              {QStringLiteral("QIUSUO_SCREENSHOT=") + shot,
                               QStringLiteral("QIUSUO_TEST_MESSAGE=Hello world, 你好"),
                               QStringLiteral("QIUSUO_MAX_TOKENS=48"), QStringLiteral("QIUSUO_SEED=1")});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.output));

    auto db = qiusuo::storage::Database::open((profile + QStringLiteral("/qiusuo.db")).toStdString());
    qiusuo::storage::ConversationStore store(db);
    const auto conversations = store.listConversations();
    QCOMPARE(conversations.size(), size_t(1));
    QCOMPARE(QString::fromStdString(conversations[0].title), QStringLiteral("Hello world, 你好"));
    QCOMPARE(conversations[0].model, std::string("tiny-qwen2-Q8_0.gguf"));
    const auto path = store.activePath(conversations[0].id);
    QCOMPARE(path.size(), size_t(2));
    QCOMPARE(QString::fromStdString(path[0].content), QStringLiteral("Hello world, 你好"));
    const auto& answer = path[1];
    QCOMPARE(qiusuo::test::name(answer.role), qiusuo::test::name(qiusuo::storage::MessageRole::Assistant));
    QCOMPARE(qiusuo::test::name(answer.status), qiusuo::test::name(qiusuo::storage::MessageStatus::Complete));
    QCOMPARE(answer.stats.completionTokens.value_or(0), 48);
    // Deep thinking is on by default: the R1 template starts the answer in
    // the reasoning, which is stored apart; no tag is left in either part.
    QVERIFY(!answer.reasoning.empty());
    QVERIFY(answer.reasoning.find("</think>") == std::string::npos);
    QVERIFY(answer.content.find("</think>") == std::string::npos);

    QImage image(shot);
    QVERIFY2(!image.isNull(), qPrintable(run.output));
    QVERIFY(image.width() >= 640 && image.height() >= 420);
    QVERIFY2(greyVariance(image) > 100, qPrintable(QString::number(greyVariance(image))));
}

void TestChatEndToEnd::refusesAMissingModelFile()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString missing = home.filePath(QStringLiteral("missing.gguf"));
    const Run run = runQiusuo({QStringLiteral("--model"), missing}, home.path(), {});
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.output.contains(QStringLiteral("missing.gguf")) && run.output.contains(QStringLiteral("does not exist")),
             qPrintable(run.output));
    const Run folder = runQiusuo({QStringLiteral("--model"), home.path()}, home.path(), {});
    QCOMPARE(folder.exitCode, 2);
    QVERIFY2(folder.output.contains(QStringLiteral("folder")), qPrintable(folder.output));
}

QTEST_GUILESS_MAIN(TestChatEndToEnd)
#include "tst_chatendtoend.moc"
