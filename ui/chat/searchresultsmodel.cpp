#include "ui/chat/searchresultsmodel.h"

#include "storage/conversationstore.h"

#include <exception>

namespace qiusuo::ui {

SearchResultsModel::SearchResultsModel(storage::ConversationStore* store, QObject* parent)
    : QAbstractListModel(parent), store_(store)
{
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(hits_.size());
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const storage::SearchHit& hit = hits_[size_t(index.row())];
    switch (role) {
    case ConversationIdRole:
        return QString::fromStdString(hit.conversationUuid);
    case Qt::DisplayRole:
    case ConversationTitleRole:
        return QString::fromStdString(hit.conversationTitle);
    case MessageIdRole:
        return qint64(hit.messageId);
    case RoleRole:
        return QString::fromLatin1(storage::toString(hit.role));
    case SnippetRole:
        return snippetToHtml(hit.snippet);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultsModel::roleNames() const
{
    return {
        {ConversationIdRole, "conversationId"},
        {ConversationTitleRole, "conversationTitle"},
        {MessageIdRole, "messageId"},
        {RoleRole, "role"},
        {SnippetRole, "snippet"},
    };
}

void SearchResultsModel::setQuery(const QString& query)
{
    if (query == query_)
        return;
    query_ = query;
    emit queryChanged();
    std::vector<storage::SearchHit> hits;
    const QString trimmed = query.trimmed();
    if (!trimmed.isEmpty() && store_) {
        try {
            storage::SearchOptions options;
            options.limit = kLimit;
            hits = store_->search(trimmed.toStdString(), options);
        } catch (const std::exception& error) {
            emit errorOccurred(QString::fromUtf8(error.what()));
        }
    }
    const int before = count();
    beginResetModel();
    hits_ = std::move(hits);
    endResetModel();
    if (count() != before)
        emit countChanged();
}

QString SearchResultsModel::snippetToHtml(const std::string& snippet)
{
    // Escape first, then turn the markers (control characters that survive
    // escaping unchanged) into tags; line breaks become spaces.
    QString html = QString::fromStdString(snippet).toHtmlEscaped();
    html.replace(QChar(0x02), QStringLiteral("<b>"));
    html.replace(QChar(0x03), QStringLiteral("</b>"));
    html.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return html;
}

} // namespace qiusuo::ui
