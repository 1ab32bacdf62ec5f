#pragma once
/// @brief The Qt Quick Controls style and the light/dark palette.

namespace qiusuo::desktop {

/// Picks the Fusion style (unless QT_QUICK_CONTROLS_STYLE chooses another)
/// and the palette: the system's by default, or a fixed light or dark one
/// when QIUSUO_THEME is "light" or "dark". Call before loading QML; the QML
/// Theme singleton derives every colour from the application palette.
void applyAppearance();

} // namespace qiusuo::desktop
