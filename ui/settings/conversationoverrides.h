#pragma once
/// @brief Per-conversation settings: the sampling values one conversation
/// overrides and whether it goes without a system prompt, kept in the store's
/// per-conversation settings JSON (conversations.settings).

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
/// "frequency_penalty" (numbers), "top_k", "max_tokens", "seed" (integers),
/// "no_system_prompt" (true: no system message at all, whatever the
/// conversation's own prompt column or the settings' default say; absent or
/// anything else: the prompt as before). Unknown keys are kept untouched (a
/// newer Qiusuo may have written them); values of the wrong type are ignored.
/// "context_length", written by earlier builds, is one of those: kept, never
/// applied — the context length is chosen when the model loads, app-wide.
class ConversationOverrides {
public:
    /// @brief Parses the stored JSON; anything that is not an object reads as no overrides.
    static ConversationOverrides fromJson(const QString& json);
    QString toJson() const;

    /// @brief The numeric keys above, in the dialog's order.
    static const QStringList& keys();

    /// @brief Sets `key` (one of keys()); an invalid QVariant removes the
    /// override. False for an unknown key or a value of the wrong kind.
    bool set(const QString& key, const QVariant& value);
    bool has(const QString& key) const { return object_.contains(key); }
    /// @brief True when no value is overridden and the system prompt is not turned off.
    bool isEmpty() const;

    /// @brief True when the conversation chose "No system prompt".
    bool noSystemPrompt() const;
    /// @brief Turns the system prompt off for the conversation (false: the key is removed).
    void setNoSystemPrompt(bool off);

    /// @brief `base` (from AppSettings) with this conversation's overrides applied.
    GenerationParams apply(GenerationParams base) const;
    /// @brief The system prompt the conversation's answers get, "" for none:
    /// none when it chose "No system prompt", else `conversationPrompt` (the
    /// store's column) when not blank, else `defaultPrompt` (AppSettings)
    /// when not blank.
    QString systemPrompt(const QString& conversationPrompt, const QString& defaultPrompt) const;

private:
    std::optional<double> number(const char* key) const;
    std::optional<qint64> integer(const char* key) const;

    QJsonObject object_;
};

} // namespace qiusuo::ui
