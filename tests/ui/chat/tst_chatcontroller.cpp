// ChatController on a real SQLite store, the real TranscriptBridge and a real
// LocalBackend on a tiny model: send, stream, stop, regenerate (a sibling),
// edit (a branch), switch siblings, delete, copy, titles, deep thinking, and
// closing while an answer streams. A scripted backend covers the timing
// cases (saves every ~500 ms while streaming).
#include "tests/ui/chat/chattestsupport.h"

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/chat/chatcontroller.h"
#include "ui/chat/inferencesession.h"
#include "ui/conversationlistmodel.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/conversationsettingsmodel.h"
#include "ui/transcript/transcriptbridge.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

using namespace qiusuo;
using qiusuo::storage::MessageRole;
using qiusuo::storage::MessageStatus;
using qiusuo::ui::ChatController;
using qiusuo::ui::InferenceSession;

class TestChatController : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void refusesToSendWithoutAModel();
    void sendStoresAndStreamsTheAnswer();
    void deepThinkingReachesTheModel();
    void regenerateAddsASiblingAndSwitchingShowsEachPath();
    void editResendsAsANewBranch();
    void stopKeepsThePartialAnswer();
    void closingWhileGeneratingKeepsThePartialAnswerAsInterrupted();
    void savesWhileStreaming();
    void deleteAndCopy();
    void keepsATitleTheUserChose();
    void titlesFromTheFirstMessage_data();
    void titlesFromTheFirstMessage();
    void settingsReachTheAnswer();
    void conversationOverridesApplyToThatConversationOnly();
    void conversationPenaltiesAndNoSystemPromptReachTheBackend();
    void noSystemPromptDropsTheDefaultPromptsTokens();

private:
    void loadTinyModel();
    void useScripted(int steps, int intervalMs);
    /// Sends and waits for the answer to end; returns the answer's id.
    qint64 sendAndWait(const QString& text);
    storage::Message lastOnPath();
    qint64 conversationDbId() { return store_->conversationByUuid(controller_->conversationId().toStdString()).id; }

    std::unique_ptr<QTemporaryDir> dir_;
    std::optional<storage::Database> db_;
    std::unique_ptr<storage::ConversationStore> store_;
    std::unique_ptr<ui::ConversationListModel> list_;
    std::unique_ptr<ui::TranscriptBridge> bridge_;
    std::unique_ptr<ChatController> controller_;
    std::shared_ptr<test::ScriptedBackend> scripted_;
};

void TestChatController::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    db_.emplace(storage::Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString()));
    store_ = std::make_unique<storage::ConversationStore>(*db_);
    list_ = std::make_unique<ui::ConversationListModel>(store_.get());
    bridge_ = std::make_unique<ui::TranscriptBridge>();
    controller_ = std::make_unique<ChatController>(store_.get(), list_.get(), bridge_.get());
    controller_->setMaxTokens(64);
    controller_->setSeed(1); // same seed, same text: every run sees the same answers
}

void TestChatController::cleanup()
{
    controller_.reset();
    bridge_.reset();
    list_.reset();
    store_.reset();
    db_.reset();
    dir_.reset();
    scripted_.reset();
}

void TestChatController::loadTinyModel()
{
    const QString model = test::tinyModel();
    if (model.isEmpty())
        QSKIP("tiny-qwen2-Q8_0.gguf not found under the test data (set QIUSUO_TESTDATA)");
    controller_->session()->setLocalModel(model);
    QTRY_COMPARE_WITH_TIMEOUT(controller_->session()->state(), InferenceSession::State::Ready, 30000);
}

void TestChatController::useScripted(int steps, int intervalMs)
{
    scripted_ = std::make_shared<test::ScriptedBackend>(steps, std::chrono::milliseconds(intervalMs));
    controller_->session()->setBackend(scripted_, QStringLiteral("scripted-model"), QStringLiteral("remote"));
    QTRY_COMPARE(controller_->session()->state(), InferenceSession::State::Ready);
}

qint64 TestChatController::sendAndWait(const QString& text)
{
    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    if (!controller_->send(text))
        return 0;
    if (!finished.wait(30000))
        return 0;
    return finished.at(0).at(0).toLongLong();
}

storage::Message TestChatController::lastOnPath()
{
    return store_->activePath(conversationDbId()).back();
}

void TestChatController::refusesToSendWithoutAModel()
{
    QVERIFY(!controller_->send(QStringLiteral("hello")));
    QCOMPARE(list_->rowCount(), 0); // nothing created
    QCOMPARE(controller_->session()->state(), InferenceSession::State::NoModel);
}

