#include "ui/settings/appsettings.h"

#include "storage/datadir.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>
#include <QVariantMap>

#include <algorithm>
#include <array>

namespace qiusuo::ui {

namespace {

struct Default {
    const char* key;
    QVariant value;
};

// Keys on disk: never rename them, or users lose their settings.
const std::array<Default, 19>& defaults()
{
    static const std::array<Default, 19> table{{
        {"sampling/temperature", 0.6},
        {"sampling/topP", 0.95},
        {"sampling/topK", 0},
        {"sampling/minP", 0.0},
        {"sampling/repeatPenalty", 1.0},
        {"sampling/presencePenalty", 0.0},
        {"sampling/frequencyPenalty", 0.0},
        {"sampling/maxTokens", -1},
        {"sampling/seed", -1},
        {"prompt/systemPrompt", QString()},
        {"engine/contextLength", 4096},
        {"engine/cpuThreads", 0},
        {"engine/gpuLayers", -1},
        {"engine/gpuDevice", 0},
        {"appearance/reasoningDisplay", QStringLiteral("collapsed")},
        {"appearance/theme", QStringLiteral("system")},
        {"appearance/fontSize", 14},
        {"appearance/language", QStringLiteral("system")},
        {"chat/modelTitles", true},
    }};
    return table;
}

const char* const kPresets = "prompt/presets";

QVariant defaultFor(const char* key)
{
    for (const auto& d : defaults())
        if (qstrcmp(d.key, key) == 0)
            return d.value;
    return {};
}

QString oneOf(const QString& value, const QStringList& allowed, const char* key)
{
    return allowed.contains(value) ? value : defaultFor(key).toString();
}

} // namespace

AppSettings::AppSettings(QObject* parent) : QObject(parent)
{
    setFileName(defaultFileName());
}

AppSettings::~AppSettings() = default;

QString AppSettings::defaultFileName()
{
    const QString dir = QString::fromStdString(storage::defaultDataDir().string());
    return QDir(dir).filePath(QStringLiteral("settings.ini"));
}

QString AppSettings::fileName() const
{
    return settings_ ? settings_->fileName() : QString();
}

void AppSettings::setFileName(const QString& fileName)
{
    if (settings_ && settings_->fileName() == fileName)
        return;
    settings_ = std::make_unique<QSettings>(fileName, QSettings::IniFormat);
    emit fileNameChanged();
    emitAll();
}

QVariant AppSettings::get(const char* key) const
{
    return settings_->value(QLatin1String(key), defaultFor(key));
}

void AppSettings::put(const char* key, const QVariant& value, void (AppSettings::*changed)())
{
    QVariant current = get(key); // INI files give strings back: compare as the new value's type
    if (current.convert(value.metaType()) && current == value)
        return;
    settings_->setValue(QLatin1String(key), value);
    settings_->sync();
    emit(this->*changed)();
}

double AppSettings::temperature() const { return get("sampling/temperature").toDouble(); }
void AppSettings::setTemperature(double value)
{
    put("sampling/temperature", std::clamp(value, 0.0, 2.0), &AppSettings::temperatureChanged);
}
double AppSettings::topP() const { return get("sampling/topP").toDouble(); }
void AppSettings::setTopP(double value) { put("sampling/topP", std::clamp(value, 0.0, 1.0), &AppSettings::topPChanged); }
int AppSettings::topK() const { return get("sampling/topK").toInt(); }
void AppSettings::setTopK(int value) { put("sampling/topK", std::max(value, 0), &AppSettings::topKChanged); }
double AppSettings::minP() const { return get("sampling/minP").toDouble(); }
void AppSettings::setMinP(double value) { put("sampling/minP", std::clamp(value, 0.0, 1.0), &AppSettings::minPChanged); }
double AppSettings::repeatPenalty() const { return get("sampling/repeatPenalty").toDouble(); }
void AppSettings::setRepeatPenalty(double value)
{
    put("sampling/repeatPenalty", std::clamp(value, 0.5, 2.0), &AppSettings::repeatPenaltyChanged);
}
double AppSettings::presencePenalty() const { return get("sampling/presencePenalty").toDouble(); }
void AppSettings::setPresencePenalty(double value)
{
    put("sampling/presencePenalty", std::clamp(value, -2.0, 2.0), &AppSettings::presencePenaltyChanged);
}
double AppSettings::frequencyPenalty() const { return get("sampling/frequencyPenalty").toDouble(); }
void AppSettings::setFrequencyPenalty(double value)
{
    put("sampling/frequencyPenalty", std::clamp(value, -2.0, 2.0), &AppSettings::frequencyPenaltyChanged);
}
int AppSettings::maxTokens() const { return get("sampling/maxTokens").toInt(); }
void AppSettings::setMaxTokens(int value)
{
    put("sampling/maxTokens", value <= 0 ? -1 : value, &AppSettings::maxTokensChanged);
}
int AppSettings::seed() const { return get("sampling/seed").toInt(); }
void AppSettings::setSeed(int value) { put("sampling/seed", std::max(value, -1), &AppSettings::seedChanged); }

QString AppSettings::systemPrompt() const { return get("prompt/systemPrompt").toString(); }
void AppSettings::setSystemPrompt(const QString& value)
{
    put("prompt/systemPrompt", value, &AppSettings::systemPromptChanged);
}

QVariantList AppSettings::systemPromptPresets() const
{
    return settings_->value(QLatin1String(kPresets)).toList();
}

bool AppSettings::savePreset(const QString& name, const QString& text)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return false;
    QVariantList presets = systemPromptPresets();
    const QVariantMap preset{{QStringLiteral("name"), trimmed}, {QStringLiteral("text"), text}};
    const auto same = std::find_if(presets.begin(), presets.end(), [&](const QVariant& p) {
        return p.toMap().value(QStringLiteral("name")).toString() == trimmed;
    });
    if (same != presets.end())
        *same = preset;
    else
        presets.append(preset);
    settings_->setValue(QLatin1String(kPresets), presets);
    settings_->sync();
    emit systemPromptPresetsChanged();
    return true;
}

