#pragma once
/// @brief How long ago something happened, in the words a chat sidebar uses
/// ("Just now", "5 min ago", "Yesterday", a date), translated.

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace qiusuo::ui {

class RelativeTime {
    Q_DECLARE_TR_FUNCTIONS(RelativeTime)

public:
    /// `then` as seen at `now`. Both are compared in local time, so
    /// "Yesterday" means the previous calendar day where the user is. Dates a
    /// week or more ago use the default QLocale's short date format. A `then`
    /// in the future (a clock that moved back) reads as "Just now".
    static QString format(const QDateTime& then, const QDateTime& now);
};

} // namespace qiusuo::ui
