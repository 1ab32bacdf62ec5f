// UTC timestamps in export files: exact both ways, any time zone.
#include "storage/exporttime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace qiusuo::storage {
namespace {

TEST(ExportTime, FormatsKnownInstants)
{
    EXPECT_EQ(formatUtcTimestamp(0), "1970-01-01T00:00:00.000Z");
    // 2026-11-28T15:41:14.123Z, computed independently: 20785 days * 86400 s.
    EXPECT_EQ(formatUtcTimestamp(20785LL * 86'400'000 + ((15 * 60 + 41) * 60 + 14) * 1000LL + 123),
              "2026-11-28T15:41:14.123Z");
    EXPECT_EQ(formatUtcTimestamp(951'782'400'000), "2000-02-29T00:00:00.000Z"); // a leap day
    EXPECT_EQ(formatUtcTimestamp(-1), "1969-12-31T23:59:59.999Z");
}

TEST(ExportTime, DoesNotDependOnTheLocalTimeZone)
{
    const std::int64_t ms = 1'700'000'000'123;
    const std::string utc = formatUtcTimestamp(ms);
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    EXPECT_EQ(formatUtcTimestamp(ms), utc);
    EXPECT_EQ(parseUtcTimestamp(utc), ms);
    unsetenv("TZ");
    tzset();
}

TEST(ExportTime, RoundTripsEveryMillisecondPattern)
{
    for (std::int64_t ms : {0LL, 1LL, 999LL, 86'399'999LL, 1'700'000'000'123LL, -86'400'001LL, 253'402'300'799'999LL})
        EXPECT_EQ(parseUtcTimestamp(formatUtcTimestamp(ms)), ms) << ms;
}

TEST(ExportTime, AcceptsOtherFractionLengths)
{
    EXPECT_EQ(parseUtcTimestamp("1970-01-01T00:00:01Z"), 1000);
    EXPECT_EQ(parseUtcTimestamp("1970-01-01T00:00:01.5Z"), 1500);
    EXPECT_EQ(parseUtcTimestamp("1970-01-01T00:00:01.123456789Z"), 1123);
}

TEST(ExportTime, RefusesAnythingElse)
{
    for (const char* bad : {"", "yesterday", "2026-02-30T00:00:00.000Z", "2025-02-29T00:00:00Z",
                            "2026-13-01T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T15:41:14.123",
                            "2026-11-28T15:41:14.123+08:00", "2026-11-28 15:41:14Z", "2026-11-28T15:41:14.Z",
                            "2026-11-28T15:41:14.1234567890Z", "2026-11-28T15:41:14.123Zjunk", "+026-11-28T15:41:14Z"})
        EXPECT_FALSE(parseUtcTimestamp(bad)) << bad;
}

} // namespace
} // namespace qiusuo::storage
