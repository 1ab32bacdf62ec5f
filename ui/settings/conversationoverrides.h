#pragma once
/// @brief Per-conversation settings: sampling values and the context length
/// that one conversation overrides, kept in the store's per-conversation
/// settings JSON (conversations.settings).

#include "inference/backend.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace qiusuo::ui {

/// The JSON object holds only what the conversation overrides; everything
/// else follows AppSettings. Keys on disk (never change meaning):
/// "temperature", "top_p", "min_p", "repeat_penalty", "presence_penalty",
/// "frequency_penalty" (numbers), "top_k", "max_tokens", "seed",
/// "context_length" (integers). Unknown keys are kept untouched (a newer
/// Qiusuo may have written them); values of the wrong type are ignored.
class ConversationOverrides {
public:
    /// @brief Parses the stored JSON; anything that is not an object reads as no overrides.
    static ConversationOverrides fromJson(const QString& json);
    QString toJson() const;

    static const QStringList& keys();

    /// @brief Sets `key` (one of keys()); an invalid QVariant removes the
    /// override. False for an unknown key or a value of the wrong kind.
    bool set(const QString& key, const QVariant& value);
    bool has(const QString& key) const { return object_.contains(key); }
    bool isEmpty() const;

    /// @brief `base` (from AppSettings) with this conversation's overrides applied.
    GenerationParams apply(GenerationParams base) const;
    /// @brief The conversation's context length, or `base` when not overridden.
    int contextLength(int base) const;

private:
    std::optional<double> number(const char* key) const;
    std::optional<qint64> integer(const char* key) const;

    QJsonObject object_;
};

} // namespace qiusuo::ui