void TestChatController::sendStoresAndStreamsTheAnswer()
{
    loadTinyModel();
    QVERIFY(!controller_->send(QStringLiteral("   \n ")));
    QSignalSpy created(controller_.get(), &ChatController::conversationCreated);
    const qint64 answerId = sendAndWait(QStringLiteral("  Hello world  "));
    QVERIFY(answerId > 0);
    QCOMPARE(created.count(), 1);
    QCOMPARE(controller_->conversationId(), created.at(0).at(0).toString());
    QCOMPARE(list_->rowCount(), 1);

    const auto path = store_->activePath(conversationDbId());
    QCOMPARE(path.size(), size_t(2));
    QCOMPARE(qiusuo::test::name(path[0].role), qiusuo::test::name(MessageRole::User));
    QCOMPARE(path[0].content, std::string("Hello world"));
    QCOMPARE(path[1].id, answerId);
    QCOMPARE(qiusuo::test::name(path[1].role), qiusuo::test::name(MessageRole::Assistant));
    QCOMPARE(qiusuo::test::name(path[1].status), qiusuo::test::name(MessageStatus::Complete));
    QVERIFY(!(path[1].content + path[1].reasoning).empty());
    QCOMPARE(path[1].model, std::string("tiny-qwen2-Q8_0.gguf"));
    QCOMPARE(path[1].stats.completionTokens.value_or(0), 64);
    QCOMPARE(store_->conversation(conversationDbId()).title, std::string("Hello world"));
    QCOMPARE(store_->conversation(conversationDbId()).backend, std::string("local"));

    // The transcript shows both, the answer finished and with its stats.
    QCOMPARE(bridge_->count(), 2);
    const QJsonObject shown = bridge_->messageJson(answerId);
    QCOMPARE(shown.value(QStringLiteral("streaming")).toBool(), false);
    QVERIFY(shown.value(QStringLiteral("stats")).toString().contains(QStringLiteral("64 tokens")));
    QVERIFY(!controller_->generating());

    // A second turn continues the path with the whole history.
    const qint64 second = sendAndWait(QStringLiteral("And again"));
    QVERIFY(second > 0);
    QCOMPARE(store_->activePath(conversationDbId()).size(), size_t(4));
    QCOMPARE(bridge_->count(), 4);
}

void TestChatController::deepThinkingReachesTheModel()
{
    // The R1 template starts the answer inside <think> when thinking is on
    // (so the tiny model's text is reasoning, unless it closes the block
    // itself) and pre-fills an empty think block when it is off.
    loadTinyModel();
    QVERIFY(controller_->deepThinking());
    const qint64 thinking = sendAndWait(QStringLiteral("Hello"));
    QVERIFY(thinking > 0);
    QVERIFY(!store_->message(thinking).reasoning.empty());
    QVERIFY(!bridge_->messageJson(thinking).value(QStringLiteral("reasoningHtml")).toString().isEmpty());

    useScripted(2, 1);
    controller_->setDeepThinking(false);
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    QVERIFY(!scripted_->lastParams.thinking);
    // Earlier reasoning is never part of what the model is sent.
    for (const ChatMessage& m : scripted_->lastMessages)
        QCOMPARE(m.reasoning, std::string());
    controller_->setDeepThinking(true);
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    QVERIFY(scripted_->lastParams.thinking);
}

void TestChatController::regenerateAddsASiblingAndSwitchingShowsEachPath()
{
    loadTinyModel();
    const qint64 first = sendAndWait(QStringLiteral("Hello"));
    QVERIFY(first > 0);
    const qint64 userId = *store_->message(first).parentId;

    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    QVERIFY(controller_->regenerate(first));
    QVERIFY(finished.wait(30000));
    const qint64 second = finished.at(0).at(0).toLongLong();
    QVERIFY(second != first);
    QCOMPARE(*store_->message(second).parentId, userId);
    QCOMPARE(store_->siblingIds(first), (std::vector<std::int64_t>{first, second}));
    QCOMPARE(lastOnPath().id, second);
    QCOMPARE(bridge_->messageJson(second).value(QStringLiteral("siblingIndex")).toInt(), 1);
    QCOMPARE(bridge_->messageJson(second).value(QStringLiteral("siblingCount")).toInt(), 2);

    // A turn below the second answer, then back to the first: the whole
    // path below switches with it.
    const qint64 below = sendAndWait(QStringLiteral("Go on"));
    QVERIFY(below > 0);
    QCOMPARE(bridge_->count(), 4);
    controller_->switchSibling(second, -1);
    QCOMPARE(lastOnPath().id, first);
    QCOMPARE(bridge_->count(), 2);
    QVERIFY(bridge_->messageJson(second).isEmpty());
    QCOMPARE(bridge_->messageJson(first).value(QStringLiteral("siblingIndex")).toInt(), 0);
    controller_->switchSibling(first, -1); // no previous sibling: nothing changes
    QCOMPARE(lastOnPath().id, first);
    controller_->switchSibling(first, +1);
    QCOMPARE(lastOnPath().id, below);
    QCOMPARE(bridge_->count(), 4);

    // Regenerating a user message is refused.
    QVERIFY(!controller_->regenerate(userId));
}

