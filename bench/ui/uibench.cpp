// bench_ui: prints the chat window's figures (targets from issue 5, on the
// 2-core development machine):
//  1. launch → first complete frame of the built `qiusuo` (transcript page
//     painted), offscreen, median of N runs (target < 1.5 s);
//  2. opening a 2,000-message conversation (mixed math, code, Chinese): the
//     store read, Markdown → HTML of every message and the post to the
//     page, in the real window (target < 300 ms);
//  3. the GUI thread's busy fraction (its CPU time / wall time) while an
//     answer streams at 100 tokens/s into the real window (target < 25%).
// Usage: bench_ui [--runs N] [--seconds S]. QT_QPA_PLATFORM=offscreen and
// QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox (as root) are set when unset.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/searchresultsmodel.h"
#include "ui/conversationlistmodel.h"
#include "ui/transcript/transcriptbridge.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtWebEngineQuick/qtwebenginequickglobal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>
#include <vector>

namespace {

using namespace qiusuo;

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// Launch → screenshot saved, minus the grabber's fixed 300 ms settle delay.
double launchToFirstFrameMs(const QString& home)
{
    constexpr double kSettleMs = 300;
    const QString shot = home + QStringLiteral("/first.png");
    QFile::remove(shot);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QIUSUO_SCREENSHOT"), shot);
    env.insert(QStringLiteral("QIUSUO_DATA_DIR"), home + QStringLiteral("/profile"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(QIUSUO_DESKTOP_BINARY), {});
    while (!QFile::exists(shot) && process.state() != QProcess::NotRunning && clock.elapsed() < 60000)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const double ms = double(clock.elapsed()) - kSettleMs;
    process.waitForFinished(30000);
    return QFile::exists(shot) ? ms : -1;
}

std::string mixedMessage(int i)
{
    switch (i % 4) {
    case 0:
        return "请解释一下薛定谔方程 $i\\hbar\\frac{\\partial}{\\partial t}\\Psi = \\hat H\\Psi$ 的含义。第 " + std::to_string(i) + " 问";
    case 1:
        return "The energy is $$E = mc^2$$ and for a photon $E = h\\nu$. A table:\n\n| a | b |\n|---|---|\n| $x^2$ | 2 |\n";
    case 2:
        return "```python\ndef f(x):\n    return x ** 2  # costs $5\n```\nThat is **code** number " + std::to_string(i);
    default:
        return "中文和 English 混合的段落，列表：\n- 第一项\n- 第二项 with `inline code`\n- $\\sum_{k=1}^n k = \\frac{n(n+1)}{2}$";
    }
}

/// Streams `tokens` short pieces at a fixed rate, like a model at 100 tok/s.
class PacedBackend : public Backend {
public:
    explicit PacedBackend(int tokensPerSecond) : interval_(1000 / tokensPerSecond) {}
    std::string displayName() const override { return "Paced"; }
    bool load(const ProgressCallback& progress) override { return progress(1.0f); }
    GenerationResult generate(const std::vector<ChatMessage>&, const GenerationParams& params, const DeltaCallback& onDelta,
                              const std::atomic<bool>& stop) override
    {
        static const char* pieces[] = {"The ", "answer ", "is ", "$x^2", " + 1$", " and ", "**bold** ", "中文 ", "\n\n", "- item "};
        GenerationResult result;
        auto next = std::chrono::steady_clock::now();
        for (int i = 0; params.maxTokens < 0 || i < params.maxTokens; ++i) {
            if (stop.load()) {
                result.status = GenerationResult::Status::Stopped;
                break;
            }
            Delta d;
            (i < 100 ? d.reasoning : d.content) = pieces[i % 10];
            onDelta(d);
            ++result.stats.completionTokens;
            next += interval_;
            std::this_thread::sleep_until(next);
        }
        return result;
    }

private:
    std::chrono::milliseconds interval_;
};

} // namespace

int main(int argc, char** argv)
{
    if (qgetenv("QT_QPA_PLATFORM").isEmpty())
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qgetenv("QTWEBENGINE_CHROMIUM_FLAGS").isEmpty())
        qputenv("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox");
    int runs = 5;
    int seconds = 5;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--runs")
            runs = std::max(1, std::atoi(argv[++i]));
        else if (std::string(argv[i]) == "--seconds")
            seconds = std::max(1, std::atoi(argv[++i]));
    }
    QtWebEngineQuick::initialize();
    QGuiApplication app(argc, argv);
    QTemporaryDir home;
    QDir(home.path()).mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(home.filePath(QStringLiteral("runtime")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", home.filePath(QStringLiteral("runtime")).toLocal8Bit());

    // 1. Launch to first frame.
    std::vector<double> launches;
    for (int i = 0; i < runs; ++i) {
        const double ms = launchToFirstFrameMs(home.path());
        if (ms >= 0)
            launches.push_back(ms);
    }
    std::printf("launch -> first frame (offscreen, transcript painted): median %.0f ms of %zu runs (min %.0f, max %.0f)\n",
                median(launches), launches.size(), launches.empty() ? 0 : *std::min_element(launches.begin(), launches.end()),
                launches.empty() ? 0 : *std::max_element(launches.begin(), launches.end()));

    // The real window on a real store, as main.cpp builds it.
    auto db = storage::Database::open(home.filePath(QStringLiteral("bench.db")).toStdString());
    storage::ConversationStore store(db);
    const auto big = store.createConversation("2,000 messages");
    std::optional<std::int64_t> parent;
    for (int i = 0; i < 2000; ++i) {
        storage::NewMessage m;
        m.role = i % 2 ? storage::MessageRole::Assistant : storage::MessageRole::User;
        m.content = mixedMessage(i);
        parent = store.appendMessage(big.id, parent, m);
    }
    const auto small = store.createConversation("streaming");
    ui::ConversationListModel conversations(&store);
    ui::SearchResultsModel search(&store);
    ui::TranscriptBridge bridge;
    ui::ChatController chat(&store, &conversations, &bridge);
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral(":/"));
    engine.setInitialProperties({{QStringLiteral("conversations"), QVariant::fromValue(&conversations)},
                                 {QStringLiteral("chat"), QVariant::fromValue(&chat)},
                                 {QStringLiteral("bridge"), QVariant::fromValue(&bridge)},
                                 {QStringLiteral("search"), QVariant::fromValue(&search)}});
    engine.load(QUrl(QStringLiteral("qrc:/Qiusuo/qml/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    QElapsedTimer wait;
    wait.start();
    while (!bridge.attached() && wait.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);

    // 2. Open the 2,000-message conversation (median of 5; another one in between).
    std::vector<double> opens;
    for (int i = 0; i < 5; ++i) {
        chat.openConversation(QString::fromStdString(small.uuid));
        QCoreApplication::processEvents();
        QElapsedTimer clock;
        clock.start();
        chat.openConversation(QString::fromStdString(big.uuid));
        opens.push_back(double(clock.nsecsElapsed()) / 1e6);
        QCoreApplication::processEvents();
    }
    std::printf("open a 2,000-message conversation (store + Markdown/HTML + post to the page): median %.0f ms (%d messages shown)\n",
                median(opens), bridge.count());

    // 3. GUI thread busy while streaming at 100 tokens/s.
    chat.openConversation(QString::fromStdString(small.uuid));
    chat.session()->setBackend(std::make_shared<PacedBackend>(100), QStringLiteral("paced"), QStringLiteral("remote"));
    while (chat.session()->state() != ui::InferenceSession::State::Ready)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    chat.setMaxTokens(seconds * 100);
    bool finished = false;
    QObject::connect(&chat, &ui::ChatController::answerFinished, [&finished] { finished = true; });
    const double cpuBefore = threadCpuMs();
    QElapsedTimer clock;
    clock.start();
    chat.send(QStringLiteral("Stream please"));
    while (!finished && clock.elapsed() < seconds * 4000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double wallMs = double(clock.elapsed());
    const double cpuMs = threadCpuMs() - cpuBefore;
    std::printf("GUI thread busy while streaming 100 tokens/s for %d s: %.1f%% (%.0f ms CPU in %.0f ms)\n", seconds,
                100.0 * cpuMs / wallMs, cpuMs, wallMs);
    chat.shutdown();
    return 0;
}
