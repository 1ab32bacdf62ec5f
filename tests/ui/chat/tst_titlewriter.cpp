// Model-written titles (TitleWriter) on a real SQLite store, through the real
// ChatController, InferenceSession and worker thread: the tiny local model
// behind a recording wrapper, a scripted OpenAI-compatible server on
// 127.0.0.1 (cpp-httplib) through the real RemoteBackend, and scripted
// backends for the timing cases (a rename during the title, a message sent
// during the title, the setting off). Plus the cleaning of model replies.
#include "tests/ui/chat/chattestsupport.h"

#include "inference/localbackend.h"
#include "inference/remote/remotebackend.h"
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/inferencesession.h"
#include "ui/chat/titlewriter.h"
#include "ui/conversationlistmodel.h"
#include "ui/settings/appsettings.h"
#include "ui/transcript/transcriptbridge.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

using namespace qiusuo;
using qiusuo::ui::ChatController;
using qiusuo::ui::InferenceSession;
using qiusuo::ui::TitleWriter;

namespace {

/// What one generate() call was asked and what it produced.
struct Call {
    std::vector<ChatMessage> messages;
    GenerationParams params;
    std::string content;
    GenerationResult::Status status = GenerationResult::Status::Complete;
    int completionTokens = 0;
};

/// Records every call; `inner` (a real backend) answers, or `script` does:
/// it gives the deltas of a call, sent one per `interval`, honouring stop.
/// `injectReasoning` goes out first on the first call (a reasoning model).
class RecordingBackend : public Backend {
public:
    using Script = std::function<std::vector<Delta>(const std::vector<ChatMessage>&, const GenerationParams&)>;

    std::string displayName() const override { return inner ? inner->displayName() : "Recording"; }
    bool load(const ProgressCallback& progress) override { return inner ? inner->load(progress) : progress(1.0f); }
    GenerationResult generate(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                              const DeltaCallback& onDelta, const std::atomic<bool>& stop) override
    {
        Call call{messages, params, {}, {}, 0};
        bool first = false;
        {
            std::lock_guard lock(mutex_);
            first = calls_.empty();
            started_.push_back(call);
        }
        const auto forward = [&](const Delta& d) {
            call.content += d.content;
            onDelta(d);
        };
        if (first && !injectReasoning.empty())
            onDelta(Delta{injectReasoning, {}});
        GenerationResult result;
        if (inner) {
            result = inner->generate(messages, params, forward, stop);
        } else {
            for (const Delta& d : script(messages, params)) {
                if (stop.load()) {
                    result.status = GenerationResult::Status::Stopped;
                    break;
                }
                forward(d);
                ++result.stats.completionTokens;
                std::this_thread::sleep_for(interval);
            }
        }
        call.status = result.status;
        call.completionTokens = result.stats.completionTokens;
        std::lock_guard lock(mutex_);
        calls_.push_back(std::move(call));
        return result;
    }

