pragma Singleton
import QtQuick

// Colours and metrics of the whole window. Light or dark follows the
// application palette, which Main.qml's ThemeSwitcher sets from the theme
// setting (the system's, light or dark; QIUSUO_THEME overrides), so one
// switch re-themes everything at once. The fonts scale from baseFontSize,
// which Main.qml binds to the font size setting.
QtObject {
    id: theme

    readonly property SystemPalette palette: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: palette.window.hslLightness < 0.5

    readonly property color background: dark ? "#1c1d21" : "#ffffff"
    readonly property color sidebar: dark ? "#151619" : "#f5f6f8"
    readonly property color border: dark ? "#2a2c31" : "#e4e6ea"
    readonly property color text: dark ? "#e6e7ea" : "#1f2328"
    readonly property color mutedText: dark ? "#9197a3" : "#6b7280"
    readonly property color accent: dark ? "#7b93ff" : "#4d6bfe"
    readonly property color accentFill: dark ? "#4f68e8" : "#4d6bfe"  // filled buttons, white text
    readonly property color accentText: "#ffffff"
    readonly property color hover: dark ? "#23252a" : "#eceef2"
    readonly property color selected: dark ? "#2a2f45" : "#e3e8ff"
    readonly property color danger: dark ? "#ff7b72" : "#cf222e"

    readonly property int radius: 8
    readonly property int spacing: 8
    readonly property int sidebarWidth: 280
    /// The body text's pixel size (settings: 10..28, default 14).
    property int baseFontSize: 14
    readonly property real smallFont: Math.round(baseFontSize * 12 / 14)
    readonly property real bodyFont: baseFontSize
    readonly property real titleFont: Math.round(baseFontSize * 17 / 14)
}
