// RelativeTime: the sidebar's "5 min ago" texts, in English (no translator).
#include "ui/relativetime.h"

#include <QLocale>
#include <QTest>

using qiusuo::ui::RelativeTime;

class TestRelativeTime : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void format_data();
    void format();
};

void TestRelativeTime::format_data()
{
    QTest::addColumn<QDateTime>("then");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("expected");

    // Local times, so "yesterday" is a calendar day wherever the test runs.
    const QDateTime noon(QDate(2026, 3, 18), QTime(12, 0));
    QTest::newRow("same instant") << noon << noon << "Just now";
    QTest::newRow("59 s") << noon.addSecs(-59) << noon << "Just now";
    QTest::newRow("clock moved back") << noon.addSecs(300) << noon << "Just now";
    QTest::newRow("1 min") << noon.addSecs(-60) << noon << "1 min ago";
    QTest::newRow("59 min") << noon.addSecs(-59 * 60 - 59) << noon << "59 min ago";
    QTest::newRow("1 h") << noon.addSecs(-3600) << noon << "1 h ago";
    QTest::newRow("11 h, same day") << noon.addSecs(-11 * 3600 - 1800) << noon << "11 h ago";
    // Within the hour, minutes win even across midnight.
    QTest::newRow("30 min, across midnight") << QDateTime(QDate(2026, 3, 17), QTime(23, 50))
                                             << QDateTime(QDate(2026, 3, 18), QTime(0, 20)) << "30 min ago";
    QTest::newRow("2 h, across midnight") << QDateTime(QDate(2026, 3, 17), QTime(22, 30))
                                          << QDateTime(QDate(2026, 3, 18), QTime(0, 40)) << "Yesterday";
    QTest::newRow("yesterday early") << QDateTime(QDate(2026, 3, 17), QTime(0, 5)) << noon << "Yesterday";
    QTest::newRow("2 days") << noon.addDays(-2) << noon << "2 days ago";
    QTest::newRow("6 days") << noon.addDays(-6) << noon << "6 days ago";
    QTest::newRow("a week: a date") << noon.addDays(-7) << noon
                                    << "3/11/26"; // en_US short format
    QTest::newRow("last year") << QDateTime(QDate(2025, 12, 24), QTime(9, 0)) << noon
                               << "12/24/25";
}

void TestRelativeTime::format()
{
    QFETCH(QDateTime, then);
    QFETCH(QDateTime, now);
    QFETCH(QString, expected);
    QCOMPARE(RelativeTime::format(then, now), expected);
}

QTEST_GUILESS_MAIN(TestRelativeTime)
#include "tst_relativetime.moc"
