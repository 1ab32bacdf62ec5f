// AppSettings: R1's defaults, values written to the INI file in the profile
// at once and read back by a new object, out-of-range values clamped, reset,
// presets; and per-conversation overrides stored in a real conversation store,
// through ConversationOverrides and the dialog's ConversationSettingsModel.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/conversationoverrides.h"
#include "ui/settings/conversationsettingsmodel.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using qiusuo::ui::AppSettings;
using qiusuo::ui::ConversationOverrides;

class TestAppSettings : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        qputenv("QIUSUO_DATA_DIR", dir_->path().toLocal8Bit());
    }

    void defaultsAreR1sRecommendations()
    {
        AppSettings settings;
        QCOMPARE(settings.fileName(), dir_->filePath(QStringLiteral("settings.ini")));
        QCOMPARE(settings.temperature(), 0.6);
        QCOMPARE(settings.topP(), 0.95);
        QCOMPARE(settings.topK(), 0);
        QCOMPARE(settings.maxTokens(), -1);
        QCOMPARE(settings.seed(), -1);
        QCOMPARE(settings.contextLength(), 4096);
        QCOMPARE(settings.reasoningDisplay(), QStringLiteral("collapsed"));
        QCOMPARE(settings.theme(), QStringLiteral("system"));
        QCOMPARE(settings.language(), QStringLiteral("system"));
        const auto params = settings.generationParams();
        QCOMPARE(params.temperature, 0.6f);
        QCOMPARE(params.topP, 0.95f);
        QVERIFY(!params.seed.has_value());
    }

    void changesReachTheFileAndANewObject()
    {
        {
            AppSettings settings;
            QSignalSpy spy(&settings, &AppSettings::temperatureChanged);
            settings.setTemperature(0.3);
            settings.setTemperature(0.3); // unchanged: no second signal
            QCOMPARE(spy.count(), 1);
            settings.setSeed(1234);
            settings.setLanguage(QStringLiteral("zh_TW"));
            settings.setReasoningDisplay(QStringLiteral("hidden"));
            settings.setContextLength(16384);
        }
        QFile file(dir_->filePath(QStringLiteral("settings.ini")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.contains("temperature=0.3"), text.constData());
        QVERIFY2(text.contains("language=zh_TW"), text.constData());

        AppSettings restarted;
        QCOMPARE(restarted.temperature(), 0.3);
        QCOMPARE(restarted.seed(), 1234);
        QCOMPARE(restarted.language(), QStringLiteral("zh_TW"));
        QCOMPARE(restarted.reasoningDisplay(), QStringLiteral("hidden"));
        QCOMPARE(restarted.contextLength(), 16384);
        QCOMPARE(restarted.generationParams().seed.value_or(0), 1234u);
    }

    void outOfRangeValuesAreClamped_data()
    {
        QTest::addColumn<QString>("property");
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QVariant>("stored");
        QTest::newRow("temperature high") << "temperature" << QVariant(9.0) << QVariant(2.0);
        QTest::newRow("temperature negative") << "temperature" << QVariant(-1.0) << QVariant(0.0);
        QTest::newRow("top-p above 1") << "topP" << QVariant(1.5) << QVariant(1.0);
        QTest::newRow("top-k negative") << "topK" << QVariant(-5) << QVariant(0);
        QTest::newRow("max tokens 0 = unlimited") << "maxTokens" << QVariant(0) << QVariant(-1);
        QTest::newRow("context tiny") << "contextLength" << QVariant(10) << QVariant(256);
        QTest::newRow("font huge") << "fontSize" << QVariant(99) << QVariant(28);
        QTest::newRow("unknown theme") << "theme" << QVariant(QStringLiteral("purple")) << QVariant(QStringLiteral("system"));
        QTest::newRow("unknown language") << "language" << QVariant(QStringLiteral("fr")) << QVariant(QStringLiteral("system"));
    }
    void outOfRangeValuesAreClamped()
    {
        QFETCH(QString, property);
        QFETCH(QVariant, input);
        QFETCH(QVariant, stored);
        AppSettings settings;
        QVERIFY(settings.setProperty(property.toLatin1().constData(), input));
        QCOMPARE(settings.property(property.toLatin1().constData()), stored);
    }

    void resetRestoresDefaultsButKeepsPresets()
    {
        AppSettings settings;
        settings.setTemperature(1.1);
        settings.setTheme(QStringLiteral("dark"));
        QVERIFY(settings.savePreset(QStringLiteral("简洁"), QStringLiteral("请简洁回答。")));
        QSignalSpy spy(&settings, &AppSettings::themeChanged);
        settings.resetToDefaults();
        QVERIFY(spy.count() >= 1);
        QCOMPARE(settings.temperature(), 0.6);
        QCOMPARE(settings.theme(), QStringLiteral("system"));
        QCOMPARE(settings.systemPromptPresets().size(), 1);
    }

    void presetsAreSavedReplacedAppliedAndRemoved()
    {
        AppSettings settings;
        QVERIFY(!settings.savePreset(QStringLiteral("   "), QStringLiteral("x")));
        QVERIFY(settings.savePreset(QStringLiteral("Coder"), QStringLiteral("You write C++.")));
        QVERIFY(settings.savePreset(QStringLiteral("Coder"), QStringLiteral("You write C++20.")));
        QCOMPARE(settings.systemPromptPresets().size(), 1);
        QVERIFY(settings.applyPreset(QStringLiteral("Coder")));
        QCOMPARE(settings.systemPrompt(), QStringLiteral("You write C++20."));
        QVERIFY(!settings.applyPreset(QStringLiteral("missing")));
        settings.removePreset(QStringLiteral("Coder"));
        QVERIFY(settings.systemPromptPresets().isEmpty());
    }

    void conversationOverridesLiveInTheStore()
    {
        using namespace qiusuo::storage;
        Database db = Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString());
        ConversationStore store(db);
        const auto conversation = store.createConversation("with overrides");

        auto overrides = ConversationOverrides::fromJson(QString::fromStdString(conversation.settingsJson));
        QVERIFY(overrides.isEmpty());
        QVERIFY(overrides.set(QStringLiteral("temperature"), 0.2));
        QVERIFY(overrides.set(QStringLiteral("seed"), 7));
        QVERIFY(overrides.set(QStringLiteral("context_length"), 8192));
        QVERIFY(!overrides.set(QStringLiteral("no_such_key"), 1));
        QVERIFY(!overrides.set(QStringLiteral("top_k"), QStringLiteral("many")));
        store.setSettingsJson(conversation.id, overrides.toJson().toStdString());

        const auto reread = ConversationOverrides::fromJson(
            QString::fromStdString(store.conversation(conversation.id).settingsJson));
        AppSettings settings;
        settings.setTopP(0.8);
        const auto params = reread.apply(settings.generationParams());
        QCOMPARE(params.temperature, 0.2f); // the conversation's
        QCOMPARE(params.topP, 0.8f);        // the app's
        QCOMPARE(params.seed.value_or(0), 7u);
        QCOMPARE(reread.contextLength(settings.contextLength()), 8192);

        auto cleared = reread;
        QVERIFY(cleared.set(QStringLiteral("temperature"), QVariant()));
        QCOMPARE(cleared.apply(settings.generationParams()).temperature, 0.6f);
    }

    void overridesIgnoreWhatTheyCannotUse()
    {
        const auto garbage = ConversationOverrides::fromJson(QStringLiteral("not json"));
        QVERIFY(garbage.isEmpty());
        const auto wrongTypes = ConversationOverrides::fromJson(
            QStringLiteral(R"({"temperature":"hot","top_k":2.5,"future_key":true})"));
        qiusuo::GenerationParams base;
        const auto params = wrongTypes.apply(base);
        QCOMPARE(params.temperature, base.temperature);
        QCOMPARE(params.topK, base.topK);
        QVERIFY(wrongTypes.toJson().contains(QStringLiteral("future_key")));
    }

    void conversationSettingsModelClampsRefusesAndKeepsForeignKeys()
    {
        using namespace qiusuo::storage;
        using qiusuo::ui::ConversationSettingsModel;
        Database db = Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString());
        ConversationStore store(db);
        const auto conversation = store.createConversation("clamped");
        // A key a newer Qiusuo wrote: kept through every change and the reset.
        store.setSettingsJson(conversation.id, R"({"future_key":true,"top_p":0.5})");
        AppSettings settings;
        settings.setTemperature(1.1);

        ConversationSettingsModel model(&store);
        QSignalSpy errors(&model, &ConversationSettingsModel::errorOccurred);
        QVERIFY(!model.valid());
        QVERIFY(!model.setOverride(QStringLiteral("temperature"), 1.0)); // no conversation yet
        model.setSettings(&settings);
        model.setConversationId(QString::fromStdString(conversation.uuid));
        QVERIFY(model.valid());
        QCOMPARE(model.title(), QStringLiteral("clamped"));
        QCOMPARE(model.overrides(), (QVariantMap{{QStringLiteral("top_p"), 0.5}}));
        QCOMPARE(model.defaults().value(QStringLiteral("temperature")).toDouble(), double(1.1f));
        QSignalSpy defaults(&model, &ConversationSettingsModel::defaultsChanged);
        settings.setTemperature(0.3);
        QCOMPARE(defaults.count(), 1);

        QVERIFY(model.setOverride(QStringLiteral("temperature"), 7.5));
        QCOMPARE(model.overrides().value(QStringLiteral("temperature")).toDouble(), 2.0);
        QVERIFY(model.setOverride(QStringLiteral("top_k"), -4));
        QCOMPARE(model.overrides().value(QStringLiteral("top_k")).toInt(), 0);
        QVERIFY(model.setOverride(QStringLiteral("max_tokens"), 0)); // 0: no limit, stored as -1
        QCOMPARE(model.overrides().value(QStringLiteral("max_tokens")).toInt(), -1);
        QVERIFY(!model.setOverride(QStringLiteral("no_such_key"), 1));
        QVERIFY(!model.setOverride(QStringLiteral("seed"), QStringLiteral("lucky")));
        QVERIFY(!model.setOverride(QStringLiteral("min_p"), qQNaN()));
        QVERIFY(model.setSystemPrompt(QStringLiteral("  Be brief.  ")));
        QCOMPARE(QString::fromStdString(store.conversation(conversation.id).systemPrompt), QStringLiteral("Be brief."));

        // What ChatController applies: the settings with these overrides.
        const auto params = ConversationOverrides::fromJson(
            QString::fromStdString(store.conversation(conversation.id).settingsJson)).apply(settings.generationParams());
        QCOMPARE(params.temperature, 2.0f);
        QCOMPARE(params.topP, 0.5f);
        QCOMPARE(params.maxTokens, -1);

        QVERIFY(model.resetToDefaults());
        QVERIFY(!model.hasOverrides());
        const QString json = QString::fromStdString(store.conversation(conversation.id).settingsJson);
        QVERIFY2(json.contains(QStringLiteral("future_key")), qPrintable(json));
        QVERIFY2(!json.contains(QStringLiteral("top_p")), qPrintable(json));
        QCOMPARE(store.conversation(conversation.id).systemPrompt, std::string());
        QCOMPARE(errors.count(), 0);

        // An unknown conversation: not valid, and the store's message is passed on.
        model.setConversationId(QStringLiteral("ffffffff-0000-0000-0000-000000000000"));
        QVERIFY(!model.valid());
        QCOMPARE(errors.count(), 1);
        QVERIFY(!model.setOverride(QStringLiteral("temperature"), 1.0));
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