    std::vector<Call> calls() const
    {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    std::size_t startedCount() const
    {
        std::lock_guard lock(mutex_);
        return started_.size();
    }

    std::shared_ptr<Backend> inner;
    Script script;
    std::chrono::milliseconds interval{1};
    std::string injectReasoning;

private:
    mutable std::mutex mutex_;
    std::vector<Call> started_;
    std::vector<Call> calls_; ///< finished calls, in order
};

bool isTitleCall(const GenerationParams& params)
{
    return !params.thinking && params.maxTokens == TitleWriter::kMaxTokens;
}

/// A script: the conversation's answers are "Answer n.", titles are `title`
/// followed by `silentSteps` empty steps (a model still writing).
RecordingBackend::Script answersAndTitle(std::string title, int silentSteps = 0)
{
    auto answers = std::make_shared<int>(0);
    return [title, silentSteps, answers](const std::vector<ChatMessage>&, const GenerationParams& params) {
        if (!isTitleCall(params))
            return std::vector<Delta>{{"thinking about it", {}}, {{}, "Answer " + std::to_string(++*answers) + "."}};
        std::vector<Delta> steps{{{}, title}};
        steps.resize(std::size_t(silentSteps) + 1);
        return steps;
    };
}

/// An OpenAI-compatible /v1/chat/completions on 127.0.0.1: the first request
/// gets an answer with reasoning, later ones (the title) `titleReply`.
class ScriptedServer {
public:
    explicit ScriptedServer(std::string titleReply)
    {
        server_.Post("/v1/chat/completions", [this, titleReply](const httplib::Request& req, httplib::Response& res) {
            std::size_t n = 0;
            {
                std::lock_guard lock(mutex_);
                bodies_.push_back(req.body);
                n = bodies_.size();
            }
            const auto chunk = [](const nlohmann::json& delta) {
                return "data: " + nlohmann::json{{"choices", {{{"delta", delta}}}}}.dump() + "\n\n";
            };
            std::string sse;
            if (n == 1)
                sse = chunk({{"reasoning_content", "先想一想量子比特。"}}) + chunk({{"content", "量子计算利用量子叠加。"}});
            else
                sse = chunk({{"content", titleReply}});
            sse += "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
            res.set_content(sse, "text/event-stream");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~ScriptedServer()
    {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
    std::vector<std::string> bodies() const
    {
        std::lock_guard lock(mutex_);
        return bodies_;
    }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<std::string> bodies_;
};

bool anyMessageContains(const std::vector<ChatMessage>& messages, const std::string& text)
{
    for (const ChatMessage& m : messages)
        if (m.content.find(text) != std::string::npos || m.reasoning.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestTitleWriter : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void cleansReplies_data();
    void cleansReplies();
    void settingDefaultsToOnAndPersists();
    void tinyModelGetsANonThinkingRequestWithTheContentOnly();
    void remoteServerTitleIsCleanedAndShown();
    void garbageKeepsTheFirstMessageTitle_data();
    void garbageKeepsTheFirstMessageTitle();
    void userRenameDuringTheTitleWins();
    void settingOffAsksForNoTitle();
    void messageSentDuringTheTitleGoesFirst();
    void onlyTheFirstAnswerAsks();
    void titleRequestExtendsTheAnswersPrompt();

private:
    void use(std::shared_ptr<Backend> backend);
    qint64 sendAndWait(const QString& text);
    TitleWriter* writer() { return controller_->findChild<TitleWriter*>(); }
    QString title() { return QString::fromStdString(store_->conversationByUuid(controller_->conversationId().toStdString()).title); }

    std::unique_ptr<QTemporaryDir> dir_;
    std::optional<storage::Database> db_;
    std::unique_ptr<storage::ConversationStore> store_;
    std::unique_ptr<ui::ConversationListModel> list_;
    std::unique_ptr<ui::TranscriptBridge> bridge_;
    std::unique_ptr<ui::AppSettings> settings_;
    std::unique_ptr<ChatController> controller_;
};

void TestTitleWriter::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    db_.emplace(storage::Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString()));
    store_ = std::make_unique<storage::ConversationStore>(*db_);
    list_ = std::make_unique<ui::ConversationListModel>(store_.get());
    bridge_ = std::make_unique<ui::TranscriptBridge>();
    settings_ = std::make_unique<ui::AppSettings>();
    settings_->setFileName(dir_->filePath(QStringLiteral("settings.ini")));
    controller_ = std::make_unique<ChatController>(store_.get(), list_.get(), bridge_.get());
    controller_->setSettings(settings_.get());
    controller_->setMaxTokens(24);
    controller_->setSeed(1);
    QVERIFY(writer());
}

void TestTitleWriter::cleanup()
{
    controller_.reset();
    settings_.reset();
    bridge_.reset();
    list_.reset();
    store_.reset();
    db_.reset();
    dir_.reset();
}

void TestTitleWriter::use(std::shared_ptr<Backend> backend)
{
    controller_->session()->setBackend(std::move(backend), QStringLiteral("test-model"), QStringLiteral("remote"));
    QTRY_COMPARE_WITH_TIMEOUT(controller_->session()->state(), InferenceSession::State::Ready, 30000);
}

qint64 TestTitleWriter::sendAndWait(const QString& text)
{
    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    if (!controller_->send(text) || !finished.wait(30000))
        return 0;
    return finished.at(0).at(0).toLongLong();
}

void TestTitleWriter::cleansReplies_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("title");
    QTest::newRow("think block, corner quotes, newline")
        << QStringLiteral("<think>x</think>「量子计算入门」\n") << QStringLiteral("量子计算入门");
    QTest::newRow("double quotes, full stop") << QStringLiteral("\"Why the sky is blue.\"")
                                              << QStringLiteral("Why the sky is blue");
    QTest::newRow("label") << QStringLiteral("Title: Photon energy") << QStringLiteral("Photon energy");
    QTest::newRow("Chinese label, book quotes, 。") << QStringLiteral("标题：《光的波粒二象性》。")
                                                    << QStringLiteral("光的波粒二象性");
    QTest::newRow("markdown bold") << QStringLiteral("**Binary search in C**") << QStringLiteral("Binary search in C");
    QTest::newRow("first non-empty line") << QStringLiteral("\n\n  Rust lifetimes  \nThis title says…")
                                          << QStringLiteral("Rust lifetimes");
    QTest::newRow("reasoning closed without opening")
        << QStringLiteral("the user asks about tea</think>\n\nGreen tea basics") << QStringLiteral("Green tea basics");
    QTest::newRow("spaces simplified") << QStringLiteral("Sorting \t  algorithms") << QStringLiteral("Sorting algorithms");
    QTest::newRow("question mark dropped") << QStringLiteral("What is a photon?") << QStringLiteral("What is a photon");
    QTest::newRow("over eight words")
        << QStringLiteral("one two three four five six seven eight nine ten")
        << QStringLiteral("one two three four five six seven eight…");
    QTest::newRow("over twenty Chinese characters")
        << QStringLiteral("一二三四五六七八九十一二三四五六七八九十一二三四五")
        << QStringLiteral("一二三四五六七八九十一二三四五六七八九十…");
    QTest::newRow("mixed, Chinese first") << QStringLiteral("C++ 模板元编程入门") << QStringLiteral("C++ 模板元编程入门");
    QTest::newRow("unclosed think") << QStringLiteral("<think>still thinking about it") << QString();
    QTest::newRow("quotes only") << QStringLiteral("「」\n") << QString();
    QTest::newRow("punctuation only") << QStringLiteral("…!?。") << QString();
    QTest::newRow("replacement characters") << QStringLiteral("\uFFFD\uFFFD tea") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestTitleWriter::cleansReplies()
{
    QFETCH(QString, reply);
    QFETCH(QString, title);
    QCOMPARE(TitleWriter::clean(reply), title);
}

void TestTitleWriter::settingDefaultsToOnAndPersists()
{
    QVERIFY(settings_->modelTitles());
    QSignalSpy changed(settings_.get(), &ui::AppSettings::modelTitlesChanged);
    settings_->setModelTitles(false);
    QCOMPARE(changed.count(), 1);
    ui::AppSettings again;
    again.setFileName(settings_->fileName());
    QVERIFY(!again.modelTitles());
    again.resetToDefaults();
    QVERIFY(again.modelTitles());
}

void TestTitleWriter::tinyModelGetsANonThinkingRequestWithTheContentOnly()
{
    const QString model = test::tinyModel();
    if (model.isEmpty())
        QSKIP("tiny-qwen2-Q8_0.gguf not found under the test data (set QIUSUO_TESTDATA)");
    LocalBackendOptions options;
    options.modelPath = model.toStdString();
    options.model.device = models::ComputeDevice::Cpu;
    auto recording = std::make_shared<RecordingBackend>();
    recording->inner = std::make_shared<LocalBackend>(std::move(options));
    // A reasoning model's thoughts, which must never reach the title request.
    recording->injectReasoning = "SECRET-REASONING-7f3a";
    use(recording);
    // Deep thinking off: the tiny model's gibberish is then the answer's content.
    controller_->setDeepThinking(false);

    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    const qint64 answerId = sendAndWait(QStringLiteral("Why is the sky blue?"));
    QVERIFY(answerId > 0);
    QVERIFY(finished.wait(30000));
    const storage::Message answer = store_->message(answerId);
    QCOMPARE(answer.reasoning, std::string("SECRET-REASONING-7f3a"));
    QVERIFY(!answer.content.empty());

    const std::vector<Call> calls = recording->calls();
    QCOMPARE(calls.size(), std::size_t(2));
    const Call& titleCall = calls[1];
    QVERIFY(!titleCall.params.thinking);
    QCOMPARE(titleCall.params.maxTokens, TitleWriter::kMaxTokens);
    QVERIFY(titleCall.params.temperature <= 0.5f);
    // The first message and the answer's content, then the instruction; no reasoning.
    QCOMPARE(titleCall.messages.size(), std::size_t(3));
    QCOMPARE(titleCall.messages[0].content, std::string("Why is the sky blue?"));
    QCOMPARE(titleCall.messages[1].content, answer.content);
    QVERIFY(titleCall.messages[2].role == ChatMessage::Role::User);
    QVERIFY(titleCall.messages[2].content.find("title") != std::string::npos);
    QVERIFY(!anyMessageContains(titleCall.messages, "SECRET-REASONING"));
    // The real model wrote it (gibberish): its cleaned text, or the first
    // message's title when nothing usable came out.
    QVERIFY(titleCall.completionTokens > 0);
    const QString cleaned = TitleWriter::clean(QString::fromStdString(titleCall.content));
    QCOMPARE(title(), cleaned.isEmpty() ? QStringLiteral("Why is the sky blue?") : cleaned);
    QCOMPARE(finished.at(0).at(1).toBool(), !cleaned.isEmpty());
}

void TestTitleWriter::remoteServerTitleIsCleanedAndShown()
{
    ScriptedServer server("<think>x</think>「量子计算入门」\n");
    use(std::make_shared<remote::RemoteBackend>(remote::RemoteConfig::openAiCompatible(server.url(), "test-model")));
    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    QVERIFY(sendAndWait(QStringLiteral("什么是量子计算？")) > 0);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QCOMPARE(title(), QStringLiteral("量子计算入门"));
    // The sidebar shows it, as after a manual rename.
    const int row = list_->indexOf(controller_->conversationId());
    QCOMPARE(list_->data(list_->index(row), ui::ConversationListModel::TitleRole).toString(),
             QStringLiteral("量子计算入门"));

    const std::vector<std::string> bodies = server.bodies();
    QCOMPARE(bodies.size(), std::size_t(2));
    const nlohmann::json request = nlohmann::json::parse(bodies[1]);
    QCOMPARE(request.value("max_tokens", 0), TitleWriter::kMaxTokens);
    const std::string messages = request.at("messages").dump();
    QVERIFY(messages.find("什么是量子计算？") != std::string::npos);
    QVERIFY(messages.find("量子计算利用量子叠加。") != std::string::npos);
    QVERIFY2(messages.find("先想一想") == std::string::npos, messages.c_str());
}

void TestTitleWriter::garbageKeepsTheFirstMessageTitle_data()
{
    QTest::addColumn<QString>("reply");
    QTest::newRow("empty quotes") << QStringLiteral("「」\n");
    QTest::newRow("only reasoning") << QStringLiteral("<think>I should write a title");
    QTest::newRow("replacement characters") << QStringLiteral("\uFFFD\uFFFD\uFFFD");
    QTest::newRow("punctuation") << QStringLiteral("。。。");
    QTest::newRow("nothing") << QString();
}

void TestTitleWriter::garbageKeepsTheFirstMessageTitle()
{
    QFETCH(QString, reply);
    auto backend = std::make_shared<RecordingBackend>();
    backend->script = answersAndTitle(reply.toStdString());
    use(backend);
    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    QVERIFY(sendAndWait(QStringLiteral("  How do magnets work?  ")) > 0);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QCOMPARE(backend->calls().size(), std::size_t(2));
    QCOMPARE(title(), QStringLiteral("How do magnets work?"));
}

void TestTitleWriter::userRenameDuringTheTitleWins()
{
    auto backend = std::make_shared<RecordingBackend>();
    backend->script = answersAndTitle("Magnetism explained", 10);
    backend->interval = std::chrono::milliseconds(50);
    use(backend);
    QSignalSpy requested(writer(), &TitleWriter::titleRequested);
    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    QVERIFY(sendAndWait(QStringLiteral("How do magnets work?")) > 0);
    QCOMPARE(requested.count(), 1);
    QTRY_COMPARE(backend->startedCount(), std::size_t(2)); // the title is being written
    QVERIFY(list_->rename(controller_->conversationId(), QStringLiteral("My magnet notes")));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QCOMPARE(backend->calls().back().content, std::string("Magnetism explained")); // it did answer
    QCOMPARE(title(), QStringLiteral("My magnet notes"));
}

void TestTitleWriter::settingOffAsksForNoTitle()
{
    settings_->setModelTitles(false);
    auto backend = std::make_shared<RecordingBackend>();
    backend->script = answersAndTitle("Magnetism explained");
    use(backend);
    QSignalSpy requested(writer(), &TitleWriter::titleRequested);
    QVERIFY(sendAndWait(QStringLiteral("How do magnets work?")) > 0);
    QTest::qWait(300);
    QCOMPARE(requested.count(), 0);
    QCOMPARE(backend->startedCount(), std::size_t(1));
    QCOMPARE(title(), QStringLiteral("How do magnets work?"));
}

void TestTitleWriter::messageSentDuringTheTitleGoesFirst()
{
    // The title takes 40 steps of 100 ms (4 s); answers take 2 steps.
    auto backend = std::make_shared<RecordingBackend>();
    backend->script = answersAndTitle("Magnetism explained", 39);
    backend->interval = std::chrono::milliseconds(100);
    use(backend);
    QSignalSpy requested(writer(), &TitleWriter::titleRequested);
    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    QVERIFY(sendAndWait(QStringLiteral("How do magnets work?")) > 0);
    QTRY_COMPARE(backend->startedCount(), std::size_t(2));
    QVERIFY(writer()->writing());

    QElapsedTimer clock;
    clock.start();
    const qint64 second = sendAndWait(QStringLiteral("And electromagnets?"));
    QVERIFY(second > 0);
    // Stopped within a step (100 ms), then the 2-step answer: far below the
    // title's 4 s (the bound leaves room for a loaded CI machine).
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    std::vector<Call> calls = backend->calls();
    QCOMPARE(calls.size(), std::size_t(3));
    QVERIFY(isTitleCall(calls[1].params));
    QVERIFY(calls[1].status == GenerationResult::Status::Stopped);
    QVERIFY(!isTitleCall(calls[2].params));
    QCOMPARE(store_->message(second).content, std::string("Answer 2."));
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    // The title never enters the conversation the model sees.
    QVERIFY(!anyMessageContains(calls[2].messages, "Write a short title"));

    // Asked again once that answer has ended; this time it completes.
    QTRY_COMPARE(requested.count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
    QCOMPARE(finished.at(1).at(1).toBool(), true);
    QCOMPARE(title(), QStringLiteral("Magnetism explained"));
    calls = backend->calls();
    QCOMPARE(calls[3].messages[1].content, std::string("Answer 1."));
}

void TestTitleWriter::onlyTheFirstAnswerAsks()
{
    auto backend = std::make_shared<RecordingBackend>();
    backend->script = answersAndTitle("Magnetism explained");
    use(backend);
    QSignalSpy requested(writer(), &TitleWriter::titleRequested);
    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    QVERIFY(sendAndWait(QStringLiteral("How do magnets work?")) > 0);
    QVERIFY(finished.wait(10000));
    QCOMPARE(title(), QStringLiteral("Magnetism explained"));
    QVERIFY(sendAndWait(QStringLiteral("And electromagnets?")) > 0);
    QTest::qWait(200);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(backend->startedCount(), std::size_t(3));

    // A stopped first answer asks for nothing.
    backend->interval = std::chrono::milliseconds(200);
    controller_->openConversation(QString());
    QSignalSpy answered(controller_.get(), &ChatController::answerFinished);
    QVERIFY(controller_->send(QStringLiteral("Why is ice slippery?")));
    controller_->stop();
    QVERIFY(answered.wait(10000));
    QTest::qWait(300);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(title(), QStringLiteral("Why is ice slippery?"));
}

void TestTitleWriter::titleRequestExtendsTheAnswersPrompt()
{
    // The answer's own messages (system prompt included), then the answer and
    // the instruction: a local model reuses the prompt it holds, and the
    // user's next message reuses the title's in turn.
    settings_->setSystemPrompt(QStringLiteral("Answer briefly."));
    auto backend = std::make_shared<RecordingBackend>();
    backend->script = answersAndTitle("Magnetism explained");
    use(backend);
    QSignalSpy finished(writer(), &TitleWriter::titleFinished);
    QVERIFY(sendAndWait(QStringLiteral("How do magnets work?")) > 0);
    QVERIFY(finished.wait(10000));
    const std::vector<Call> calls = backend->calls();
    QCOMPARE(calls.size(), std::size_t(2));
    const std::vector<ChatMessage>& answer = calls[0].messages;
    const std::vector<ChatMessage>& title = calls[1].messages;
    QCOMPARE(answer.size(), std::size_t(2));
    QCOMPARE(title.size(), std::size_t(4));
    for (std::size_t i = 0; i < answer.size(); ++i) {
        QVERIFY(title[i].role == answer[i].role);
        QCOMPARE(title[i].content, answer[i].content);
    }
    QCOMPARE(title[0].content, std::string("Answer briefly."));
    QVERIFY(title[2].role == ChatMessage::Role::Assistant);
    QCOMPARE(title[2].content, std::string("Answer 1."));
    QVERIFY(title[2].reasoning.empty());
}

QTEST_MAIN(TestTitleWriter)
#include "tst_titlewriter.moc"
