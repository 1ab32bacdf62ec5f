// AppSettings: R1's defaults, values written to the INI file in the profile
// at once and read back by a new object, out-of-range values clamped, reset,
// presets; and per-conversation overrides (sampling values and "No system
// prompt") stored in a real conversation store, through ConversationOverrides
// and the dialog's ConversationSettingsModel.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/conversationoverrides.h"
#include "ui/settings/conversationsettingsmodel.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
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
        QVERIFY(overrides.set(QStringLiteral("repeat_penalty"), 1.3));
        QVERIFY(overrides.set(QStringLiteral("presence_penalty"), -0.5));
        QVERIFY(overrides.set(QStringLiteral("frequency_penalty"), 0.25));
        // The context length is chosen when a model loads, for every conversation.
        QVERIFY(!overrides.set(QStringLiteral("context_length"), 8192));
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
        QCOMPARE(params.repeatPenalty, 1.3f);
        QCOMPARE(params.presencePenalty, -0.5f);
        QCOMPARE(params.frequencyPenalty, 0.25f);
        QVERIFY(!reread.toJson().contains(QStringLiteral("context_length")));

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

    void noSystemPromptIsAnExplicitFlag()
    {
        const QString own = QStringLiteral("Be brief.");
        const QString global = QStringLiteral("You are helpful.");
        // Data written before the flag existed reads as before.
        const auto old = ConversationOverrides::fromJson(QStringLiteral(R"({"temperature":0.3})"));
        QVERIFY(!old.noSystemPrompt());
        QCOMPARE(old.systemPrompt(own, global), own);
        QCOMPARE(old.systemPrompt(QString(), global), global);
        QCOMPARE(old.systemPrompt(QStringLiteral("  "), QStringLiteral(" \n")), QString());

        auto none = old;
        none.setNoSystemPrompt(true);
        QVERIFY(!none.isEmpty());
        QVERIFY(QJsonDocument::fromJson(none.toJson().toUtf8()).object().value(QStringLiteral("no_system_prompt"))
                == QJsonValue(true));
        const auto reread = ConversationOverrides::fromJson(none.toJson());
        QVERIFY(reread.noSystemPrompt());
        QCOMPARE(reread.systemPrompt(QString(), global), QString());
        QCOMPARE(reread.systemPrompt(own, global), QString()); // the flag wins over a stale column
        QCOMPARE(reread.apply(qiusuo::GenerationParams{}).temperature, 0.3f);

        none.setNoSystemPrompt(false);
        QVERIFY(!none.toJson().contains(QStringLiteral("no_system_prompt")));
        QCOMPARE(none.systemPrompt(QString(), global), global);

        // Only a JSON true turns the prompt off.
        for (const char* json : {R"({"no_system_prompt":"yes"})", R"({"no_system_prompt":1})", R"({"no_system_prompt":false})"}) {
            const auto wrong = ConversationOverrides::fromJson(QString::fromLatin1(json));
            QVERIFY2(!wrong.noSystemPrompt(), json);
            QCOMPARE(wrong.systemPrompt(QString(), global), global);
        }
    }

    void conversationSettingsModelTurnsTheSystemPromptOff()
    {
        using namespace qiusuo::storage;
        using qiusuo::ui::ConversationSettingsModel;
        Database db = Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString());
        ConversationStore store(db);
        const auto conversation = store.createConversation("quiet");
        AppSettings settings;
        settings.setSystemPrompt(QStringLiteral("You are helpful."));
        ConversationSettingsModel model(&store);
        model.setSettings(&settings);
        model.setConversationId(QString::fromStdString(conversation.uuid));
        QVERIFY(model.setSystemPrompt(QStringLiteral("Be brief.")));
        QVERIFY(!model.noSystemPrompt());

        QSignalSpy changed(&model, &ConversationSettingsModel::overridesChanged);
        QVERIFY(model.setNoSystemPrompt(true));
        QVERIFY(changed.count() >= 1);
        QVERIFY(model.noSystemPrompt());
        QVERIFY(model.hasOverrides());
        QCOMPARE(model.systemPrompt(), QString());
        const Conversation stored = store.conversation(conversation.id);
        QCOMPARE(stored.systemPrompt, std::string()); // the column holds no stale text
        const auto overrides = ConversationOverrides::fromJson(QString::fromStdString(stored.settingsJson));
        QVERIFY(overrides.noSystemPrompt());
        QCOMPARE(overrides.systemPrompt(QString::fromStdString(stored.systemPrompt), settings.systemPrompt()), QString());
        QVERIFY(model.overrides().isEmpty()); // not a sampling value

        // A new model (the app started again) reads it back.
        ConversationSettingsModel again(&store);
        again.setConversationId(QString::fromStdString(conversation.uuid));
        QVERIFY(again.noSystemPrompt());

        // A prompt of its own ends it; so does the default ("").
        QVERIFY(model.setSystemPrompt(QStringLiteral("Answer in French.")));
        QVERIFY(!model.noSystemPrompt());
        QVERIFY(!QString::fromStdString(store.conversation(conversation.id).settingsJson)
                     .contains(QStringLiteral("no_system_prompt")));
        QCOMPARE(store.conversation(conversation.id).systemPrompt, std::string("Answer in French."));
        QVERIFY(model.setNoSystemPrompt(true));
        QVERIFY(model.setSystemPrompt(QString()));
        QVERIFY(!model.noSystemPrompt());
        QVERIFY(!model.hasOverrides());

        // Off again, then back on without a prompt: the default; reset clears it too.
        QVERIFY(model.setNoSystemPrompt(true));
        QVERIFY(model.setNoSystemPrompt(false));
        QVERIFY(!model.hasOverrides());
        QVERIFY(model.setNoSystemPrompt(true));
        QVERIFY(model.resetToDefaults());
        QVERIFY(!model.noSystemPrompt());
        QVERIFY(!model.hasOverrides());
        QVERIFY(!ConversationOverrides::fromJson(QString::fromStdString(store.conversation(conversation.id).settingsJson))
                     .noSystemPrompt());
    }

    void oldContextLengthOverridesAreKeptButNotOffered()
    {
        using namespace qiusuo::storage;
        using qiusuo::ui::ConversationSettingsModel;
        Database db = Database::open(dir_->filePath(QStringLiteral("qiusuo.db")).toStdString());
        ConversationStore store(db);
        const auto conversation = store.createConversation("from an earlier build");
        store.setSettingsJson(conversation.id, R"({"context_length":8192,"top_k":20})");
        AppSettings settings;
        ConversationSettingsModel model(&store);
        model.setSettings(&settings);
        model.setConversationId(QString::fromStdString(conversation.uuid));
        QCOMPARE(model.overrides(), (QVariantMap{{QStringLiteral("top_k"), 20.0}}));
        QVERIFY(!model.defaults().contains(QStringLiteral("context_length")));
        QVERIFY(!model.setOverride(QStringLiteral("context_length"), 2048));
        QVERIFY(!model.clearOverride(QStringLiteral("context_length")));
        QVERIFY(ConversationOverrides::fromJson(QStringLiteral(R"({"context_length":8192})")).isEmpty());

        // Untouched through other changes and the reset, like any key this build does not use.
        QVERIFY(model.setOverride(QStringLiteral("temperature"), 0.4));
        QVERIFY(model.resetToDefaults());
        QVERIFY(!model.hasOverrides());
        const QJsonObject stored =
            QJsonDocument::fromJson(QByteArray::fromStdString(store.conversation(conversation.id).settingsJson)).object();
        QVERIFY2(stored == (QJsonObject{{QStringLiteral("context_length"), 8192}}),
                 store.conversation(conversation.id).settingsJson.c_str());
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
        // The penalties: the sampling page's ranges.
        QVERIFY(model.setOverride(QStringLiteral("repeat_penalty"), 5));
        QCOMPARE(model.overrides().value(QStringLiteral("repeat_penalty")).toDouble(), 2.0);
        QVERIFY(model.setOverride(QStringLiteral("repeat_penalty"), 0.1));
        QCOMPARE(model.overrides().value(QStringLiteral("repeat_penalty")).toDouble(), 0.5);
        QVERIFY(model.setOverride(QStringLiteral("presence_penalty"), -3));
        QCOMPARE(model.overrides().value(QStringLiteral("presence_penalty")).toDouble(), -2.0);
        QVERIFY(model.setOverride(QStringLiteral("frequency_penalty"), 0.7));
        QCOMPARE(model.overrides().value(QStringLiteral("frequency_penalty")).toDouble(), 0.7);
        QCOMPARE(model.defaults().value(QStringLiteral("repeat_penalty")).toDouble(), 1.0);
        QCOMPARE(model.defaults().value(QStringLiteral("presence_penalty")).toDouble(), 0.0);
        settings.setFrequencyPenalty(0.5);
        QCOMPARE(defaults.count(), 2);
        QCOMPARE(model.defaults().value(QStringLiteral("frequency_penalty")).toDouble(), 0.5);
        QVERIFY(model.setSystemPrompt(QStringLiteral("  Be brief.  ")));
        QCOMPARE(QString::fromStdString(store.conversation(conversation.id).systemPrompt), QStringLiteral("Be brief."));

        // What ChatController applies: the settings with these overrides.
        const auto params = ConversationOverrides::fromJson(
            QString::fromStdString(store.conversation(conversation.id).settingsJson)).apply(settings.generationParams());
        QCOMPARE(params.temperature, 2.0f);
        QCOMPARE(params.topP, 0.5f);
        QCOMPARE(params.maxTokens, -1);
        QCOMPARE(params.repeatPenalty, 0.5f);
        QCOMPARE(params.presencePenalty, -2.0f);
        QCOMPARE(params.frequencyPenalty, 0.7f);

        QVERIFY(model.resetToDefaults());
        QVERIFY(!model.hasOverrides());
        const QString json = QString::fromStdString(store.conversation(conversation.id).settingsJson);
        QVERIFY2(json.contains(QStringLiteral("future_key")), qPrintable(json));
        QVERIFY2(!json.contains(QStringLiteral("top_p")), qPrintable(json));
        QVERIFY2(!json.contains(QStringLiteral("penalty")), qPrintable(json));
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
