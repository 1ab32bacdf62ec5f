// SearchResultsModel under QAbstractItemModelTester on a real store: hits
// across conversations with highlighted, escaped snippets; and the sidebar's
// delete with undo (ConversationListModel::hide/unhide/remove) likewise.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/chat/searchresultsmodel.h"
#include "ui/conversationlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace qiusuo;
using qiusuo::ui::ConversationListModel;
using qiusuo::ui::SearchResultsModel;

class TestSearchResultsModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void findsMessagesWithHighlightedSnippets();
    void snippetsCannotInjectMarkup();
    void blankQueryClears();
    void hiddenConversationsComeBackOrGo();

private:
    qint64 addMessage(qint64 conversation, const std::string& content, storage::MessageRole role = storage::MessageRole::User)
    {
        storage::NewMessage m;
        m.role = role;
        m.content = content;
        return store_->appendMessage(conversation, std::nullopt, m);
    }

    std::unique_ptr<QTemporaryDir> dir_;
    std::optional<storage::Database> db_;
    std::unique_ptr<storage::ConversationStore> store_;
};

void TestSearchResultsModel::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    db_.emplace(storage::Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString()));
    store_ = std::make_unique<storage::ConversationStore>(*db_);
}

void TestSearchResultsModel::cleanup()
{
    store_.reset();
    db_.reset();
    dir_.reset();
}

void TestSearchResultsModel::findsMessagesWithHighlightedSnippets()
{
    const auto physics = store_->createConversation("Physics");
    const auto cooking = store_->createConversation("Cooking");
    const qint64 photon = addMessage(physics.id, "What is a photon? 光子是什么");
    addMessage(cooking.id, "How long to boil an egg?");

    SearchResultsModel model(store_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy count(&model, &SearchResultsModel::countChanged);
    model.setQuery(QStringLiteral("photon"));
    QCOMPARE(model.query(), QStringLiteral("photon"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(count.count(), 1);
    const QModelIndex hit = model.index(0);
    QCOMPARE(model.data(hit, SearchResultsModel::ConversationIdRole).toString(), QString::fromStdString(physics.uuid));
    QCOMPARE(model.data(hit, SearchResultsModel::ConversationTitleRole).toString(), QStringLiteral("Physics"));
    QCOMPARE(model.data(hit, SearchResultsModel::MessageIdRole).toLongLong(), photon);
    QCOMPARE(model.data(hit, SearchResultsModel::RoleRole).toString(), QStringLiteral("user"));
    QVERIFY2(model.data(hit, SearchResultsModel::SnippetRole).toString().contains(QStringLiteral("<b>photon</b>")),
             qPrintable(model.data(hit, SearchResultsModel::SnippetRole).toString()));

    // Chinese, two characters (the LIKE path).
    model.setQuery(QStringLiteral("光子"));
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.data(model.index(0), SearchResultsModel::SnippetRole).toString().contains(QStringLiteral("<b>光子</b>")));

    model.setQuery(QStringLiteral("nothing like this"));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.roleNames().value(SearchResultsModel::SnippetRole), QByteArray("snippet"));
}

void TestSearchResultsModel::snippetsCannotInjectMarkup()
{
    QCOMPARE(SearchResultsModel::snippetToHtml("a <img src=x onerror=alert(1)> \x02" "match\x03 & b"),
             QStringLiteral("a &lt;img src=x onerror=alert(1)&gt; <b>match</b> &amp; b"));
    const auto c = store_->createConversation("Hostile");
    addMessage(c.id, "<script>x</script> payload");
    SearchResultsModel model(store_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(QStringLiteral("payload"));
    QCOMPARE(model.rowCount(), 1);
    const QString snippet = model.data(model.index(0), SearchResultsModel::SnippetRole).toString();
    QVERIFY2(snippet.contains(QStringLiteral("x&lt;/script&gt; <b>payload</b>")), qPrintable(snippet));
    // No tag but the highlight's.
    QVERIFY2(!QString(snippet).remove(QStringLiteral("<b>")).remove(QStringLiteral("</b>")).contains(QLatin1Char('<')),
             qPrintable(snippet));
}

void TestSearchResultsModel::blankQueryClears()
{
    const auto c = store_->createConversation("One");
    addMessage(c.id, "hello there");
    SearchResultsModel model(store_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(QStringLiteral("hello"));
    QCOMPARE(model.rowCount(), 1);
    model.setQuery(QStringLiteral("   "));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.count(), 0);
}

void TestSearchResultsModel::hiddenConversationsComeBackOrGo()
{
    const auto older = store_->createConversation("Older");
    QTest::qWait(3);
    const auto newer = store_->createConversation("Newer");
    ConversationListModel list(store_.get());
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString olderId = QString::fromStdString(older.uuid);
    const QString newerId = QString::fromStdString(newer.uuid);
    QCOMPARE(list.indexOf(newerId), 0);

    // Hidden: out of the list (also after a reload), still in the store.
    QVERIFY(list.hide(newerId));
    QCOMPARE(list.rowCount(), 1);
    list.reload();
    QCOMPARE(list.rowCount(), 1);
    QVERIFY(store_->findConversation(newer.id));
    // Undo: back in its place.
    QVERIFY(list.unhide(newerId));
    QCOMPARE(list.rowCount(), 2);
    QCOMPARE(list.indexOf(newerId), 0);
    QVERIFY(!list.unhide(newerId)); // not hidden any more

    // Hidden, then deleted for good.
    QVERIFY(list.hide(olderId));
    QVERIFY(list.remove(olderId));
    QVERIFY(!store_->findConversation(older.id));
    QCOMPARE(list.rowCount(), 1);
    QVERIFY(!list.unhide(olderId));
}

QTEST_GUILESS_MAIN(TestSearchResultsModel)
#include "tst_searchresultsmodel.moc"
