#include "app/desktop/appearance.h"

#include "ui/themeswitcher.h"

#include <QQuickStyle>

namespace qiusuo::desktop {

void applyAppearance()
{
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    const QString forced = ui::ThemeSwitcher::environmentOverride();
    if (!forced.isEmpty())
        ui::ThemeSwitcher::applyToApplication(forced);
}

} // namespace qiusuo::desktop