void AppSettings::removePreset(const QString& name)
{
    QVariantList presets = systemPromptPresets();
    const auto removed = std::remove_if(presets.begin(), presets.end(), [&](const QVariant& p) {
        return p.toMap().value(QStringLiteral("name")).toString() == name;
    });
    if (removed == presets.end())
        return;
    presets.erase(removed, presets.end());
    settings_->setValue(QLatin1String(kPresets), presets);
    settings_->sync();
    emit systemPromptPresetsChanged();
}

bool AppSettings::applyPreset(const QString& name)
{
    for (const QVariant& p : systemPromptPresets()) {
        const QVariantMap map = p.toMap();
        if (map.value(QStringLiteral("name")).toString() == name) {
            setSystemPrompt(map.value(QStringLiteral("text")).toString());
            return true;
        }
    }
    return false;
}

int AppSettings::contextLength() const { return get("engine/contextLength").toInt(); }
void AppSettings::setContextLength(int value)
{
    put("engine/contextLength", std::clamp(value, 256, 1 << 20), &AppSettings::contextLengthChanged);
}
int AppSettings::cpuThreads() const { return get("engine/cpuThreads").toInt(); }
void AppSettings::setCpuThreads(int value) { put("engine/cpuThreads", std::clamp(value, 0, 1024), &AppSettings::cpuThreadsChanged); }
int AppSettings::gpuLayers() const { return get("engine/gpuLayers").toInt(); }
void AppSettings::setGpuLayers(int value) { put("engine/gpuLayers", std::max(value, -1), &AppSettings::gpuLayersChanged); }
int AppSettings::gpuDevice() const { return get("engine/gpuDevice").toInt(); }
void AppSettings::setGpuDevice(int value) { put("engine/gpuDevice", std::max(value, 0), &AppSettings::gpuDeviceChanged); }

QString AppSettings::reasoningDisplay() const
{
    return oneOf(get("appearance/reasoningDisplay").toString(),
                 {QStringLiteral("expanded"), QStringLiteral("collapsed"), QStringLiteral("hidden")},
                 "appearance/reasoningDisplay");
}
void AppSettings::setReasoningDisplay(const QString& value)
{
    put("appearance/reasoningDisplay",
        oneOf(value, {QStringLiteral("expanded"), QStringLiteral("collapsed"), QStringLiteral("hidden")},
              "appearance/reasoningDisplay"),
        &AppSettings::reasoningDisplayChanged);
}
QString AppSettings::theme() const
{
    return oneOf(get("appearance/theme").toString(),
                 {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}, "appearance/theme");
}
void AppSettings::setTheme(const QString& value)
{
    put("appearance/theme",
        oneOf(value, {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}, "appearance/theme"),
        &AppSettings::themeChanged);
}
int AppSettings::fontSize() const { return get("appearance/fontSize").toInt(); }
void AppSettings::setFontSize(int value) { put("appearance/fontSize", std::clamp(value, 10, 28), &AppSettings::fontSizeChanged); }
QString AppSettings::language() const
{
    return oneOf(get("appearance/language").toString(),
                 {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("zh_TW")},
                 "appearance/language");
}
void AppSettings::setLanguage(const QString& value)
{
    put("appearance/language",
        oneOf(value, {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("zh_TW")},
              "appearance/language"),
        &AppSettings::languageChanged);
}

bool AppSettings::modelTitles() const { return get("chat/modelTitles").toBool(); }
void AppSettings::setModelTitles(bool value) { put("chat/modelTitles", value, &AppSettings::modelTitlesChanged); }

void AppSettings::resetToDefaults()
{
    for (const auto& d : defaults())
        settings_->remove(QLatin1String(d.key));
    settings_->sync();
    emitAll();
}

qiusuo::GenerationParams AppSettings::generationParams() const
{
    qiusuo::GenerationParams params;
    params.temperature = float(temperature());
    params.topP = float(topP());
    params.topK = topK();
    params.minP = float(minP());
    params.repeatPenalty = float(repeatPenalty());
    params.presencePenalty = float(presencePenalty());
    params.frequencyPenalty = float(frequencyPenalty());
    params.maxTokens = maxTokens();
    if (seed() >= 0)
        params.seed = std::uint64_t(seed());
    return params;
}

void AppSettings::emitAll()
{
    emit temperatureChanged();
    emit topPChanged();
    emit topKChanged();
    emit minPChanged();
    emit repeatPenaltyChanged();
    emit presencePenaltyChanged();
    emit frequencyPenaltyChanged();
    emit maxTokensChanged();
    emit seedChanged();
    emit systemPromptChanged();
    emit systemPromptPresetsChanged();
    emit contextLengthChanged();
    emit cpuThreadsChanged();
    emit gpuLayersChanged();
    emit gpuDeviceChanged();
    emit reasoningDisplayChanged();
    emit themeChanged();
    emit fontSizeChanged();
    emit languageChanged();
    emit modelTitlesChanged();
}

} // namespace qiusuo::ui