void TestChatController::editResendsAsANewBranch()
{
    loadTinyModel();
    const qint64 answer = sendAndWait(QStringLiteral("Original question"));
    QVERIFY(answer > 0);
    const qint64 original = *store_->message(answer).parentId;

    QSignalSpy text(controller_.get(), &ChatController::composerTextRequested);
    controller_->editMessage(answer); // an answer cannot be edited
    QCOMPARE(text.count(), 0);
    QVERIFY(!controller_->editing());
    emit bridge_->editRequested(original); // as the page's Edit button does
    QCOMPARE(text.count(), 1);
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("Original question"));
    QVERIFY(controller_->editing());

    const qint64 edited = sendAndWait(QStringLiteral("Edited question"));
    QVERIFY(edited > 0);
    QVERIFY(!controller_->editing());
    const auto path = store_->activePath(conversationDbId());
    QCOMPARE(path.size(), size_t(2));
    QCOMPARE(path[0].content, std::string("Edited question"));
    QCOMPARE(store_->siblingIds(path[0].id), (std::vector<std::int64_t>{original, path[0].id}));
    QCOMPARE(bridge_->messageJson(path[0].id).value(QStringLiteral("siblingCount")).toInt(), 2);
    // The original branch is kept whole.
    controller_->switchSibling(path[0].id, -1);
    QCOMPARE(lastOnPath().id, answer);
}

void TestChatController::stopKeepsThePartialAnswer()
{
    loadTinyModel();
    controller_->setMaxTokens(-1); // until the context is full: long enough to stop
    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    QVERIFY(controller_->send(QStringLiteral("Hello")));
    const qint64 answer = lastOnPath().id;
    QTRY_VERIFY(!bridge_->messageJson(answer).value(QStringLiteral("reasoningHtml")).toString().isEmpty()
                || !bridge_->messageJson(answer).value(QStringLiteral("html")).toString().isEmpty());
    controller_->stop();
    QVERIFY(finished.wait(30000));
    const storage::Message m = store_->message(answer);
    QCOMPARE(qiusuo::test::name(m.status), qiusuo::test::name(MessageStatus::Stopped));
    QVERIFY(!(m.content + m.reasoning).empty());
    QVERIFY(m.stats.completionTokens.value_or(0) < 4000);
    QCOMPARE(bridge_->messageJson(answer).value(QStringLiteral("interrupted")).toBool(), true);
}

void TestChatController::closingWhileGeneratingKeepsThePartialAnswerAsInterrupted()
{
    loadTinyModel();
    controller_->setMaxTokens(-1);
    QVERIFY(controller_->send(QStringLiteral("Hello")));
    const qint64 answer = lastOnPath().id;
    QCOMPARE(qiusuo::test::name(store_->message(answer).status), qiusuo::test::name(MessageStatus::Streaming));
    QTRY_VERIFY(bridge_->messageJson(answer).value(QStringLiteral("streaming")).toBool()
                && (!bridge_->messageJson(answer).value(QStringLiteral("reasoningHtml")).toString().isEmpty()
                    || !bridge_->messageJson(answer).value(QStringLiteral("html")).toString().isEmpty()));
    controller_->shutdown(); // what closing the window does
    const storage::Message m = store_->message(answer);
    QCOMPARE(qiusuo::test::name(m.status), qiusuo::test::name(MessageStatus::Interrupted));
    QVERIFY(!(m.content + m.reasoning).empty());
    controller_->shutdown(); // idempotent
}

