#include "ui/settings/conversationsettingsmodel.h"

#include "storage/conversationstore.h"
#include "ui/settings/conversationoverrides.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <exception>

namespace qiusuo::ui {

namespace {

/// The ranges AppSettings clamps to, so an override can never hold a value
/// the settings page could not.
QVariant clamped(const QString& key, double v)
{
    if (key == QLatin1String("temperature"))
        return std::clamp(v, 0.0, 2.0);
    if (key == QLatin1String("top_p") || key == QLatin1String("min_p"))
        return std::clamp(v, 0.0, 1.0);
    if (key == QLatin1String("repeat_penalty"))
        return std::clamp(v, 0.5, 2.0);
    if (key == QLatin1String("presence_penalty") || key == QLatin1String("frequency_penalty"))
        return std::clamp(v, -2.0, 2.0);
    const double whole = std::round(std::clamp(v, -1e12, 1e12));
    if (key == QLatin1String("top_k"))
        return qint64(std::max(whole, 0.0));
    if (key == QLatin1String("max_tokens"))
        return whole <= 0 ? qint64(-1) : qint64(std::min(whole, 2147483647.0)); // -1: no limit
    return qint64(std::clamp(whole, -1.0, 2147483647.0)); // seed; -1: a new seed each answer
}

} // namespace

ConversationSettingsModel::ConversationSettingsModel(storage::ConversationStore* store, QObject* parent)
    : QObject(parent), store_(store)
{
}

void ConversationSettingsModel::setConversationId(const QString& uuid)
{
    if (uuid == uuid_)
        return;
    uuid_ = uuid;
    reload();
    emit conversationIdChanged();
}

void ConversationSettingsModel::reload()
{
    id_ = 0;
    title_.clear();
    settingsJson_ = QStringLiteral("{}");
    systemPrompt_.clear();
    noSystemPrompt_ = false;
    overrides_.clear();
    if (!uuid_.isEmpty() && store_) {
        try {
            const storage::Conversation c = store_->conversationByUuid(uuid_.toStdString());
            id_ = c.id;
            title_ = QString::fromStdString(c.title);
            settingsJson_ = QString::fromStdString(c.settingsJson);
            systemPrompt_ = QString::fromStdString(c.systemPrompt);
        } catch (const std::exception& error) {
            emit errorOccurred(QString::fromUtf8(error.what()));
        }
    }
    // Only the keys ConversationOverrides knows, with values of the right
    // kind: what ChatController will actually apply.
    const QJsonObject object = QJsonDocument::fromJson(settingsJson_.toUtf8()).object();
    const ConversationOverrides parsed = ConversationOverrides::fromJson(settingsJson_);
    for (const QString& key : ConversationOverrides::keys())
        if (parsed.has(key) && object.value(key).isDouble())
            overrides_.insert(key, object.value(key).toVariant());
    noSystemPrompt_ = parsed.noSystemPrompt();
    emit overridesChanged();
}

void ConversationSettingsModel::setSettings(AppSettings* settings)
{
    if (settings_ == settings)
        return;
    if (settings_)
        disconnect(settings_, nullptr, this, nullptr);
    settings_ = settings;
    if (settings_) {
        for (auto signal : {&AppSettings::temperatureChanged, &AppSettings::topPChanged, &AppSettings::topKChanged,
                            &AppSettings::minPChanged, &AppSettings::repeatPenaltyChanged,
                            &AppSettings::presencePenaltyChanged, &AppSettings::frequencyPenaltyChanged,
                            &AppSettings::maxTokensChanged, &AppSettings::seedChanged,
                            &AppSettings::systemPromptChanged})
            connect(settings_, signal, this, &ConversationSettingsModel::defaultsChanged);
    }
    emit settingsChanged();
    emit defaultsChanged();
}

QVariantMap ConversationSettingsModel::defaults() const
{
    // Without settings: the engine's own defaults (GenerationParams).
    const GenerationParams p = settings_ ? settings_->generationParams() : GenerationParams{};
    return {
        {QStringLiteral("temperature"), double(p.temperature)},
        {QStringLiteral("top_p"), double(p.topP)},
        {QStringLiteral("top_k"), p.topK},
        {QStringLiteral("min_p"), double(p.minP)},
        {QStringLiteral("repeat_penalty"), double(p.repeatPenalty)},
        {QStringLiteral("presence_penalty"), double(p.presencePenalty)},
        {QStringLiteral("frequency_penalty"), double(p.frequencyPenalty)},
        {QStringLiteral("max_tokens"), p.maxTokens},
        {QStringLiteral("seed"), p.seed ? qint64(*p.seed) : qint64(-1)},
    };
}

QString ConversationSettingsModel::defaultSystemPrompt() const
{
    return settings_ ? settings_->systemPrompt() : QString();
}

bool ConversationSettingsModel::setOverride(const QString& key, const QVariant& value)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!valid() || !ConversationOverrides::keys().contains(key) || !ok || !std::isfinite(v))
        return false;
    ConversationOverrides overrides = ConversationOverrides::fromJson(settingsJson_);
    if (!overrides.set(key, clamped(key, v)))
        return false;
    return store(overrides.toJson());
}

bool ConversationSettingsModel::clearOverride(const QString& key)
{
    if (!valid() || !ConversationOverrides::keys().contains(key))
        return false;
    ConversationOverrides overrides = ConversationOverrides::fromJson(settingsJson_);
    overrides.set(key, QVariant());
    return store(overrides.toJson());
}

bool ConversationSettingsModel::setSystemPrompt(const QString& text)
{
    if (!valid())
        return false;
    if (noSystemPrompt_ && !setNoSystemPrompt(false))
        return false;
    return storePrompt(text.trimmed());
}

bool ConversationSettingsModel::setNoSystemPrompt(bool off)
{
    if (!valid())
        return false;
    if (off == noSystemPrompt_)
        return !off || storePrompt(QString());
    ConversationOverrides overrides = ConversationOverrides::fromJson(settingsJson_);
    overrides.setNoSystemPrompt(off);
    // The flag first: it wins over the column, so a failure between the two
    // writes still leaves the conversation without a system prompt.
    return store(overrides.toJson()) && (!off || storePrompt(QString()));
}

bool ConversationSettingsModel::storePrompt(const QString& trimmed)
{
    if (trimmed == systemPrompt_)
        return true;
    try {
        store_->setSystemPrompt(id_, trimmed.toStdString());
    } catch (const std::exception& error) {
        emit errorOccurred(QString::fromUtf8(error.what()));
        return false;
    }
    systemPrompt_ = trimmed;
    emit overridesChanged();
    return true;
}

bool ConversationSettingsModel::resetToDefaults()
{
    if (!valid())
        return false;
    ConversationOverrides overrides = ConversationOverrides::fromJson(settingsJson_);
    for (const QString& key : ConversationOverrides::keys())
        overrides.set(key, QVariant());
    overrides.setNoSystemPrompt(false);
    return store(overrides.toJson()) && storePrompt(QString());
}

bool ConversationSettingsModel::store(const QString& json)
{
    try {
        store_->setSettingsJson(id_, json.toStdString());
    } catch (const std::exception& error) {
        emit errorOccurred(QString::fromUtf8(error.what()));
        return false;
    }
    reload();
    return true;
}

} // namespace qiusuo::ui
