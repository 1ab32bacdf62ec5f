// InferenceWorker and InferenceSession on a real LocalBackend (tiny models of
// ../shared/testdata) and a scripted one: load with progress, cancel and a
// clear error; streamed text equal to the backend's own; deltas batched, and
// the last of a burst sent within an interval even when no token follows;
// stop within a token; the GUI thread never waits.
#include "tests/ui/chat/chattestsupport.h"

#include "inference/localbackend.h"
#include "ui/chat/deltabatcher.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/inferenceworker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <mutex>
#include <thread>

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

/// Three deltas: "a", then "b" 1 ms later, then silence until the test saw
/// "b" arrive (or 3 s passed), then "c": a remote server's burst and pause.
class BurstBackend : public Backend {
public:
    std::string displayName() const override { return "Burst"; }
    bool load(const ProgressCallback&) override { return true; }
    GenerationResult generate(const std::vector<ChatMessage>&, const GenerationParams&, const DeltaCallback& onDelta,
                              const std::atomic<bool>&) override
    {
        onDelta(Delta{"", "a"});
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        onDelta(Delta{"", "b"});
        const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (!resume.load() && std::chrono::steady_clock::now() < giveUp)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        onDelta(Delta{"", "c"});
        return {};
    }

    std::atomic<bool> resume{false};
};

} // namespace

class TestInferenceWorker : public QObject {
    Q_OBJECT

private slots:
    void loadsWithProgressAndStreamsTheBackendsText();
    void refusesAMissingModelInPlainWords();
    void cancelsALoad();
    void stopsWithinAToken();
    void batchesDeltasAndKeepsTheGuiThreadFree();
    void batcherSendsPendingTextWithinAnInterval();
    void theLastDeltaOfABurstArrivesWithoutTheNextToken();
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

void TestInferenceWorker::batcherSendsPendingTextWithinAnInterval()
{
    using namespace std::chrono;
    std::mutex mutex;
    std::vector<std::pair<std::string, steady_clock::time_point>> sent;
    ui::DeltaBatcher batcher(milliseconds(40), [&](const std::string& reasoning, const std::string& content) {
        const std::lock_guard lock(mutex);
        sent.emplace_back(reasoning + "|" + content, steady_clock::now());
    });
    const auto count = [&] {
        const std::lock_guard lock(mutex);
        return sent.size();
    };
    batcher.add("r", "");
    QCOMPARE(count(), size_t(1)); // the first text at once
    const auto added = steady_clock::now();
    batcher.add("", "x");
    batcher.add("", "y");
    QCOMPARE(count(), size_t(1)); // within the interval: held back
    // Nothing more is added: the timer sends "xy" when the interval ends.
    QTRY_COMPARE_WITH_TIMEOUT(count(), size_t(2), 2000);
    const std::lock_guard lock(mutex);
    QCOMPARE(sent[0].first, std::string("r|"));
    QCOMPARE(sent[1].first, std::string("|xy"));
    const auto late = duration_cast<milliseconds>(sent[1].second - added).count();
    // Not before the interval ended (40 ms after the first batch)...
    QVERIFY2(sent[1].second - sent[0].second >= milliseconds(40), qPrintable(QString::number(late)));
    // ...and not much later (a loaded machine may wake the timer late).
    QVERIFY2(late < 1000, qPrintable(QString::number(late)));
}

void TestInferenceWorker::theLastDeltaOfABurstArrivesWithoutTheNextToken()
{
    auto backend = std::make_shared<BurstBackend>();
    InferenceSession session;
    session.setBackend(backend, QStringLiteral("burst"), QStringLiteral("remote"));
    QTRY_COMPARE(session.state(), InferenceSession::State::Ready);
    QStringList received;
    QElapsedTimer clock;
    qint64 burstSeenAt = -1;
    connect(&session, &InferenceSession::deltas, this, [&](const QString& r, const QString& c) {
        received.append(r + c);
        if ((r + c).endsWith(QLatin1Char('b'))) {
            burstSeenAt = clock.elapsed();
            backend->resume.store(true);
        }
    });
    QSignalSpy finished(&session, &InferenceSession::finished);
    clock.start();
    QVERIFY(session.generate(hello(), greedy(-1)));
    QVERIFY(finished.wait(10000));
    // "b" came in its own batch while the backend was silent: it did not
    // wait for "c" (the backend waits up to 3 s for the test to see it).
    QCOMPARE(received.join(QLatin1Char('/')), QStringLiteral("a/b/c"));
    QVERIFY2(burstSeenAt >= 0 && burstSeenAt < 2000, qPrintable(QString::number(burstSeenAt)));
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

    // unload() (the model library's Unload) lets the loaded model go.
    auto third = std::make_shared<test::ScriptedBackend>(4, std::chrono::milliseconds(1));
    const std::weak_ptr<test::ScriptedBackend> watch = third;
    session.setBackend(std::move(third), QStringLiteral("third"), QStringLiteral("local"));
    QTRY_COMPARE(session.state(), InferenceSession::State::Ready);
    session.unload();
    QCOMPARE(session.state(), InferenceSession::State::NoModel);
    QCOMPARE(session.kind(), QString());
    QTRY_VERIFY(watch.expired());
}

QTEST_GUILESS_MAIN(TestInferenceWorker)
#include "tst_inferenceworker.moc"