void TestChatController::savesWhileStreaming()
{
    // 40 steps of 50 ms: the answer streams for ~2 s, so it is saved
    // (status Streaming) several times before it ends.
    useScripted(40, 50);
    QVERIFY(controller_->send(QStringLiteral("Hello")));
    const qint64 answer = lastOnPath().id;
    QTRY_VERIFY_WITH_TIMEOUT(!store_->message(answer).reasoning.empty(), 1500);
    QCOMPARE(qiusuo::test::name(store_->message(answer).status), qiusuo::test::name(MessageStatus::Streaming));
    QCOMPARE(QString::fromStdString(store_->message(answer).reasoning).left(3), QStringLiteral("r0 "));
    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    QVERIFY(finished.wait(10000));
    const storage::Message m = store_->message(answer);
    QCOMPARE(qiusuo::test::name(m.status), qiusuo::test::name(MessageStatus::Complete));
    QVERIFY(QString::fromStdString(m.reasoning).startsWith(QStringLiteral("r0 r1 ")));
    QVERIFY(QString::fromStdString(m.content).startsWith(QStringLiteral("c20 ")));
    QVERIFY(QString::fromStdString(m.content).endsWith(QStringLiteral("c39 ")));
    // Thinking time: from the first reasoning to the first answer text.
    QVERIFY(m.stats.reasoningDurationMs.value_or(0) >= 500);
    // The model saw the conversation without any reasoning.
    QCOMPARE(scripted_->lastMessages.size(), size_t(1));
    QCOMPARE(scripted_->lastMessages[0].content, std::string("Hello"));
    QVERIFY(scripted_->lastParams.thinking);
}

void TestChatController::deleteAndCopy()
{
    useScripted(4, 1);
    const qint64 first = sendAndWait(QStringLiteral("One"));
    const qint64 second = sendAndWait(QStringLiteral("Two *bold*"));
    QVERIFY(first > 0 && second > 0);
    const qint64 secondUser = *store_->message(second).parentId;
    QCOMPARE(bridge_->count(), 4);

    controller_->copyMessage(secondUser);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Two *bold*"));

    emit bridge_->deleteRequested(secondUser); // the user message and its answer
    QCOMPARE(bridge_->count(), 2);
    QCOMPARE(lastOnPath().id, first);
    QVERIFY(!store_->findMessage(second));
}

void TestChatController::keepsATitleTheUserChose()
{
    useScripted(2, 1);
    const QString uuid = list_->createConversation(QStringLiteral("Physics homework"));
    controller_->openConversation(uuid);
    QVERIFY(sendAndWait(QStringLiteral("What is a photon?")) > 0);
    QCOMPARE(store_->conversationByUuid(uuid.toStdString()).title, std::string("Physics homework"));

    const QString untitled = list_->createConversation(controller_->defaultTitle());
    controller_->openConversation(untitled);
    QVERIFY(sendAndWait(QStringLiteral("什么是光子？")) > 0);
    QCOMPARE(QString::fromStdString(store_->conversationByUuid(untitled.toStdString()).title), QStringLiteral("什么是光子？"));
    // The sidebar shows it, newest first.
    QCOMPARE(list_->indexOf(untitled), 0);
    QCOMPARE(list_->data(list_->index(0), ui::ConversationListModel::TitleRole).toString(), QStringLiteral("什么是光子？"));
}

void TestChatController::titlesFromTheFirstMessage_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("title");
    QTest::newRow("trimmed") << QStringLiteral("  Why is the sky blue?  ") << QStringLiteral("Why is the sky blue?");
    QTest::newRow("first line") << QStringLiteral("\n\n  Line one\nLine two") << QStringLiteral("Line one");
    QTest::newRow("spaces simplified") << QStringLiteral("a \t  b") << QStringLiteral("a b");
    QTest::newRow("long cut") << QString(60, QLatin1Char('x')) << QString(48, QLatin1Char('x')) + QStringLiteral("…");
    // 47 BMP characters, then one outside it: cut before, never in half.
    QTest::newRow("surrogate kept whole") << QString(47, QLatin1Char('y')) + QStringLiteral("😀😀😀")
                                          << QString(47, QLatin1Char('y')) + QStringLiteral("…");
}

void TestChatController::titlesFromTheFirstMessage()
{
    QFETCH(QString, text);
    QFETCH(QString, title);
    QCOMPARE(ChatController::titleFrom(text), title);
}

