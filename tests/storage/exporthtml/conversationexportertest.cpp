// The window's exporter (ConversationExporter, behind ExportDialog.qml) on a
// real profile: each format written, import with its counts, errors shown.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/datadir.h"
#include "tests/storage/tempdir.h"
#include "ui/export/conversationexporter.h"

#include <QCoreApplication>
#include <QUrl>

#include <gtest/gtest.h>

#include <cstdlib>

namespace qiusuo::ui {
namespace {

class ConversationExporterTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        setenv("QIUSUO_DATA_DIR", dir.path().c_str(), 1);
        storage::Database db = storage::Database::open(storage::databasePath(storage::defaultDataDir()));
        storage::ConversationStore store(db);
        const auto c = store.createConversation("Export me");
        uuid = QString::fromStdString(c.uuid);
        storage::NewMessage m;
        m.content = "Hello $x^2$";
        store.appendMessage(c.id, std::nullopt, m);
        QObject::connect(&exporter, &ConversationExporter::finished, [this](bool ok, const QString& message) {
            results.emplace_back(ok, message);
        });
    }
    void TearDown() override { unsetenv("QIUSUO_DATA_DIR"); }

    QUrl file(const std::string& name) const { return QUrl::fromLocalFile(QString::fromStdString((dir / name).string())); }

    storage::test::TempDir dir;
    QString uuid;
    ConversationExporter exporter;
    std::vector<std::pair<bool, QString>> results;
};

TEST_F(ConversationExporterTest, WritesEachFormat)
{
    exporter.exportTo({uuid}, "md", file("a.md"), true);
    exporter.exportTo({}, "json", file("a.json"), true);
    exporter.exportTo({uuid}, "html", file("a.html"), false);
    ASSERT_EQ(results.size(), 3u);
    for (const auto& [ok, message] : results)
        EXPECT_TRUE(ok) << message.toStdString();
    EXPECT_EQ(storage::test::readBytes(dir / "a.md").rfind("# Export me", 0), 0u);
    EXPECT_NE(storage::test::readBytes(dir / "a.json").find("\"title\": \"Export me\""), std::string::npos);
    EXPECT_NE(storage::test::readBytes(dir / "a.html").find("<span class=\"math math-inline\">x^2</span>"),
              std::string::npos);
}

TEST_F(ConversationExporterTest, ImportsAndCountsWhatWasAlreadyThere)
{
    exporter.exportTo({}, "json", file("a.json"), true);
    exporter.importFrom(file("a.json"));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(results[1].first);
    EXPECT_TRUE(results[1].second.contains("already present")) << results[1].second.toStdString();
}

TEST_F(ConversationExporterTest, ReportsProblemsInWords)
{
    exporter.exportTo({uuid}, "md", file("no/such/folder/a.md"), true);
    storage::test::writeBytes(dir / "bad.json", "{\"hello\": 1}");
    exporter.importFrom(file("bad.json"));
    exporter.exportTo({QStringLiteral("ffffffff")}, "md", file("b.md"), true);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_FALSE(results[0].first);
    EXPECT_TRUE(results[0].second.contains("Cannot write")) << results[0].second.toStdString();
    EXPECT_FALSE(results[1].first);
    EXPECT_TRUE(results[1].second.contains("neither a Qiusuo export")) << results[1].second.toStdString();
    EXPECT_FALSE(results[2].first);
}

TEST_F(ConversationExporterTest, SuggestsSafeFileNames)
{
    EXPECT_EQ(exporter.suggestedFileName("a/b: c?", "pdf"), "a_b_ c_.pdf");
    EXPECT_EQ(exporter.suggestedFileName("  ", "md"), "qiusuo-conversations.md");
}

} // namespace
} // namespace qiusuo::ui
