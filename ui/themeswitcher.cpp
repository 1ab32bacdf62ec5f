#include "ui/themeswitcher.h"

#include <QColor>
#include <QGuiApplication>

namespace qiusuo::ui {

namespace {

QString validTheme(const QString& theme)
{
    const QString lower = theme.toLower();
    return (lower == QLatin1String("light") || lower == QLatin1String("dark")) ? lower : QStringLiteral("system");
}

} // namespace

ThemeSwitcher::ThemeSwitcher(QObject* parent) : QObject(parent) {}

void ThemeSwitcher::setTheme(const QString& theme)
{
    const QString valid = validTheme(theme);
    if (valid == theme_)
        return;
    const QString before = effectiveTheme();
    theme_ = valid;
    applyToApplication(effectiveTheme());
    emit themeChanged();
    if (effectiveTheme() != before)
        emit effectiveThemeChanged();
}

QString ThemeSwitcher::effectiveTheme() const
{
    const QString forced = environmentOverride();
    return forced.isEmpty() ? theme_ : forced;
}

QString ThemeSwitcher::environmentOverride()
{
    const QString forced = validTheme(qEnvironmentVariable("QIUSUO_THEME"));
    return forced == QLatin1String("system") ? QString() : forced;
}

QPalette ThemeSwitcher::fixedPalette(bool dark)
{
    const QColor window = dark ? QColor(0x1c, 0x1d, 0x21) : QColor(0xf5, 0xf6, 0xf8);
    const QColor base = dark ? QColor(0x23, 0x25, 0x2a) : QColor(0xff, 0xff, 0xff);
    const QColor text = dark ? QColor(0xe6, 0xe7, 0xea) : QColor(0x1f, 0x23, 0x28);
    const QColor button = dark ? QColor(0x2a, 0x2c, 0x31) : QColor(0xfb, 0xfb, 0xfc);
    const QColor highlight = dark ? QColor(0x7b, 0x93, 0xff) : QColor(0x4d, 0x6b, 0xfe);
    const QColor muted = dark ? QColor(0x91, 0x97, 0xa3) : QColor(0x6b, 0x72, 0x80);

    QPalette palette(button, window);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, QColor(Qt::white));
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, muted);
    palette.setColor(QPalette::Link, highlight);
    palette.setColor(QPalette::Disabled, QPalette::Text, muted);
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, muted);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, muted);
    return palette;
}

void ThemeSwitcher::applyToApplication(const QString& theme)
{
    const QString valid = validTheme(theme);
    // A default-constructed palette resolves every role from the platform
    // theme: that is "follow the system" again after a fixed one.
    QGuiApplication::setPalette(valid == QLatin1String("system") ? QPalette() : fixedPalette(valid == QLatin1String("dark")));
}

} // namespace qiusuo::ui
