#pragma once
/// @brief Chooses the user interface language and installs the translators.

class QCoreApplication;

namespace qiusuo::desktop {

/// The language is QIUSUO_LANG when set (e.g. "zh_CN", "en"), otherwise the
/// system's. It becomes the default QLocale (dates, numbers) and, where a
/// translation exists, Qiusuo's texts (embedded at qrc:/i18n) and Qt's own
/// (dialog buttons) are installed. English needs no translation.
void installTranslations(QCoreApplication& app);

} // namespace qiusuo::desktop
