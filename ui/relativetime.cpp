#include "ui/relativetime.h"

#include <QLocale>

namespace qiusuo::ui {

QString RelativeTime::format(const QDateTime& then, const QDateTime& now)
{
    const QDateTime localThen = then.toLocalTime();
    const QDateTime localNow = now.toLocalTime();
    const qint64 seconds = localThen.secsTo(localNow);
    if (seconds < 60)
        return tr("Just now");
    if (seconds < 60 * 60)
        return tr("%n min ago", "minutes", int(seconds / 60));

    const qint64 days = localThen.date().daysTo(localNow.date());
    if (days == 0)
        return tr("%n h ago", "hours", int(seconds / 3600));
    if (days == 1)
        return tr("Yesterday");
    if (days < 7)
        return tr("%n days ago", "calendar days", int(days));
    return QLocale().toString(localThen.date(), QLocale::ShortFormat);
}

} // namespace qiusuo::ui
