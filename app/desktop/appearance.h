#pragma once
/// @brief The Qt Quick Controls style and the first light/dark palette.

namespace qiusuo::desktop {

/// Picks the Fusion style (unless QT_QUICK_CONTROLS_STYLE chooses another)
/// and, when QIUSUO_THEME is "light" or "dark", that fixed palette, so the
/// first frame is drawn in it. Call before loading QML; afterwards Main.qml's
/// ThemeSwitcher applies the saved theme setting (the environment still
/// wins) and follows its changes.
void applyAppearance();

} // namespace qiusuo::desktop
