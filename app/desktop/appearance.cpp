#include "app/desktop/appearance.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QQuickStyle>

namespace qiusuo::desktop {

namespace {

QPalette fixedPalette(bool dark)
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

} // namespace

void applyAppearance()
{
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    const QString theme = qEnvironmentVariable("QIUSUO_THEME").toLower();
    if (theme == QLatin1String("dark"))
        QGuiApplication::setPalette(fixedPalette(true));
    else if (theme == QLatin1String("light"))
        QGuiApplication::setPalette(fixedPalette(false));
}

} // namespace qiusuo::desktop
