// TranscriptBridge without a page: the JSON it posts and hands out as a
// snapshot, re-rendering only what changed, and the page-side calls turning
// into the signals the chat controller listens to.
#include "ui/transcript/transcriptbridge.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTest>
#include <QWebChannel>

using qiusuo::ui::TranscriptBridge;
using qiusuo::ui::TranscriptMessage;

namespace {

TranscriptMessage message(qint64 id, const QString& role, const QString& markdown)
{
    TranscriptMessage m;
    m.id = id;
    m.role = role;
    m.markdown = markdown;
    return m;
}

QJsonObject parse(const QString& text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("not a JSON object: %s", qPrintable(text));
    return doc.object();
}

} // namespace

/// Stands in for the system browser.
class UrlSink : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl& url) { opened.append(url); }
};

class TestTranscriptBridge : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void setMessagesPostsRenderedHtml();
    void appendUpdateRemoveClear();
    void updatesRenderOnlyWhatChanged();
    void snapshotCarriesStateAndSequence();
    void longConversationsRenderOnDemand();
    void scrollToWaitsForThePage();
    void reasoningModeIsValidated();
    void themeAndFontSizeReachThePage();
    void lastMessagesForTheKeyboard();
    void pageCallsBecomeSignals();
    void openLinkAllowsOnlyWebAndMail_data();
    void openLinkAllowsOnlyWebAndMail();
    void copyTextUsesTheClipboard();
    void pageStringsAreAllTranslatable();
    void pageStringsFollowTheLanguage();

private:
    UrlSink sink_;
};

void TestTranscriptBridge::initTestCase()
{
    for (const char* scheme : {"http", "https", "mailto", "file", "javascript", "qrc", "data"})
        QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), &sink_, "open");
}

void TestTranscriptBridge::cleanupTestCase()
{
    for (const char* scheme : {"http", "https", "mailto", "file", "javascript", "qrc", "data"})
        QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
}

void TestTranscriptBridge::setMessagesPostsRenderedHtml()
{
    TranscriptBridge bridge;
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);
    QSignalSpy count(&bridge, &TranscriptBridge::countChanged);
    TranscriptMessage answer = message(2, QStringLiteral("assistant"), QStringLiteral("**Yes**: $x^2$ <script>x()</script>"));
    answer.reasoning = QStringLiteral("think *hard*");
    answer.reasoningMs = 1500;
    answer.siblingIndex = 1;
    answer.siblingCount = 2;
    answer.stats = QStringLiteral("tiny · 3 tokens");
    bridge.setMessages({message(1, QStringLiteral("user"), QStringLiteral("Hi")), answer});

    QCOMPARE(posted.count(), 1);
    QCOMPARE(count.count(), 1);
    QCOMPARE(bridge.count(), 2);
    const QJsonObject change = parse(posted.at(0).at(0).toString());
    QCOMPARE(change.value("op").toString(), QStringLiteral("set"));
    QCOMPARE(change.value("seq").toInteger(), 1);
    const QJsonArray list = change.value("messages").toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).toObject().value("html").toString(), QStringLiteral("<p>Hi</p>\n"));
    const QJsonObject a = list.at(1).toObject();
    QCOMPARE(a.value("id").toInteger(), 2);
    QCOMPARE(a.value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(a.value("html").toString(),
             QStringLiteral("<p><strong>Yes</strong>: <span class=\"math math-inline\">x^2</span> "
                            "&lt;script&gt;x()&lt;/script&gt;</p>\n"));
    QCOMPARE(a.value("reasoningHtml").toString(), QStringLiteral("<p>think <em>hard</em></p>\n"));
    QCOMPARE(a.value("reasoningMs").toInteger(), 1500);
    QCOMPARE(a.value("siblingIndex").toInt(), 1);
    QCOMPARE(a.value("siblingCount").toInt(), 2);
    QCOMPARE(a.value("stats").toString(), QStringLiteral("tiny · 3 tokens"));
    QCOMPARE(a.value("streaming").toBool(), false);
    QCOMPARE(a.value("interrupted").toBool(), false);
    QCOMPARE(a.value("error").toString(), QString());
    QCOMPARE(bridge.messageJson(2), a);
    QVERIFY(bridge.messageJson(99).isEmpty());
}

