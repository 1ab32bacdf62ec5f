import QtQuick
import QtQuick.Controls
import Qiusuo

// The window's menu, for the mouse: a "⋯" button (top right of the sidebar's
// header) opening Export…, Settings… and About, which the keyboard reaches
// with Ctrl+Shift+E, Ctrl+, and F1. Main.qml opens the dialogs.
ToolButton {
    id: button
    objectName: "appMenuButton"

    signal exportRequested()
    signal settingsRequested()
    signal aboutRequested()

    text: "⋯"
    font.pixelSize: Theme.titleFont
    Accessible.name: qsTr("Menu")
    Accessible.description: qsTr("Export, settings and about")
    ToolTip.visible: hovered
    ToolTip.delay: 600
    ToolTip.text: qsTr("Menu")
    onClicked: menu.visible ? menu.close() : menu.open()

    Menu {
        id: menu
        objectName: "appMenu"
        y: button.height

        MenuItem {
            objectName: "appMenuExport"
            text: qsTr("Export…")
            Accessible.name: qsTr("Export conversations")
            onTriggered: button.exportRequested()
        }
        MenuItem {
            objectName: "appMenuSettings"
            text: qsTr("Settings…")
            Accessible.name: qsTr("Settings")
            onTriggered: button.settingsRequested()
        }
        MenuSeparator {}
        MenuItem {
            objectName: "appMenuAbout"
            text: qsTr("About Qiusuo")
            Accessible.name: qsTr("About Qiusuo")
            onTriggered: button.aboutRequested()
        }
    }
}
