#pragma once
/// @brief One conversation's own settings for the "Conversation settings"
/// dialog: which sampling values and system prompt it overrides, and the
/// defaults (AppSettings) it follows for the rest. The context length is not
/// among them: it is chosen when a model loads, for every conversation.

#include "ui/settings/appsettings.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <cstdint>

namespace qiusuo::storage {
class ConversationStore;
}

namespace qiusuo::ui {

/// Reads and writes the store at once: the overrides go to the
/// conversation's settings JSON (ConversationOverrides, so export and import
/// keep them) and the system prompt to its own column ("" = the settings'
/// default). "No system prompt" is the JSON's "no_system_prompt" flag (the
/// column is then cleared), so it never reads as "the default". ChatController
/// applies all of it on every send, regenerate and edit.
///
/// Keys are ConversationOverrides::keys() ("temperature", "top_p", "top_k",
/// "min_p", "repeat_penalty", "presence_penalty", "frequency_penalty",
/// "max_tokens", "seed"). `overrides` holds only the keys the
/// conversation sets; `defaults` holds every key with AppSettings' value, so
/// QML shows `overrides[key]` when present, else "use the default
/// (defaults[key])". Store errors never throw into QML: the call returns
/// false and errorOccurred() carries the message.
class ConversationSettingsModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the chat controller (ChatController.conversationSettings)")
    /// The conversation's uuid; "" or an unknown one: `valid` is false.
    Q_PROPERTY(QString conversationId READ conversationId WRITE setConversationId NOTIFY conversationIdChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY conversationIdChanged)
    Q_PROPERTY(QString title READ title NOTIFY conversationIdChanged)
    /// Where the defaults come from (the settings dialog's object).
    Q_PROPERTY(qiusuo::ui::AppSettings* settings READ settings WRITE setSettings NOTIFY settingsChanged)
    Q_PROPERTY(QVariantMap overrides READ overrides NOTIFY overridesChanged)
    Q_PROPERTY(QVariantMap defaults READ defaults NOTIFY defaultsChanged)
    /// The conversation's own system prompt; "" = the default one (or none, see noSystemPrompt).
    Q_PROPERTY(QString systemPrompt READ systemPrompt NOTIFY overridesChanged)
    /// True: the conversation's answers get no system prompt at all, even where the settings have one.
    Q_PROPERTY(bool noSystemPrompt READ noSystemPrompt NOTIFY overridesChanged)
    Q_PROPERTY(QString defaultSystemPrompt READ defaultSystemPrompt NOTIFY defaultsChanged)
    /// True when anything (a value, the system prompt or "No system prompt") is overridden.
    Q_PROPERTY(bool hasOverrides READ hasOverrides NOTIFY overridesChanged)

public:
    /// `store` must outlive the model.
    explicit ConversationSettingsModel(storage::ConversationStore* store, QObject* parent = nullptr);

    QString conversationId() const { return uuid_; }
    void setConversationId(const QString& uuid);
    bool valid() const { return id_ != 0; }
    QString title() const { return title_; }
    AppSettings* settings() const { return settings_; }
    void setSettings(AppSettings* settings);
    QVariantMap overrides() const { return overrides_; }
    QVariantMap defaults() const;
    QString systemPrompt() const { return systemPrompt_; }
    QString defaultSystemPrompt() const;
    bool noSystemPrompt() const { return noSystemPrompt_; }
    bool hasOverrides() const { return !overrides_.isEmpty() || !systemPrompt_.isEmpty() || noSystemPrompt_; }

    /// Overrides `key` with `value` (clamped to the range the settings
    /// allow). False for an unknown key, a value that is not a number, no
    /// conversation or a store error.
    Q_INVOKABLE bool setOverride(const QString& key, const QVariant& value);
    /// Back to the default for `key`.
    Q_INVOKABLE bool clearOverride(const QString& key);
    /// The conversation's own system prompt (trimmed); blank = the default.
    /// Either way "No system prompt" ends.
    Q_INVOKABLE bool setSystemPrompt(const QString& text);
    /// True: no system prompt for this conversation (its own text is
    /// cleared); false: back to its own prompt, or the default when it has none.
    Q_INVOKABLE bool setNoSystemPrompt(bool off);
    /// Every override, the system prompt and "No system prompt" cleared
    /// (keys written by a newer Qiusuo are kept).
    Q_INVOKABLE bool resetToDefaults();
    /// Reads the conversation again (after an import, say).
    Q_INVOKABLE void reload();

signals:
    void conversationIdChanged();
    void settingsChanged();
    void overridesChanged();
    void defaultsChanged();
    void errorOccurred(const QString& message);

private:
    /// Writes `json` as the conversation's settings; false (and errorOccurred) on a store error.
    bool store(const QString& json);
    /// Writes `trimmed` into the conversation's system prompt column.
    bool storePrompt(const QString& trimmed);

    storage::ConversationStore* store_;
    QPointer<AppSettings> settings_;
    QString uuid_;
    std::int64_t id_ = 0;
    QString title_;
    QString settingsJson_;
    QVariantMap overrides_;
    QString systemPrompt_;
    bool noSystemPrompt_ = false;
};

} // namespace qiusuo::ui