void TestChatController::settingsReachTheAnswer()
{
    loadTinyModel();
    ui::AppSettings settings;
    settings.setFileName(dir_->filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(5);
    controller_->setMaxTokens(-1); // no test override: the settings decide
    controller_->setSettings(&settings);
    QCOMPARE(controller_->settings(), &settings);

    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    const storage::Message plain = lastOnPath();
    QCOMPARE(plain.stats.completionTokens.value_or(0), 5);

    // A default system prompt from the settings goes before the conversation:
    // the same question then costs more prompt tokens.
    settings.setSystemPrompt(QStringLiteral("You are a careful assistant who answers briefly."));
    controller_->openConversation(QString()); // the next send starts a new conversation
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    const storage::Message prompted = lastOnPath();
    QCOMPARE(prompted.stats.completionTokens.value_or(0), 5);
    QVERIFY2(prompted.stats.promptTokens.value_or(0) > plain.stats.promptTokens.value_or(0) + 5,
             qPrintable(QStringLiteral("%1 vs %2").arg(prompted.stats.promptTokens.value_or(0))
                            .arg(plain.stats.promptTokens.value_or(0))));
}

void TestChatController::conversationOverridesApplyToThatConversationOnly()
{
    loadTinyModel();
    ui::AppSettings settings;
    settings.setFileName(dir_->filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(5);
    controller_->setMaxTokens(-1); // no test override: settings and overrides decide
    controller_->setSettings(&settings);

    const qint64 firstAnswer = sendAndWait(QStringLiteral("Hello"));
    QVERIFY(firstAnswer > 0);
    const QString overridden = controller_->conversationId();
    const storage::Message plain = store_->message(firstAnswer);
    QCOMPARE(plain.stats.completionTokens.value_or(0), 5);

    // The dialog's model writes the overrides into the conversation itself.
    ui::ConversationSettingsModel* model = controller_->conversationSettings();
    QCOMPARE(model->settings(), &settings);
    model->setConversationId(overridden);
    QVERIFY(model->valid());
    QCOMPARE(model->defaults().value(QStringLiteral("max_tokens")).toInt(), 5);
    QVERIFY(model->setOverride(QStringLiteral("max_tokens"), 3));
    QVERIFY(model->setSystemPrompt(QStringLiteral("You are a careful assistant who answers briefly.")));
    const storage::Conversation stored = store_->conversationByUuid(overridden.toStdString());
    QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(stored.settingsJson)).object()
                 .value(QStringLiteral("max_tokens")).toInt(), 3);
    QCOMPARE(QString::fromStdString(stored.systemPrompt), QStringLiteral("You are a careful assistant who answers briefly."));

    // Regenerating in that conversation: 3 tokens, and the system prompt
    // costs prompt tokens on the same question.
    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    QVERIFY(controller_->regenerate(firstAnswer));
    QVERIFY(finished.wait(30000));
    const storage::Message regenerated = store_->message(finished.at(0).at(0).toLongLong());
    QCOMPARE(regenerated.stats.completionTokens.value_or(0), 3);
    QVERIFY2(regenerated.stats.promptTokens.value_or(0) > plain.stats.promptTokens.value_or(0) + 5,
             qPrintable(QStringLiteral("%1 vs %2").arg(regenerated.stats.promptTokens.value_or(0))
                            .arg(plain.stats.promptTokens.value_or(0))));
    // A new message there follows the overrides too.
    QVERIFY(sendAndWait(QStringLiteral("And again")) > 0);
    QCOMPARE(lastOnPath().stats.completionTokens.value_or(0), 3);

    // Another conversation keeps the global settings.
    controller_->openConversation(QString());
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    QVERIFY(controller_->conversationId() != overridden);
    const storage::Message other = lastOnPath();
    QCOMPARE(other.stats.completionTokens.value_or(0), 5);
    QCOMPARE(other.stats.promptTokens.value_or(0), plain.stats.promptTokens.value_or(0));

    // Back to the defaults: the first conversation answers with 5 tokens again.
    QVERIFY(model->resetToDefaults());
    QVERIFY(!model->hasOverrides());
    controller_->openConversation(overridden);
    QVERIFY(sendAndWait(QStringLiteral("Once more")) > 0);
    QCOMPARE(lastOnPath().stats.completionTokens.value_or(0), 5);
}