void TestTranscriptBridge::appendUpdateRemoveClear()
{
    TranscriptBridge bridge;
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);
    QSignalSpy count(&bridge, &TranscriptBridge::countChanged);
    bridge.appendMessage(message(5, QStringLiteral("user"), QStringLiteral("one")));
    TranscriptMessage m = message(6, QStringLiteral("assistant"), QString());
    m.streaming = true;
    bridge.appendMessage(m);
    QCOMPARE(bridge.count(), 2);
    QCOMPARE(count.count(), 2);
    m.markdown = QStringLiteral("partial");
    bridge.updateMessage(m);
    // Appending an id that is there already updates it.
    m.markdown = QStringLiteral("partial answer");
    bridge.appendMessage(m);
    QCOMPARE(bridge.count(), 2);
    bridge.updateMessage(message(77, QStringLiteral("user"), QStringLiteral("not shown")));
    bridge.removeMessage(5);
    bridge.removeMessage(5);
    QCOMPARE(bridge.count(), 1);
    bridge.clear();
    QCOMPARE(bridge.count(), 0);
    QCOMPARE(count.count(), 4);

    QStringList ops;
    qint64 lastSeq = 0;
    for (const QList<QVariant>& args : posted) {
        const QJsonObject change = parse(args.at(0).toString());
        ops.append(change.value("op").toString());
        QCOMPARE(change.value("seq").toInteger(), lastSeq + 1);
        lastSeq = change.value("seq").toInteger();
    }
    QCOMPARE(ops, (QStringList{"append", "append", "update", "update", "remove", "clear"}));
    const QJsonObject update = parse(posted.at(3).at(0).toString());
    QCOMPARE(update.value("message").toObject().value("html").toString(), QStringLiteral("<p>partial answer</p>\n"));
    QCOMPARE(update.value("message").toObject().value("streaming").toBool(), true);
    QCOMPARE(parse(posted.at(4).at(0).toString()).value("id").toInteger(), 5);
}

void TestTranscriptBridge::updatesRenderOnlyWhatChanged()
{
    TranscriptBridge bridge;
    TranscriptMessage m = message(1, QStringLiteral("assistant"), QStringLiteral("same $a$"));
    m.reasoning = QStringLiteral("step 1");
    m.reasoningActive = true;
    bridge.appendMessage(m);
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);

    // Nothing changed: nothing posted.
    bridge.updateMessage(m);
    QCOMPARE(posted.count(), 0);

    // Only the timer changed: the content HTML is reused, not re-rendered.
    m.reasoningMs = 900;
    bridge.updateMessage(m);
    QCOMPARE(posted.count(), 1);
    QJsonObject sent = parse(posted.at(0).at(0).toString()).value("message").toObject();
    QCOMPARE(sent.value("reasoningMs").toInteger(), 900);
    QCOMPARE(sent.value("html").toString(), QStringLiteral("<p>same <span class=\"math math-inline\">a</span></p>\n"));

    m.reasoning = QStringLiteral("step 1\n\nstep 2");
    m.reasoningActive = false;
    bridge.updateMessage(m);
    sent = parse(posted.at(1).at(0).toString()).value("message").toObject();
    QCOMPARE(sent.value("reasoningHtml").toString(), QStringLiteral("<p>step 1</p>\n<p>step 2</p>\n"));
    QCOMPARE(sent.value("reasoningActive").toBool(), false);

    m.error = QStringLiteral("The model stopped.");
    m.interrupted = true;
    bridge.updateMessage(m);
    sent = parse(posted.at(2).at(0).toString()).value("message").toObject();
    QCOMPARE(sent.value("error").toString(), QStringLiteral("The model stopped."));
    QCOMPARE(sent.value("interrupted").toBool(), true);
}

