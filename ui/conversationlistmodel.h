#pragma once
/// @brief The sidebar's list of conversations, read from and written through
/// the ConversationStore: pinned first, then most recently updated first.

#include "storage/conversation.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QSet>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace qiusuo::storage {
class ConversationStore;
}

namespace qiusuo::ui {

/// QML identifies a conversation by its uuid (a string, stable across export
/// and import); the store's integer id stays inside this class. Every change
/// goes to the store first and the model follows with the matching
/// insert/remove/move/dataChanged signals, so views keep their selection.
/// Store errors never throw into QML: the call returns false (or an empty
/// uuid) and errorOccurred() carries the store's message for the user.
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application and passed to Main.qml")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        UuidRole = Qt::UserRole + 1, ///< "conversationId": the uuid string
        TitleRole,                   ///< "title"
        CreatedAtRole,               ///< "createdAt": QDateTime, local time
        UpdatedAtRole,               ///< "updatedAt": QDateTime, local time
        PinnedRole,                  ///< "pinned": bool
        RelativeTimeRole,            ///< "relativeTime": "5 min ago" for updatedAt
    };
    Q_ENUM(Roles)

    /// Empty until setStore(); `store` must outlive the model.
    explicit ConversationListModel(QObject* parent = nullptr);
    explicit ConversationListModel(storage::ConversationStore* store, QObject* parent = nullptr);

    void setStore(storage::ConversationStore* store);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(items_.size()); }

    /// Creates a conversation titled `title` and returns its uuid ("" on error).
    Q_INVOKABLE QString createConversation(const QString& title);
    /// Renames it; a title that is blank after trimming is refused.
    Q_INVOKABLE bool rename(const QString& uuid, const QString& title);
    /// Deletes it with all its messages (also when hidden).
    Q_INVOKABLE bool remove(const QString& uuid);
    /// Takes it out of the list without deleting it (delete with undo: the
    /// window deletes it with remove() when the undo time is over, or
    /// brings it back with unhide()). Hidden ones stay out of reload().
    Q_INVOKABLE bool hide(const QString& uuid);
    /// Puts a hidden conversation back in its place in the list.
    Q_INVOKABLE bool unhide(const QString& uuid);
    Q_INVOKABLE bool setPinned(const QString& uuid, bool pinned);
    /// The row of `uuid`, or -1.
    Q_INVOKABLE int indexOf(const QString& uuid) const;
    /// Reads the whole list from the store again (a model reset).
    Q_INVOKABLE void reload();
    /// Re-reads one conversation (its title or time changed elsewhere, e.g.
    /// a new message), moving its row where it now belongs.
    Q_INVOKABLE void refresh(const QString& uuid);

signals:
    void countChanged();
    /// A store operation failed; `message` is written for the user.
    void errorOccurred(const QString& message);

private:
    struct Item {
        qint64 id = 0;
        QString uuid;
        QString title;
        QDateTime createdAt;
        QDateTime updatedAt;
        bool pinned = false;
    };

    static Item toItem(const storage::Conversation& conversation);
    /// The store's order: pinned first, then newest update, then newest id.
    static bool comesBefore(const Item& a, const Item& b);
    /// Where `item` belongs in items_ with the item at `ignoreRow` taken out.
    int sortedPosition(const Item& item, int ignoreRow) const;
    /// Replaces row `row` with `item`, moving the row where it now belongs.
    void updateRow(int row, const Item& item);
    /// Re-reads the conversation of `row` from the store and updates the row.
    void refreshRow(int row);
    void refreshRelativeTimes();
    /// Emits errorOccurred; reloads when the item no longer exists.
    void reportError(const std::exception& error);

    storage::ConversationStore* store_ = nullptr;
    std::vector<Item> items_;
    QSet<QString> hidden_; ///< uuids taken out by hide()
    QTimer relativeTimeTimer_;
};

} // namespace qiusuo::ui
