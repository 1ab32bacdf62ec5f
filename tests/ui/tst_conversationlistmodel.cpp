// ConversationListModel against a real SQLite store in a temporary folder,
// checked by QAbstractItemModelTester on every change.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/conversationlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>

using qiusuo::storage::ConversationStore;
using qiusuo::storage::Database;
using qiusuo::ui::ConversationListModel;

class TestConversationListModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsWhatTheStoreHoldsNewestFirst();
    void createInsertsAtTheTopBelowPinned();
    void renameChangesTitleAndKeepsRowsConsistent();
    void renameRefusesBlankTitles();
    void removeDeletesFromStoreAndModel();
    void pinMovesToTopAndUnpinMovesBack();
    void unknownIdsAreRefusedWithoutChanges();
    void storeErrorsAreReportedNotThrown();
    void roleNamesAreTheOnesQmlUses();

private:
    /// Waits long enough that the store's millisecond timestamps differ, so
    /// "newest first" is decided by time, not by the id tie-break.
    static void nextMillisecond() { QThread::msleep(3); }
    QStringList titles() const;
    QString create(const QString& title);

    std::unique_ptr<QTemporaryDir> dir_;
    std::optional<Database> db_;
    std::unique_ptr<ConversationStore> store_;
    std::unique_ptr<ConversationListModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