void TestTranscriptBridge::snapshotCarriesStateAndSequence()
{
    TranscriptBridge bridge;
    QSignalSpy attached(&bridge, &TranscriptBridge::attachedChanged);
    bridge.setMessages({message(1, QStringLiteral("user"), QStringLiteral("a")),
                        message(2, QStringLiteral("assistant"), QStringLiteral("b"))});
    bridge.removeMessage(1);
    bridge.setReasoningMode(QStringLiteral("expanded"));
    QVERIFY(!bridge.attached());

    const QJsonObject snapshot = parse(bridge.attach());
    QVERIFY(bridge.attached());
    QCOMPARE(attached.count(), 1);
    // The page drops posts numbered up to here: they are in the snapshot.
    QCOMPARE(snapshot.value("seq").toInteger(), 3);
    QCOMPARE(snapshot.value("reasoningMode").toString(), QStringLiteral("expanded"));
    const QJsonArray list = snapshot.value("messages").toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value("html").toString(), QStringLiteral("<p>b</p>\n"));
    QCOMPARE(snapshot.value("strings").toObject(), TranscriptBridge::pageStrings());
    QCOMPARE(snapshot.value("scrollTo").toInteger(), 0);

    // A reload attaches again and gets the same state.
    QCOMPARE(parse(bridge.attach()), snapshot);
    QCOMPARE(attached.count(), 1);
}

void TestTranscriptBridge::longConversationsRenderOnDemand()
{
    TranscriptBridge bridge;
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);
    QList<TranscriptMessage> path;
    for (int i = 1; i <= 100; ++i)
        path.append(message(i, QStringLiteral("assistant"), QStringLiteral("message *%1*").arg(i)));
    bridge.setMessages(path);
    const QJsonArray list = parse(posted.at(0).at(0).toString()).value("messages").toArray();
    QCOMPARE(list.size(), 100);
    // The tail the page shows first comes rendered, the rest on request.
    int rendered = 0;
    for (const QJsonValue& m : list)
        rendered += m.toObject().contains("html") ? 1 : 0;
    QCOMPARE(rendered, 24);
    QVERIFY(!list.at(75).toObject().contains("html"));
    QCOMPARE(list.at(76).toObject().value("html").toString(), QStringLiteral("<p>message <em>77</em></p>\n"));
    QCOMPARE(list.at(0).toObject().value("role").toString(), QStringLiteral("assistant"));

    const QJsonArray asked = bridge.renderForPage({3, 1, 999});
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked.at(0).toObject().value("id").toInteger(), 3);
    QCOMPARE(asked.at(0).toObject().value("html").toString(), QStringLiteral("<p>message <em>3</em></p>\n"));
    QCOMPARE(asked.at(1).toObject().value("reasoningHtml").toString(), QString());
    // Rendered once, it stays rendered (a reload's snapshot carries it).
    QVERIFY(bridge.messageJson(3).contains("html"));
    QVERIFY(!bridge.messageJson(4).contains("html"));
    // An update renders the message it changes.
    bridge.updateMessage(message(5, QStringLiteral("assistant"), QStringLiteral("five")));
    QCOMPARE(bridge.messageJson(5).value("html").toString(), QStringLiteral("<p>five</p>\n"));
    QCOMPARE(posted.count(), 2);
}

void TestTranscriptBridge::scrollToWaitsForThePage()
{
    TranscriptBridge bridge;
    bridge.setMessages({message(1, QStringLiteral("user"), QStringLiteral("a")),
                        message(2, QStringLiteral("assistant"), QStringLiteral("b"))});
    bridge.scrollToMessage(1);
    QCOMPARE(parse(bridge.attach()).value("scrollTo").toInteger(), 1);
    // Handed over once.
    QCOMPARE(parse(bridge.attach()).value("scrollTo").toInteger(), 0);
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);
    bridge.scrollToMessage(2);
    QCOMPARE(posted.count(), 1);
    const QJsonObject change = parse(posted.at(0).at(0).toString());
    QCOMPARE(change.value("op").toString(), QStringLiteral("scrollTo"));
    QCOMPARE(change.value("id").toInteger(), 2);
    QCOMPARE(parse(bridge.attach()).value("scrollTo").toInteger(), 0);
}

