#include "ui/conversationlistmodel.h"

#include "storage/conversationstore.h"
#include "storage/storageerror.h"
#include "ui/relativetime.h"

#include <exception>

namespace qiusuo::ui {

namespace {

// Relative times ("5 min ago") go stale; one refresh a minute keeps them right
// to the minute the label shows.
constexpr int kRelativeTimeRefreshMs = 60 * 1000;

std::string toUtf8(const QString& text)
{
    return text.toStdString();
}

} // namespace

ConversationListModel::ConversationListModel(QObject* parent)
    : ConversationListModel(nullptr, parent)
{
}

ConversationListModel::ConversationListModel(storage::ConversationStore* store, QObject* parent)
    : QAbstractListModel(parent)
{
    relativeTimeTimer_.setInterval(kRelativeTimeRefreshMs);
    connect(&relativeTimeTimer_, &QTimer::timeout, this, &ConversationListModel::refreshRelativeTimes);
    relativeTimeTimer_.start();
    setStore(store);
}

void ConversationListModel::setStore(storage::ConversationStore* store)
{
    store_ = store;
    reload();
}

int ConversationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(items_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item& item = items_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return item.title;
    case UuidRole:
        return item.uuid;
    case CreatedAtRole:
        return item.createdAt;
    case UpdatedAtRole:
        return item.updatedAt;
    case PinnedRole:
        return item.pinned;
    case RelativeTimeRole:
        return RelativeTime::format(item.updatedAt, QDateTime::currentDateTime());
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {
        {UuidRole, "conversationId"},
        {TitleRole, "title"},
        {CreatedAtRole, "createdAt"},
        {UpdatedAtRole, "updatedAt"},
        {PinnedRole, "pinned"},
        {RelativeTimeRole, "relativeTime"},
    };
}

QString ConversationListModel::createConversation(const QString& title)
{
    if (!store_)
        return {};
    try {
        const Item item = toItem(store_->createConversation(toUtf8(title.trimmed())));
        const int row = sortedPosition(item, -1);
        beginInsertRows({}, row, row);
        items_.insert(items_.begin() + row, item);
        endInsertRows();
        emit countChanged();
        return item.uuid;
    } catch (const std::exception& error) {
        reportError(error);
        return {};
    }
}

bool ConversationListModel::rename(const QString& uuid, const QString& title)
{
    const int row = indexOf(uuid);
    const QString trimmed = title.trimmed();
    if (row < 0 || !store_ || trimmed.isEmpty())
        return false;
    try {
        store_->renameConversation(items_[size_t(row)].id, toUtf8(trimmed));
        refreshRow(row);
        return true;
    } catch (const std::exception& error) {
        reportError(error);
        return false;
    }
}

bool ConversationListModel::remove(const QString& uuid)
{
    const int row = indexOf(uuid);
    if (row < 0 && store_ && hidden_.contains(uuid)) {
        hidden_.remove(uuid);
        try {
            store_->deleteConversation(store_->conversationByUuid(toUtf8(uuid)).id);
            return true;
        } catch (const std::exception& error) {
            reportError(error);
            return false;
        }
    }
    if (row < 0 || !store_)
        return false;
    try {
        store_->deleteConversation(items_[size_t(row)].id);
        beginRemoveRows({}, row, row);
        items_.erase(items_.begin() + row);
        endRemoveRows();
        emit countChanged();
        return true;
    } catch (const std::exception& error) {
        reportError(error);
        return false;
    }
}

bool ConversationListModel::setPinned(const QString& uuid, bool pinned)
{
    const int row = indexOf(uuid);
    if (row < 0 || !store_)
        return false;
    try {
        store_->setPinned(items_[size_t(row)].id, pinned);
        refreshRow(row);
        return true;
    } catch (const std::exception& error) {
        reportError(error);
        return false;
    }
}

bool ConversationListModel::hide(const QString& uuid)
{
    const int row = indexOf(uuid);
    if (row < 0)
        return false;
    hidden_.insert(uuid);
    beginRemoveRows({}, row, row);
    items_.erase(items_.begin() + row);
    endRemoveRows();
    emit countChanged();
    return true;
}

bool ConversationListModel::unhide(const QString& uuid)
{
    if (!hidden_.remove(uuid) || !store_)
        return false;
    try {
        const Item item = toItem(store_->conversationByUuid(toUtf8(uuid)));
        const int row = sortedPosition(item, -1);
        beginInsertRows({}, row, row);
        items_.insert(items_.begin() + row, item);
        endInsertRows();
        emit countChanged();
        return true;
    } catch (const std::exception& error) {
        reportError(error);
        return false;
    }
}

void ConversationListModel::refresh(const QString& uuid)
{
    const int row = indexOf(uuid);
    if (row < 0 || !store_)
        return;
    try {
        refreshRow(row);
    } catch (const std::exception& error) {
        reportError(error);
    }
}

int ConversationListModel::indexOf(const QString& uuid) const
{
    for (size_t row = 0; row < items_.size(); ++row) {
        if (items_[row].uuid == uuid)
            return int(row);
    }
    return -1;
}

void ConversationListModel::reload()
{
    std::vector<Item> fresh;
    if (store_) {
        try {
            for (const storage::Conversation& conversation : store_->listConversations()) {
                if (!hidden_.contains(QString::fromStdString(conversation.uuid)))
                    fresh.push_back(toItem(conversation));
            }
        } catch (const std::exception& error) {
            reportError(error);
            return;
        }
    }
    const int before = count();
    beginResetModel();
    items_ = std::move(fresh);
    endResetModel();
    if (count() != before)
        emit countChanged();
}

ConversationListModel::Item ConversationListModel::toItem(const storage::Conversation& conversation)
{
    Item item;
    item.id = conversation.id;
    item.uuid = QString::fromStdString(conversation.uuid);
    item.title = QString::fromStdString(conversation.title);
    item.createdAt = QDateTime::fromMSecsSinceEpoch(conversation.createdAt);
    item.updatedAt = QDateTime::fromMSecsSinceEpoch(conversation.updatedAt);
    item.pinned = conversation.pinned;
    return item;
}

bool ConversationListModel::comesBefore(const Item& a, const Item& b)
{
    if (a.pinned != b.pinned)
        return a.pinned;
    if (a.updatedAt != b.updatedAt)
        return a.updatedAt > b.updatedAt;
    return a.id > b.id;
}

int ConversationListModel::sortedPosition(const Item& item, int ignoreRow) const
{
    int position = 0;
    for (size_t row = 0; row < items_.size(); ++row) {
        if (int(row) != ignoreRow && comesBefore(items_[row], item))
            ++position;
    }
    return position;
}

void ConversationListModel::updateRow(int row, const Item& item)
{
    const int target = sortedPosition(item, row);
    if (target != row) {
        // Qt's destination is the row before which the moved row lands,
        // counted in the list before the move.
        const int destination = target > row ? target + 1 : target;
        beginMoveRows({}, row, row, {}, destination);
        Item moved = items_[size_t(row)];
        items_.erase(items_.begin() + row);
        items_.insert(items_.begin() + target, moved);
        endMoveRows();
    }
    items_[size_t(target)] = item;
    const QModelIndex changed = index(target);
    emit dataChanged(changed, changed,
                     {Qt::DisplayRole, TitleRole, CreatedAtRole, UpdatedAtRole, PinnedRole, RelativeTimeRole});
}

void ConversationListModel::refreshRow(int row)
{
    updateRow(row, toItem(store_->conversation(items_[size_t(row)].id)));
}

void ConversationListModel::refreshRelativeTimes()
{
    if (items_.empty())
        return;
    emit dataChanged(index(0), index(count() - 1), {RelativeTimeRole});
}

void ConversationListModel::reportError(const std::exception& error)
{
    emit errorOccurred(QString::fromUtf8(error.what()));
    // Deleted elsewhere (another window, qiusuo-cli): show the store as it is.
    const auto* storageError = dynamic_cast<const storage::StorageError*>(&error);
    if (storageError && storageError->kind() == storage::StorageError::Kind::NoSuchItem)
        reload();
}

} // namespace qiusuo::ui
