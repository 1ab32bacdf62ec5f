#pragma once
/// @brief The sidebar's search results: messages matching a query across all
/// conversations, each with a snippet whose matches are highlighted.

#include "storage/searchhit.h"

#include <QAbstractListModel>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace qiusuo::storage {
class ConversationStore;
}

namespace qiusuo::ui {

/// setQuery() searches the store (MessageSearch: literal text, Chinese works
/// from one character) and resets the list. Snippets come as rich text for
/// a QML Text with textFormat StyledText: the message's text HTML-escaped,
/// the matches in <b>…</b>, so a message can never inject markup.
class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application and passed to Main.qml")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        ConversationIdRole = Qt::UserRole + 1, ///< "conversationId": the conversation's uuid
        ConversationTitleRole,                 ///< "conversationTitle"
        MessageIdRole,                         ///< "messageId": qint64
        RoleRole,                              ///< "role": "user" | "assistant" | ...
        SnippetRole,                           ///< "snippet": escaped rich text with <b> matches
    };
    Q_ENUM(Roles)

    static constexpr int kLimit = 50;

    explicit SearchResultsModel(storage::ConversationStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return query_; }
    /// Searches for `query` (blank clears the results).
    void setQuery(const QString& query);
    int count() const { return int(hits_.size()); }

    /// A stored snippet (matches between STX and ETX) as safe rich text.
    static QString snippetToHtml(const std::string& snippet);

signals:
    void queryChanged();
    void countChanged();
    void errorOccurred(const QString& message);

private:
    storage::ConversationStore* store_;
    QString query_;
    std::vector<storage::SearchHit> hits_;
};

} // namespace qiusuo::ui
