pragma Singleton
import QtQuick

// Colours and metrics of the whole window. Light or dark follows the
// application palette, which follows the system (or QIUSUO_THEME, set up by
// the app before QML loads), so one switch re-themes everything.
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
    readonly property real smallFont: 12
    readonly property real bodyFont: 14
    readonly property real titleFont: 17
}