void TestChatController::conversationPenaltiesAndNoSystemPromptReachTheBackend()
{
    // The scripted backend records what it was asked: the conversation's
    // penalties in the GenerationParams, and "No system prompt" leaves the
    // settings' system message out of the history.
    useScripted(2, 1);
    ui::AppSettings settings;
    settings.setFileName(dir_->filePath(QStringLiteral("settings.ini")));
    settings.setModelTitles(false); // a title request would be the last thing the backend saw
    settings.setSystemPrompt(QStringLiteral("You are helpful."));
    settings.setRepeatPenalty(1.1);
    controller_->setSettings(&settings);
    const auto hasSystemMessage = [this] {
        return std::any_of(scripted_->lastMessages.begin(), scripted_->lastMessages.end(),
                           [](const ChatMessage& m) { return m.role == ChatMessage::Role::System; });
    };

    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    const QString quiet = controller_->conversationId();
    QVERIFY(hasSystemMessage());
    QCOMPARE(scripted_->lastParams.repeatPenalty, 1.1f);
    QCOMPARE(scripted_->lastParams.presencePenalty, 0.0f);
    QCOMPARE(scripted_->lastParams.frequencyPenalty, 0.0f);

    ui::ConversationSettingsModel* model = controller_->conversationSettings();
    model->setConversationId(quiet);
    QVERIFY(model->setOverride(QStringLiteral("repeat_penalty"), 1.4));
    QVERIFY(model->setOverride(QStringLiteral("presence_penalty"), 0.6));
    QVERIFY(model->setOverride(QStringLiteral("frequency_penalty"), -0.3));
    QVERIFY(model->setNoSystemPrompt(true));
    QVERIFY(sendAndWait(QStringLiteral("Again")) > 0);
    QCOMPARE(scripted_->lastParams.repeatPenalty, 1.4f);
    QCOMPARE(scripted_->lastParams.presencePenalty, 0.6f);
    QCOMPARE(scripted_->lastParams.frequencyPenalty, -0.3f);
    QVERIFY(!hasSystemMessage());
    QCOMPARE(scripted_->lastMessages.size(), std::size_t(3)); // the question, its answer, the new one

    // Another conversation keeps the settings' prompt and penalties.
    controller_->openConversation(QString());
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    QVERIFY(hasSystemMessage());
    QCOMPARE(scripted_->lastMessages.front().content, std::string("You are helpful."));
    QCOMPARE(scripted_->lastParams.repeatPenalty, 1.1f);
    QCOMPARE(scripted_->lastParams.presencePenalty, 0.0f);

    // "Use the default" again: the first conversation gets the settings' prompt back.
    QVERIFY(model->setSystemPrompt(QString()));
    controller_->openConversation(quiet);
    QVERIFY(sendAndWait(QStringLiteral("Once more")) > 0);
    QVERIFY(hasSystemMessage());
    QCOMPARE(scripted_->lastParams.repeatPenalty, 1.4f);
}

void TestChatController::noSystemPromptDropsTheDefaultPromptsTokens()
{
    loadTinyModel();
    ui::AppSettings settings;
    settings.setFileName(dir_->filePath(QStringLiteral("settings.ini")));
    settings.setModelTitles(false);
    settings.setMaxTokens(3);
    controller_->setMaxTokens(-1); // no test override: the settings decide
    controller_->setSettings(&settings);

    // The question alone, with no system prompt anywhere.
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    const int bare = lastOnPath().stats.promptTokens.value_or(0);
    QVERIFY(bare > 0);

    // The settings' default prompt makes the same question cost more.
    settings.setSystemPrompt(QStringLiteral("You are a careful assistant who answers briefly."));
    controller_->openConversation(QString());
    const qint64 answer = sendAndWait(QStringLiteral("Hello"));
    QVERIFY(answer > 0);
    const int prompted = store_->message(answer).stats.promptTokens.value_or(0);
    QVERIFY2(prompted > bare + 5, qPrintable(QStringLiteral("%1 vs %2").arg(prompted).arg(bare)));

    // "No system prompt" for this conversation: regenerating costs just the question again.
    ui::ConversationSettingsModel* model = controller_->conversationSettings();
    model->setConversationId(controller_->conversationId());
    QVERIFY(model->setNoSystemPrompt(true));
    QSignalSpy finished(controller_.get(), &ChatController::answerFinished);
    QVERIFY(controller_->regenerate(answer));
    QVERIFY(finished.wait(30000));
    const storage::Message regenerated = store_->message(finished.at(0).at(0).toLongLong());
    QCOMPARE(regenerated.stats.completionTokens.value_or(0), 3);
    QCOMPARE(regenerated.stats.promptTokens.value_or(0), bare);

    // A new conversation still gets the default prompt.
    controller_->openConversation(QString());
    QVERIFY(sendAndWait(QStringLiteral("Hello")) > 0);
    QCOMPARE(lastOnPath().stats.promptTokens.value_or(0), prompted);
}

QTEST_MAIN(TestChatController)
#include "tst_chatcontroller.moc"
