#pragma once
/// @brief Switches the interface language while the app runs: Qiusuo's and
/// Qt's translators are replaced and every qsTr() binding re-evaluated.

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace qiusuo::ui {

/// Languages are "system", "en", "zh_CN" and "zh_TW" (AppSettings::language).
/// The translations are the .qm files embedded at qrc:/i18n. No restart is
/// needed: QQmlEngine::retranslate() refreshes the open windows at once.
class LanguageSwitcher : public QObject {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit LanguageSwitcher(QObject* parent = nullptr);

    /// @brief Installs `language`; false when no translation for it exists
    /// (English needs none and always succeeds).
    Q_INVOKABLE bool apply(const QString& language);
    /// @brief Like apply(), unless QIUSUO_LANG is set: the environment wins
    /// at startup (tests and users who set it on purpose).
    Q_INVOKABLE bool applyAtStartup(const QString& language);
};

} // namespace qiusuo::ui
