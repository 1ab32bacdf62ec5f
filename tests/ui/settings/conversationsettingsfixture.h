#pragma once
/// @brief Test support for the conversation settings dialog's Qt Quick Test:
/// a real SQLite store in a temporary folder, reachable from QML as the
/// singleton `Fixture` of the module QiusuoTestSupport.

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/conversationsettingsmodel.h"

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>

class ConversationSettingsFixture : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Fixture)
    QML_SINGLETON

public:
    ConversationSettingsFixture();
    ~ConversationSettingsFixture() override;

    /// A new conversation in the store; returns its uuid.
    Q_INVOKABLE QString createConversation(const QString& title);
    /// A new model on the store (owned by QML), as the app makes at its next start.
    Q_INVOKABLE qiusuo::ui::ConversationSettingsModel* newModel(qiusuo::ui::AppSettings* settings);
    /// What the store holds for the conversation, read straight from SQLite.
    Q_INVOKABLE QString storedSettingsJson(const QString& uuid);
    Q_INVOKABLE QString storedSystemPrompt(const QString& uuid);

private:
    QTemporaryDir dir_;
    std::optional<qiusuo::storage::Database> db_;
    std::unique_ptr<qiusuo::storage::ConversationStore> store_;
};
