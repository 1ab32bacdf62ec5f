#include "app/desktop/translations.h"

#include "ui/qualifiedtranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace qiusuo::desktop {

void installTranslations(QCoreApplication& app)
{
    const QString override = qEnvironmentVariable("QIUSUO_LANG");
    const QLocale locale = override.isEmpty() ? QLocale::system() : QLocale(override);
    QLocale::setDefault(locale);

    // QTranslator::load(locale, ...) tries each of the locale's UI languages
    // in turn (zh_Hans_CN, zh_CN, zh, ...), so a zh_SG system gets zh_CN too.
    auto* ours = new ui::QualifiedTranslator(&app);
    if (ours->load(locale, QStringLiteral("qiusuo"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ours);
    else
        delete ours;

    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
}

} // namespace qiusuo::desktop