void TestTranscriptBridge::reasoningModeIsValidated()
{
    TranscriptBridge bridge;
    QSignalSpy changed(&bridge, &TranscriptBridge::reasoningModeChanged);
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);
    QCOMPARE(bridge.reasoningMode(), QStringLiteral("collapsed"));
    bridge.setReasoningMode(QStringLiteral("collapsed"));
    QCOMPARE(changed.count(), 0);
    bridge.setReasoningMode(QStringLiteral("hidden"));
    QCOMPARE(bridge.reasoningMode(), QStringLiteral("hidden"));
    bridge.setReasoningMode(QStringLiteral("expanded"));
    QCOMPARE(bridge.reasoningMode(), QStringLiteral("expanded"));
    bridge.setReasoningMode(QStringLiteral("sideways"));
    QCOMPARE(bridge.reasoningMode(), QStringLiteral("collapsed"));
    QCOMPARE(changed.count(), 3);
    QCOMPARE(posted.count(), 3);
    const QJsonObject change = parse(posted.at(1).at(0).toString());
    QCOMPARE(change.value("op").toString(), QStringLiteral("mode"));
    QCOMPARE(change.value("reasoningMode").toString(), QStringLiteral("expanded"));
    QCOMPARE(bridge.property("reasoningMode").toString(), QStringLiteral("collapsed"));
}

void TestTranscriptBridge::themeAndFontSizeReachThePage()
{
    TranscriptBridge bridge;
    QSignalSpy themeChanged(&bridge, &TranscriptBridge::themeChanged);
    QSignalSpy sizeChanged(&bridge, &TranscriptBridge::fontSizeChanged);
    QSignalSpy posted(&bridge, &TranscriptBridge::posted);
    QCOMPARE(bridge.theme(), QStringLiteral("light"));
    QCOMPARE(bridge.fontSize(), 14);
    bridge.setTheme(QStringLiteral("light"));
    bridge.setFontSize(14);
    QCOMPARE(posted.count(), 0);

    bridge.setTheme(QStringLiteral("dark"));
    QCOMPARE(posted.count(), 1);
    QJsonObject change = parse(posted.at(0).at(0).toString());
    QCOMPARE(change.value("op").toString(), QStringLiteral("appearance"));
    QCOMPARE(change.value("theme").toString(), QStringLiteral("dark"));
    QCOMPARE(change.value("fontSize").toInt(), 14);

    bridge.setFontSize(40); // clamped like the setting
    QCOMPARE(bridge.fontSize(), 28);
    change = parse(posted.at(1).at(0).toString());
    QCOMPARE(change.value("theme").toString(), QStringLiteral("dark"));
    QCOMPARE(change.value("fontSize").toInt(), 28);
    bridge.setFontSize(3);
    QCOMPARE(bridge.fontSize(), 10);
    bridge.setTheme(QStringLiteral("purple"));
    QCOMPARE(bridge.theme(), QStringLiteral("light"));
    QCOMPARE(themeChanged.count(), 2);
    QCOMPARE(sizeChanged.count(), 2);
    QVERIFY(parse(posted.at(2).at(0).toString()).value("seq").toDouble()
            > parse(posted.at(1).at(0).toString()).value("seq").toDouble());

    // A page that (re)loads gets them in its snapshot.
    bridge.setTheme(QStringLiteral("dark"));
    bridge.setFontSize(18);
    const QJsonObject snapshot = parse(bridge.attach());
    QCOMPARE(snapshot.value("theme").toString(), QStringLiteral("dark"));
    QCOMPARE(snapshot.value("fontSize").toInt(), 18);
}

void TestTranscriptBridge::lastMessagesForTheKeyboard()
{
    TranscriptBridge bridge;
    QSignalSpy copy(&bridge, &TranscriptBridge::copyRequested);
    QSignalSpy edit(&bridge, &TranscriptBridge::editRequested);
    QCOMPARE(bridge.lastMessageId(QStringLiteral("user")), 0);
    QVERIFY(!bridge.editLastUserMessage());
    QVERIFY(!bridge.copyLastAnswer());
    QCOMPARE(copy.count() + edit.count(), 0);

    bridge.setMessages({message(1, QStringLiteral("user"), QStringLiteral("q1")),
                        message(2, QStringLiteral("assistant"), QStringLiteral("a1")),
                        message(3, QStringLiteral("user"), QStringLiteral("q2"))});
    QCOMPARE(bridge.lastMessageId(QStringLiteral("user")), 3);
    QCOMPARE(bridge.lastMessageId(QStringLiteral("assistant")), 2);
    QVERIFY(bridge.copyLastAnswer());
    QVERIFY(bridge.editLastUserMessage());
    bridge.appendMessage(message(4, QStringLiteral("assistant"), QStringLiteral("a2")));
    QVERIFY(bridge.copyLastAnswer());
    QCOMPARE(copy.count(), 2);
    QCOMPARE(copy.at(0).at(0).toLongLong(), 2);
    QCOMPARE(copy.at(1).at(0).toLongLong(), 4);
    QCOMPARE(edit.count(), 1);
    QCOMPARE(edit.at(0).at(0).toLongLong(), 3);
    bridge.removeMessage(4);
    QCOMPARE(bridge.lastMessageId(QStringLiteral("assistant")), 2);
}