void TestConversationListModel::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    db_.emplace(Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString()));
    store_ = std::make_unique<ConversationStore>(*db_);
    model_ = std::make_unique<ConversationListModel>(store_.get());
    tester_ = std::make_unique<QAbstractItemModelTester>(
        model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestConversationListModel::cleanup()
{
    tester_.reset();
    model_.reset();
    store_.reset();
    db_.reset();
    dir_.reset();
}

QStringList TestConversationListModel::titles() const
{
    QStringList result;
    for (int row = 0; row < model_->rowCount(); ++row)
        result << model_->data(model_->index(row), ConversationListModel::TitleRole).toString();
    return result;
}

QString TestConversationListModel::create(const QString& title)
{
    nextMillisecond();
    return model_->createConversation(title);
}

void TestConversationListModel::listsWhatTheStoreHoldsNewestFirst()
{
    store_->createConversation("older");
    nextMillisecond();
    store_->createConversation("新的对话");
    model_->reload();
    QCOMPARE(model_->rowCount(), 2);
    QCOMPARE(model_->count(), 2);
    QCOMPARE(titles(), (QStringList{QStringLiteral("新的对话"), QStringLiteral("older")}));

    // A second model on the same store (a restart) sees the same list.
    ConversationListModel again(store_.get());
    QCOMPARE(again.rowCount(), 2);
    QCOMPARE(again.data(again.index(0), ConversationListModel::TitleRole).toString(), QStringLiteral("新的对话"));
}

void TestConversationListModel::createInsertsAtTheTopBelowPinned()
{
    const QString pinned = create(QStringLiteral("pinned one"));
    QVERIFY(model_->setPinned(pinned, true));
    create(QStringLiteral("first"));

    QSignalSpy inserted(model_.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy countChanged(model_.get(), &ConversationListModel::countChanged);
    const QString id = create(QStringLiteral("second"));
    QVERIFY(!id.isEmpty());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1); // first row below the pinned one
    QCOMPARE(countChanged.count(), 1);
    QCOMPARE(titles(), (QStringList{QStringLiteral("pinned one"), QStringLiteral("second"), QStringLiteral("first")}));
    QCOMPARE(model_->indexOf(id), 1);

    const QModelIndex row = model_->index(1);
    QCOMPARE(row.data(ConversationListModel::UuidRole).toString(), id);
    QCOMPARE(row.data(ConversationListModel::PinnedRole).toBool(), false);
    QCOMPARE(row.data(ConversationListModel::RelativeTimeRole).toString(), QStringLiteral("Just now"));
    const QDateTime created = row.data(ConversationListModel::CreatedAtRole).toDateTime();
    QVERIFY(qAbs(created.msecsTo(QDateTime::currentDateTime())) < 10'000);

    // It is in the store, not only in the model.
    const auto stored = store_->conversationByUuid(id.toStdString());
    QCOMPARE(QString::fromStdString(stored.title), QStringLiteral("second"));
}

void TestConversationListModel::renameChangesTitleAndKeepsRowsConsistent()
{
    const QString a = create(QStringLiteral("a"));
    create(QStringLiteral("b"));
    QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);

    nextMillisecond();
    QVERIFY(model_->rename(a, QStringLiteral("  关于量子力学的问题  ")));
    QVERIFY(changed.count() >= 1);
    const int row = model_->indexOf(a);
    QVERIFY(row >= 0);
    QCOMPARE(model_->data(model_->index(row), ConversationListModel::TitleRole).toString(),
             QStringLiteral("关于量子力学的问题"));
    QCOMPARE(QString::fromStdString(store_->conversationByUuid(a.toStdString()).title),
             QStringLiteral("关于量子力学的问题"));
    // The model's order is always the store's order.
    ConversationListModel fresh(store_.get());
    QCOMPARE(fresh.indexOf(a), row);
}

void TestConversationListModel::renameRefusesBlankTitles()
{
    const QString id = create(QStringLiteral("keep me"));
    QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(!model_->rename(id, QStringLiteral("   ")));
    QVERIFY(!model_->rename(id, QString()));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(titles(), QStringList{QStringLiteral("keep me")});
}

void TestConversationListModel::removeDeletesFromStoreAndModel()
{
    const QString a = create(QStringLiteral("a"));
    const QString b = create(QStringLiteral("b"));
    create(QStringLiteral("c"));
    QSignalSpy removed(model_.get(), &QAbstractItemModel::rowsRemoved);

    QVERIFY(model_->remove(b));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(titles(), (QStringList{QStringLiteral("c"), QStringLiteral("a")}));
    QCOMPARE(model_->indexOf(b), -1);
    QCOMPARE(store_->listConversations().size(), size_t(2));

    QVERIFY(model_->remove(a));
    QCOMPARE(titles(), QStringList{QStringLiteral("c")});
}

void TestConversationListModel::pinMovesToTopAndUnpinMovesBack()
{
    const QString oldest = create(QStringLiteral("oldest"));
    create(QStringLiteral("middle"));
    create(QStringLiteral("newest"));
    QSignalSpy moved(model_.get(), &QAbstractItemModel::rowsMoved);

    QVERIFY(model_->setPinned(oldest, true));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(model_->indexOf(oldest), 0);
    QCOMPARE(model_->data(model_->index(0), ConversationListModel::PinnedRole).toBool(), true);
    QVERIFY(store_->conversationByUuid(oldest.toStdString()).pinned);

    // New conversations go below the pinned one.
    const QString newer = create(QStringLiteral("newer still"));
    QCOMPARE(model_->indexOf(oldest), 0);
    QCOMPARE(model_->indexOf(newer), 1);

    QVERIFY(model_->setPinned(oldest, false));
    QVERIFY(!store_->conversationByUuid(oldest.toStdString()).pinned);
    ConversationListModel fresh(store_.get());
    QCOMPARE(model_->indexOf(oldest), fresh.indexOf(oldest));
    QCOMPARE(model_->data(model_->index(model_->indexOf(oldest)), ConversationListModel::PinnedRole).toBool(),
             false);
}

void TestConversationListModel::unknownIdsAreRefusedWithoutChanges()
{
    create(QStringLiteral("only"));
    QSignalSpy errors(model_.get(), &ConversationListModel::errorOccurred);
    QVERIFY(!model_->rename(QStringLiteral("no-such-uuid"), QStringLiteral("x")));
    QVERIFY(!model_->remove(QStringLiteral("no-such-uuid")));
    QVERIFY(!model_->setPinned(QStringLiteral("no-such-uuid"), true));
    QCOMPARE(model_->indexOf(QStringLiteral("no-such-uuid")), -1);
    QCOMPARE(titles(), QStringList{QStringLiteral("only")});
    QCOMPARE(errors.count(), 0);
}

void TestConversationListModel::storeErrorsAreReportedNotThrown()
{
    const QString id = create(QStringLiteral("gone behind the model's back"));
    // Another window (or the CLI) deletes it; this model has not reloaded.
    store_->deleteConversation(store_->conversationByUuid(id.toStdString()).id);
    QSignalSpy errors(model_.get(), &ConversationListModel::errorOccurred);
    QVERIFY(!model_->rename(id, QStringLiteral("new title")));
    QCOMPARE(errors.count(), 1);
    QVERIFY(!errors.at(0).at(0).toString().isEmpty());
    // The model then shows the store as it is.
    QCOMPARE(model_->indexOf(id), -1);
    QCOMPARE(model_->rowCount(), 0);
}

void TestConversationListModel::roleNamesAreTheOnesQmlUses()
{
    const auto names = model_->roleNames();
    QCOMPARE(names.value(ConversationListModel::UuidRole), QByteArray("conversationId"));
    QCOMPARE(names.value(ConversationListModel::TitleRole), QByteArray("title"));
    QCOMPARE(names.value(ConversationListModel::PinnedRole), QByteArray("pinned"));
    QCOMPARE(names.value(ConversationListModel::RelativeTimeRole), QByteArray("relativeTime"));
    QCOMPARE(names.value(ConversationListModel::CreatedAtRole), QByteArray("createdAt"));
    QCOMPARE(names.value(ConversationListModel::UpdatedAtRole), QByteArray("updatedAt"));
    QCOMPARE(int(ConversationListModel::UuidRole), Qt::UserRole + 1);
}

QTEST_GUILESS_MAIN(TestConversationListModel)
#include "tst_conversationlistmodel.moc"
