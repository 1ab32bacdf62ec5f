// InferenceWorker and InferenceSession on a real LocalBackend (tiny models of
// ../shared/testdata) and a scripted one: load with progress, cancel and a
// clear error; streamed text equal to the backend's own; deltas batched;
// stop within a token; the GUI thread never waits.
#include "tests/ui/chat/chattestsupport.h"

#include "inference/localbackend.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/inferenceworker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace qiusuo;
using qiusuo::ui::InferenceSession;
using qiusuo::ui::InferenceWorker;

namespace {

GenerationParams greedy(int maxTokens)
{
    GenerationParams params;
    params.temperature = 0;
    params.seed = 7;
    params.maxTokens = maxTokens;
    return params;
}

std::vector<ChatMessage> hello()
{
    return {{ChatMessage::Role::User, "Hello world", {}}};
}

} // namespace

class TestInferenceWorker : public QObject {
    Q_OBJECT

private slots:
    void loadsWithProgressAndStreamsTheBackendsText();
    void refusesAMissingModelInPlainWords();
    void cancelsALoad();
    void stopsWithinAToken();
    void batchesDeltasAndKeepsTheGuiThreadFree();
    void generatingWithoutAModelIsAnError();
    void ignoresAnOldLoadsNews();
};

void TestInferenceWorker::loadsWithProgressAndStreamsTheBackendsText()
{
    const QString model = test::tinyModel();
    if (model.isEmpty())
        QSKIP("tiny-qwen2-Q8_0.gguf not found under the test data (set QIUSUO_TESTDATA)");

    // The reference: the same backend driven directly on this thread.
    LocalBackendOptions options;
    options.modelPath = model.toStdString();
    LocalBackend direct(options);
    QVERIFY(direct.load([](float) { return true; }));
    std::string expectedReasoning;
    std::string expectedContent;
    const std::atomic<bool> never{false};
    const GenerationResult expected = direct.generate(hello(), greedy(48), [&](const Delta& d) {
        expectedReasoning += d.reasoning;
        expectedContent += d.content;
    }, never);
    QCOMPARE(int(expected.status), int(GenerationResult::Status::Complete));

    InferenceSession session;
    QSignalSpy progress(&session, &InferenceSession::loadProgressChanged);
    QSignalSpy state(&session, &InferenceSession::stateChanged);
    session.setLocalModel(model);
    QCOMPARE(session.state(), InferenceSession::State::Loading);
    QCOMPARE(session.label(), QStringLiteral("tiny-qwen2-Q8_0.gguf"));
    QCOMPARE(session.kind(), QStringLiteral("local"));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), InferenceSession::State::Ready, 30000);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(session.loadProgress(), 1.0);
    QVERIFY(!session.displayName().isEmpty());

    QString reasoning;
    QString content;
    connect(&session, &InferenceSession::deltas, this, [&](const QString& r, const QString& c) {
        reasoning += r;
        content += c;
    });
    QSignalSpy finished(&session, &InferenceSession::finished);
    QVERIFY(session.generate(hello(), greedy(48)));
    QVERIFY(session.generating());
    QVERIFY(!session.generate(hello(), greedy(48))); // one at a time
    QVERIFY(finished.wait(30000));
    QVERIFY(!session.generating());
    const auto result = finished.at(0).at(0).value<GenerationResult>();
    QCOMPARE(int(result.status), int(GenerationResult::Status::Complete));
    QCOMPARE(result.stats.completionTokens, expected.stats.completionTokens);
    QCOMPARE(reasoning.toStdString(), expectedReasoning);
    QCOMPARE(content.toStdString(), expectedContent);
    QVERIFY(!(reasoning + content).isEmpty());
}

void TestInferenceWorker::refusesAMissingModelInPlainWords()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no-such-model.gguf"));
    InferenceSession session;
    session.setLocalModel(missing);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), InferenceSession::State::Failed, 10000);
    QVERIFY2(session.errorText().contains(QStringLiteral("no-such-model.gguf")), qPrintable(session.errorText()));
}

void TestInferenceWorker::cancelsALoad()
{
    // The scripted backend reports progress twice; cancel before it starts.
    InferenceWorker worker;
    QSignalSpy failed(&worker, &InferenceWorker::loadFailed);
    QSignalSpy loaded(&worker, &InferenceWorker::loaded);
    worker.armLoad();
    worker.requestCancelLoad();
    worker.load(1, std::make_shared<test::ScriptedBackend>(4, std::chrono::milliseconds(1)));
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(2).toBool(), true);

    // The session reports a cancelled load as failed, naming the model.
    InferenceSession session;
    session.setBackend(std::make_shared<test::ScriptedBackend>(4, std::chrono::milliseconds(1)), QStringLiteral("scripted"),
                       QStringLiteral("remote"));
    session.cancelLoad();
    QTRY_VERIFY(session.state() != InferenceSession::State::Loading);
    if (session.state() == InferenceSession::State::Failed)
        QVERIFY(session.errorText().contains(QStringLiteral("scripted")));
    else
        QCOMPARE(session.state(), InferenceSession::State::Ready); // the load won the race
}

