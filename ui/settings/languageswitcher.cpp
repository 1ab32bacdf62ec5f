#include "ui/settings/languageswitcher.h"

#include "ui/qualifiedtranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QQmlEngine>
#include <QTranslator>

namespace qiusuo::ui {

namespace {

QLocale localeFor(const QString& language)
{
    if (language == QLatin1String("system") || language.isEmpty())
        return QLocale::system();
    return QLocale(language);
}

/// Loads `base` (qiusuo, qtbase) for `locale` from `dir` and installs it,
/// owned by the application like the ones installed at startup.
bool install(const QLocale& locale, const QString& base, const QString& dir)
{
    // Qiusuo's own texts need the namespace fallback (ui/qualifiedtranslator.h).
    QTranslator* translator = base == QLatin1String("qiusuo") ? new QualifiedTranslator(QCoreApplication::instance())
                                                               : new QTranslator(QCoreApplication::instance());
    if (translator->load(locale, base, QStringLiteral("_"), dir) && QCoreApplication::installTranslator(translator))
        return true;
    delete translator;
    return false;
}

} // namespace

LanguageSwitcher::LanguageSwitcher(QObject* parent) : QObject(parent) {}

bool LanguageSwitcher::apply(const QString& language)
{
    QCoreApplication* app = QCoreApplication::instance();
    // The translators installed at startup (app/desktop) and by earlier
    // switches are the application's children: remove them all.
    const auto translators = app->findChildren<QTranslator*>(Qt::FindDirectChildrenOnly);
    for (QTranslator* translator : translators) {
        QCoreApplication::removeTranslator(translator);
        translator->deleteLater();
    }
    const QLocale locale = localeFor(language);
    QLocale::setDefault(locale);
    // English is the source language: no translator, and that is success.
    const bool english = locale.language() == QLocale::English || locale.language() == QLocale::C;
    const bool ours = english || install(locale, QStringLiteral("qiusuo"), QStringLiteral(":/i18n"));
    install(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (QQmlEngine* engine = qmlEngine(this))
        engine->retranslate();
    return ours;
}

bool LanguageSwitcher::applyAtStartup(const QString& language)
{
    if (!qEnvironmentVariableIsEmpty("QIUSUO_LANG"))
        return false;
    if (language.isEmpty() || language == QLatin1String("system"))
        return false; // app/desktop already installed the system's language
    return apply(language);
}

} // namespace qiusuo::ui
