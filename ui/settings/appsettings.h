#pragma once
/// @brief The user's settings (sampling, system prompts, engine, appearance,
/// language), kept in QSettings in the profile's data folder.

#include "inference/backend.h"

#include <QObject>
#include <QSettings>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace qiusuo::ui {

/// Each property reads through to QSettings and writes at once, so a second
/// AppSettings on the same file (or the next start of the app) sees every
/// change. Defaults are DeepSeek-R1's recommendations (temperature 0.6,
/// top-p 0.95) and "automatic" for the engine figures. The file is
/// `<data dir>/settings.ini` (storage::defaultDataDir(), which honours
/// --profile and QIUSUO_DATA_DIR) unless `fileName` is set first.
///
/// Stored values never change meaning: keys are "sampling/temperature",
/// "engine/contextLength", ...; reasoning, theme and language are the
/// strings listed with their properties.
class AppSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString fileName READ fileName WRITE setFileName NOTIFY fileNameChanged)

    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY temperatureChanged)
    Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY topPChanged)
    Q_PROPERTY(int topK READ topK WRITE setTopK NOTIFY topKChanged)
    Q_PROPERTY(double minP READ minP WRITE setMinP NOTIFY minPChanged)
    Q_PROPERTY(double repeatPenalty READ repeatPenalty WRITE setRepeatPenalty NOTIFY repeatPenaltyChanged)
    Q_PROPERTY(double presencePenalty READ presencePenalty WRITE setPresencePenalty NOTIFY presencePenaltyChanged)
    Q_PROPERTY(double frequencyPenalty READ frequencyPenalty WRITE setFrequencyPenalty NOTIFY frequencyPenaltyChanged)
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY maxTokensChanged)
    Q_PROPERTY(int seed READ seed WRITE setSeed NOTIFY seedChanged)

    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY systemPromptChanged)
    Q_PROPERTY(QVariantList systemPromptPresets READ systemPromptPresets NOTIFY systemPromptPresetsChanged)

    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY contextLengthChanged)
    Q_PROPERTY(int cpuThreads READ cpuThreads WRITE setCpuThreads NOTIFY cpuThreadsChanged)
    Q_PROPERTY(int gpuLayers READ gpuLayers WRITE setGpuLayers NOTIFY gpuLayersChanged)
    Q_PROPERTY(int gpuDevice READ gpuDevice WRITE setGpuDevice NOTIFY gpuDeviceChanged)

    Q_PROPERTY(QString reasoningDisplay READ reasoningDisplay WRITE setReasoningDisplay NOTIFY reasoningDisplayChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(int fontSize READ fontSize WRITE setFontSize NOTIFY fontSizeChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    /// A short title written by the model after a conversation's first answer.
    Q_PROPERTY(bool modelTitles READ modelTitles WRITE setModelTitles NOTIFY modelTitlesChanged)

public:
    explicit AppSettings(QObject* parent = nullptr);
    ~AppSettings() override;

    /// `<data dir>/settings.ini` for the current profile.
    static QString defaultFileName();

    QString fileName() const;
    void setFileName(const QString& fileName);

    double temperature() const;     ///< 0..2, default 0.6
    void setTemperature(double value);
    double topP() const;            ///< 0..1, default 0.95
    void setTopP(double value);
    int topK() const;               ///< 0 = off
    void setTopK(int value);
    double minP() const;            ///< 0 = off
    void setMinP(double value);
    double repeatPenalty() const;   ///< 1 = off
    void setRepeatPenalty(double value);
    double presencePenalty() const; ///< -2..2, 0 = off
    void setPresencePenalty(double value);
    double frequencyPenalty() const;///< -2..2, 0 = off
    void setFrequencyPenalty(double value);
    int maxTokens() const;          ///< -1 = until the model stops or the context is full
    void setMaxTokens(int value);
    int seed() const;               ///< -1 = a new random seed each time
    void setSeed(int value);

    QString systemPrompt() const;
    void setSystemPrompt(const QString& value);
    /// [{name, text}], in the order the user saved them.
    QVariantList systemPromptPresets() const;
    /// Saves (or replaces, by name) a preset; a blank name is refused.
    Q_INVOKABLE bool savePreset(const QString& name, const QString& text);
    Q_INVOKABLE void removePreset(const QString& name);
    /// Makes the preset's text the system prompt; false when there is none by that name.
    Q_INVOKABLE bool applyPreset(const QString& name);

    int contextLength() const;      ///< tokens, default 4096
    void setContextLength(int value);
    int cpuThreads() const;         ///< 0 = one per physical core
    void setCpuThreads(int value);
    int gpuLayers() const;          ///< -1 = as many as fit, 0 = CPU only
    void setGpuLayers(int value);
    int gpuDevice() const;          ///< CUDA device index
    void setGpuDevice(int value);

    QString reasoningDisplay() const; ///< "expanded", "collapsed" (default) or "hidden"
    void setReasoningDisplay(const QString& value);
    QString theme() const;          ///< "system" (default), "light" or "dark"
    void setTheme(const QString& value);
    int fontSize() const;           ///< pixels, 10..28, default 14
    void setFontSize(int value);
    QString language() const;       ///< "system" (default), "en", "zh_CN" or "zh_TW"
    void setLanguage(const QString& value);
    bool modelTitles() const;       ///< default true ("chat/modelTitles")
    void setModelTitles(bool value);

    /// Every setting back to its default (presets are kept: they are the user's texts).
    Q_INVOKABLE void resetToDefaults();

    /// The sampling settings as the engine takes them.
    qiusuo::GenerationParams generationParams() const;

signals:
    void fileNameChanged();
    void temperatureChanged();
    void topPChanged();
    void topKChanged();
    void minPChanged();
    void repeatPenaltyChanged();
    void presencePenaltyChanged();
    void frequencyPenaltyChanged();
    void maxTokensChanged();
    void seedChanged();
    void systemPromptChanged();
    void systemPromptPresetsChanged();
    void contextLengthChanged();
    void cpuThreadsChanged();
    void gpuLayersChanged();
    void gpuDeviceChanged();
    void reasoningDisplayChanged();
    void themeChanged();
    void fontSizeChanged();
    void languageChanged();
    void modelTitlesChanged();

private:
    QVariant get(const char* key) const;
    /// Stores `value` under `key` and emits `changed` when it differs.
    void put(const char* key, const QVariant& value, void (AppSettings::*changed)());
    void emitAll();

    std::unique_ptr<QSettings> settings_;
};

} // namespace qiusuo::ui