void TestTranscriptBridge::pageCallsBecomeSignals()
{
    TranscriptBridge bridge;
    QSignalSpy copy(&bridge, &TranscriptBridge::copyRequested);
    QSignalSpy edit(&bridge, &TranscriptBridge::editRequested);
    QSignalSpy regenerate(&bridge, &TranscriptBridge::regenerateRequested);
    QSignalSpy sibling(&bridge, &TranscriptBridge::siblingRequested);
    QSignalSpy remove(&bridge, &TranscriptBridge::deleteRequested);
    // The page reaches the endpoint registered as "bridge", through its
    // meta-object as QWebChannel does; the bridge itself stays out of reach.
    QObject* page = static_cast<QWebChannel*>(bridge.channel())->registeredObjects().value(QStringLiteral("bridge"));
    QVERIFY(page);
    QVERIFY(page != &bridge);
    QCOMPARE(page->metaObject()->indexOfProperty("channel"), -1);
    QCOMPARE(page->metaObject()->indexOfProperty("reasoningMode"), -1);
    QCOMPARE(page->metaObject()->indexOfMethod("clear()"), -1);
    QVERIFY(QMetaObject::invokeMethod(page, "copyMessage", Q_ARG(double, 41)));
    QVERIFY(QMetaObject::invokeMethod(page, "editMessage", Q_ARG(double, 42)));
    QVERIFY(QMetaObject::invokeMethod(page, "regenerateMessage", Q_ARG(double, 43)));
    QVERIFY(QMetaObject::invokeMethod(page, "switchSibling", Q_ARG(double, 44), Q_ARG(int, -1)));
    QVERIFY(QMetaObject::invokeMethod(page, "switchSibling", Q_ARG(double, 44), Q_ARG(int, 5)));
    QVERIFY(QMetaObject::invokeMethod(page, "switchSibling", Q_ARG(double, 44), Q_ARG(int, 0)));
    QVERIFY(QMetaObject::invokeMethod(page, "deleteMessage", Q_ARG(double, 9007199254740991.0)));
    bridge.setMessages({message(7, QStringLiteral("user"), QStringLiteral("*seven*"))});
    QString rendered;
    const QVariantList ids{7.0, 8.0};
    QVERIFY(QMetaObject::invokeMethod(page, "render", Q_RETURN_ARG(QString, rendered), Q_ARG(QVariantList, ids)));
    const QJsonArray renderedList = QJsonDocument::fromJson(rendered.toUtf8()).array();
    QCOMPARE(renderedList.size(), 1);
    QCOMPARE(renderedList.at(0).toObject().value("html").toString(), QStringLiteral("<p><em>seven</em></p>\n"));
    QString snapshot;
    QVERIFY(QMetaObject::invokeMethod(page, "attach", Q_RETURN_ARG(QString, snapshot)));
    QVERIFY(bridge.attached());
    QCOMPARE(parse(snapshot).value("reasoningMode").toString(), QStringLiteral("collapsed"));
    // Posts reach the page through the endpoint's own signal.
    QSignalSpy pagePosted(page, SIGNAL(posted(QString)));
    bridge.clear();
    QCOMPARE(pagePosted.count(), 1);
    QCOMPARE(copy.count(), 1);
    QCOMPARE(copy.at(0).at(0).toLongLong(), 41);
    QCOMPARE(edit.at(0).at(0).toLongLong(), 42);
    QCOMPARE(regenerate.at(0).at(0).toLongLong(), 43);
    QCOMPARE(sibling.count(), 2);
    QCOMPARE(sibling.at(0).at(0).toLongLong(), 44);
    QCOMPARE(sibling.at(0).at(1).toInt(), -1);
    QCOMPARE(sibling.at(1).at(1).toInt(), 1);
    QCOMPARE(remove.at(0).at(0).toLongLong(), Q_INT64_C(9007199254740991));
    // The page finds the bridge under this name.
}

