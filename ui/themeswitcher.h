#pragma once
/// @brief Light, dark or the system's palette for the whole application,
/// switched while the app runs (the settings' theme).

#include <QObject>
#include <QPalette>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace qiusuo::ui {

/// Themes are "system", "light" and "dark" (AppSettings::theme). Setting
/// `theme` replaces the application palette at once: a fixed light or dark
/// one, or the platform's for "system". Qt Quick Controls and the Theme
/// singleton (whose colours follow the palette) re-theme every window
/// without a restart. QIUSUO_THEME ("light" or "dark") in the environment
/// wins over the setting: tests and screenshots use it.
class ThemeSwitcher : public QObject {
    Q_OBJECT
    QML_ELEMENT
    /// What the user chose; unknown values count as "system".
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    /// The theme in force: the environment's override, else `theme`.
    Q_PROPERTY(QString effectiveTheme READ effectiveTheme NOTIFY effectiveThemeChanged)

public:
    explicit ThemeSwitcher(QObject* parent = nullptr);

    QString theme() const { return theme_; }
    void setTheme(const QString& theme);
    QString effectiveTheme() const;

    /// "light" or "dark" from QIUSUO_THEME, else empty.
    static QString environmentOverride();
    /// The fixed palette of the light or dark theme.
    static QPalette fixedPalette(bool dark);
    /// Makes `theme` ("system", "light", "dark") the application's palette.
    static void applyToApplication(const QString& theme);

signals:
    void themeChanged();
    void effectiveThemeChanged();

private:
    QString theme_ = QStringLiteral("system");
};

} // namespace qiusuo::ui
