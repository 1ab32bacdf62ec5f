#include "conversationsettingsfixture.h"

#include <QQmlEngine>

ConversationSettingsFixture::ConversationSettingsFixture()
{
    db_.emplace(qiusuo::storage::Database::open(dir_.filePath(QStringLiteral("qiusuo.db")).toStdString()));
    store_ = std::make_unique<qiusuo::storage::ConversationStore>(*db_);
}

ConversationSettingsFixture::~ConversationSettingsFixture() = default;

QString ConversationSettingsFixture::createConversation(const QString& title)
{
    return QString::fromStdString(store_->createConversation(title.toStdString()).uuid);
}

qiusuo::ui::ConversationSettingsModel* ConversationSettingsFixture::newModel(qiusuo::ui::AppSettings* settings)
{
    auto* model = new qiusuo::ui::ConversationSettingsModel(store_.get());
    model->setSettings(settings);
    QQmlEngine::setObjectOwnership(model, QQmlEngine::JavaScriptOwnership);
    return model;
}

QString ConversationSettingsFixture::storedSettingsJson(const QString& uuid)
{
    return QString::fromStdString(store_->conversationByUuid(uuid.toStdString()).settingsJson);
}

QString ConversationSettingsFixture::storedSystemPrompt(const QString& uuid)
{
    return QString::fromStdString(store_->conversationByUuid(uuid.toStdString()).systemPrompt);
}