void TestTranscriptBridge::openLinkAllowsOnlyWebAndMail_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("opens");
    QTest::newRow("https") << "https://example.com/a?b=c#d" << true;
    QTest::newRow("http") << "http://example.com/" << true;
    QTest::newRow("mailto") << "mailto:someone@example.com" << true;
    QTest::newRow("upper-case scheme") << "HTTPS://example.com/" << true;
    QTest::newRow("javascript") << "javascript:alert(1)" << false;
    QTest::newRow("file") << "file:///etc/passwd" << false;
    QTest::newRow("qrc") << "qrc:/web/transcript.html" << false;
    QTest::newRow("data") << "data:text/html,<script>alert(1)</script>" << false;
    QTest::newRow("relative") << "/etc/passwd" << false;
    QTest::newRow("no host") << "http:///path" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("garbage") << "ht!tp://x y" << false;
}

void TestTranscriptBridge::openLinkAllowsOnlyWebAndMail()
{
    QFETCH(QString, url);
    QFETCH(bool, opens);
    TranscriptBridge bridge;
    QSignalSpy activated(&bridge, &TranscriptBridge::linkActivated);
    sink_.opened.clear();
    QCOMPARE(bridge.openLink(url), opens);
    QCOMPARE(sink_.opened.size(), opens ? 1 : 0);
    if (opens)
        QCOMPARE(sink_.opened.at(0), QUrl(url));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), url);
    QCOMPARE(activated.at(0).at(1).toBool(), opens);
}

void TestTranscriptBridge::copyTextUsesTheClipboard()
{
    TranscriptBridge bridge;
    bridge.copyText(QStringLiteral("print(\"求索\")\n"));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("print(\"求索\")\n"));
}

void TestTranscriptBridge::pageStringsAreAllTranslatable()
{
    const QJsonObject strings = TranscriptBridge::pageStrings();
    for (const char* key : {"thinking", "thought", "copy", "copied", "copyCode", "edit", "regenerate", "delete",
                            "previous", "next", "stopped", "jumpToLatest", "code", "formulaError"}) {
        QVERIFY2(!strings.value(QLatin1String(key)).toString().isEmpty(), key);
    }
    // The timer texts carry the seconds' placeholder the page fills in.
    QVERIFY(strings.value("thinking").toString().contains(QLatin1String("%1")));
    QVERIFY(strings.value("thought").toString().contains(QLatin1String("%1")));
}

void TestTranscriptBridge::pageStringsFollowTheLanguage()
{
    // The committed zh_CN translation, compiled as the app build does.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString qm = dir.filePath(QStringLiteral("qiusuo_zh_CN.qm"));
    QProcess lrelease;
    lrelease.setProcessChannelMode(QProcess::MergedChannels);
    lrelease.start(QStringLiteral(QIUSUO_LRELEASE),
                   {QStringLiteral(QIUSUO_SOURCE_DIR "/translations/qiusuo_zh_CN.ts"), QStringLiteral("-qm"), qm});
    QVERIFY2(lrelease.waitForFinished(60'000), "lrelease did not finish in 60 s");
    QVERIFY2(lrelease.exitCode() == 0, lrelease.readAll().constData());
    QTranslator translator;
    QVERIFY(translator.load(qm));
    const QJsonObject english = TranscriptBridge::pageStrings();
    QCoreApplication::installTranslator(&translator);
    const QJsonObject chinese = TranscriptBridge::pageStrings();
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(chinese.value("thinking").toString(), QStringLiteral("思考中… %1 秒"));
    QCOMPARE(chinese.value("jumpToLatest").toString(), QStringLiteral("跳到最新"));
    QCOMPARE(chinese.keys(), english.keys());
    for (const QString& key : english.keys())
        QVERIFY2(chinese.value(key) != english.value(key), qPrintable(key));
}

QTEST_MAIN(TestTranscriptBridge)

#include "tst_transcriptbridge.moc"
