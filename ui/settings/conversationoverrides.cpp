#include "ui/settings/conversationoverrides.h"

#include <QJsonDocument>

#include <cmath>

namespace qiusuo::ui {

namespace {

bool isIntegerKey(const QString& key)
{
    return key == QLatin1String("top_k") || key == QLatin1String("max_tokens") || key == QLatin1String("seed");
}

const QLatin1String noSystemPromptKey("no_system_prompt");

} // namespace

ConversationOverrides ConversationOverrides::fromJson(const QString& json)
{
    ConversationOverrides overrides;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    if (doc.isObject())
        overrides.object_ = doc.object();
    return overrides;
}

QString ConversationOverrides::toJson() const
{
    return QString::fromUtf8(QJsonDocument(object_).toJson(QJsonDocument::Compact));
}

const QStringList& ConversationOverrides::keys()
{
    static const QStringList list{
        QStringLiteral("temperature"),      QStringLiteral("top_p"),          QStringLiteral("top_k"),
        QStringLiteral("min_p"),            QStringLiteral("repeat_penalty"), QStringLiteral("presence_penalty"),
        QStringLiteral("frequency_penalty"), QStringLiteral("max_tokens"),    QStringLiteral("seed")};
    return list;
}

bool ConversationOverrides::set(const QString& key, const QVariant& value)
{
    if (!keys().contains(key))
        return false;
    if (!value.isValid()) {
        object_.remove(key);
        return true;
    }
    bool ok = false;
    if (isIntegerKey(key)) {
        const qint64 v = value.toLongLong(&ok);
        if (!ok)
            return false;
        object_.insert(key, v);
    } else {
        const double v = value.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return false;
        object_.insert(key, v);
    }
    return true;
}

bool ConversationOverrides::isEmpty() const
{
    for (const QString& key : keys())
        if (object_.contains(key))
            return false;
    return !noSystemPrompt();
}

bool ConversationOverrides::noSystemPrompt() const
{
    return object_.value(noSystemPromptKey).toBool(false);
}

void ConversationOverrides::setNoSystemPrompt(bool off)
{
    if (off)
        object_.insert(noSystemPromptKey, true);
    else
        object_.remove(noSystemPromptKey);
}

std::optional<double> ConversationOverrides::number(const char* key) const
{
    const QJsonValue v = object_.value(QLatin1String(key));
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

std::optional<qint64> ConversationOverrides::integer(const char* key) const
{
    const QJsonValue v = object_.value(QLatin1String(key));
    if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()))
        return std::nullopt;
    return v.toInteger();
}

GenerationParams ConversationOverrides::apply(GenerationParams base) const
{
    if (auto v = number("temperature"); v && *v >= 0)
        base.temperature = float(*v);
    if (auto v = number("top_p"); v && *v >= 0 && *v <= 1)
        base.topP = float(*v);
    if (auto v = integer("top_k"); v && *v >= 0)
        base.topK = int(*v);
    if (auto v = number("min_p"); v && *v >= 0 && *v <= 1)
        base.minP = float(*v);
    if (auto v = number("repeat_penalty"); v && *v > 0)
        base.repeatPenalty = float(*v);
    if (auto v = number("presence_penalty"))
        base.presencePenalty = float(*v);
    if (auto v = number("frequency_penalty"))
        base.frequencyPenalty = float(*v);
    if (auto v = integer("max_tokens"))
        base.maxTokens = *v > 0 ? int(*v) : -1;
    if (auto v = integer("seed")) {
        if (*v >= 0)
            base.seed = std::uint64_t(*v);
        else
            base.seed.reset();
    }
    return base;
}

QString ConversationOverrides::systemPrompt(const QString& conversationPrompt, const QString& defaultPrompt) const
{
    if (noSystemPrompt())
        return {};
    if (!conversationPrompt.trimmed().isEmpty())
        return conversationPrompt;
    if (!defaultPrompt.trimmed().isEmpty())
        return defaultPrompt;
    return {};
}

} // namespace qiusuo::ui