void TestInferenceWorker::stopsWithinAToken()
{
    InferenceSession session;
    session.setBackend(std::make_shared<test::ScriptedBackend>(1000, std::chrono::milliseconds(5)), QStringLiteral("scripted"),
                       QStringLiteral("remote"));
    QTRY_COMPARE(session.state(), InferenceSession::State::Ready);
    QSignalSpy deltas(&session, &InferenceSession::deltas);
    QSignalSpy finished(&session, &InferenceSession::finished);
    QVERIFY(session.generate(hello(), greedy(-1)));
    QVERIFY(deltas.wait(5000));
    QElapsedTimer sinceStop;
    sinceStop.start();
    session.stop();
    QVERIFY(finished.wait(5000));
    // One token is 5 ms here; allow for a loaded machine, far below 1000 × 5 ms.
    QVERIFY2(sinceStop.elapsed() < 1000, qPrintable(QString::number(sinceStop.elapsed())));
    QCOMPARE(int(finished.at(0).at(0).value<GenerationResult>().status), int(GenerationResult::Status::Stopped));
}

void TestInferenceWorker::batchesDeltasAndKeepsTheGuiThreadFree()
{
    // 120 tokens 2 ms apart: per-token signals would be 120; batched at
    // ~16 ms there are about 240 / 16 = 15 (more on a loaded machine).
    InferenceSession session;
    session.setBackend(std::make_shared<test::ScriptedBackend>(120, std::chrono::milliseconds(2)), QStringLiteral("scripted"),
                       QStringLiteral("remote"));
    QTRY_COMPARE(session.state(), InferenceSession::State::Ready);
    QString text;
    int emissions = 0;
    connect(&session, &InferenceSession::deltas, this, [&](const QString& r, const QString& c) {
        text += r + c;
        ++emissions;
    });
    // A 5 ms timer on this (the GUI) thread: its longest gap shows whether
    // anything blocked the thread while the worker generated.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 longestGap = 0;
    QTimer ticker;
    ticker.setInterval(5);
    connect(&ticker, &QTimer::timeout, this, [&] {
        longestGap = std::max(longestGap, clock.elapsed() - last);
        last = clock.elapsed();
    });
    ticker.start();
    QSignalSpy finished(&session, &InferenceSession::finished);
    QVERIFY(session.generate(hello(), greedy(-1)));
    QVERIFY(finished.wait(10000));
    ticker.stop();
    QCOMPARE(text.count(QLatin1Char(' ')), 120);
    QVERIFY2(emissions < 60, qPrintable(QString::number(emissions)));
    QVERIFY2(emissions >= 2, qPrintable(QString::number(emissions)));
    QVERIFY2(longestGap < 150, qPrintable(QString::number(longestGap)));
}

void TestInferenceWorker::generatingWithoutAModelIsAnError()
{
    InferenceWorker worker;
    QSignalSpy finished(&worker, &InferenceWorker::generationFinished);
    worker.generate(3, hello(), greedy(4));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toULongLong(), 3ull);
    const auto result = finished.at(0).at(1).value<GenerationResult>();
    QCOMPARE(int(result.status), int(GenerationResult::Status::Error));
    QVERIFY(!result.error.empty());

    InferenceSession session;
    QVERIFY(!session.generate(hello(), greedy(4))); // NoModel: refused at once
}

void TestInferenceWorker::ignoresAnOldLoadsNews()
{
    // A slow load replaced by a quick one: only the second one counts.
    InferenceSession session;
    session.setBackend(std::make_shared<test::ScriptedBackend>(4, std::chrono::milliseconds(1)), QStringLiteral("first"),
                       QStringLiteral("remote"));
    session.setBackend(std::make_shared<test::ScriptedBackend>(4, std::chrono::milliseconds(1)), QStringLiteral("second"),
                       QStringLiteral("remote"));
    QTRY_COMPARE(session.state(), InferenceSession::State::Ready);
    QCOMPARE(session.label(), QStringLiteral("second"));
    QTest::qWait(50);
    QCOMPARE(session.state(), InferenceSession::State::Ready);
    // A null backend unloads.
    session.setBackend(nullptr, QString(), QString());
    QCOMPARE(session.state(), InferenceSession::State::NoModel);
    QCOMPARE(session.label(), QString());
}

QTEST_GUILESS_MAIN(TestInferenceWorker)
#include "tst_inferenceworker.moc"
