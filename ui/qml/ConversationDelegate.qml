import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// One row of the sidebar: the title and when it was last active. Double-click
// or F2 renames in place (Enter keeps, Esc cancels); the "⋯" button and a
// right-click open Rename / Pin / Conversation settings / Delete.
ItemDelegate {
    id: row

    required property int index
    required property string conversationId
    required property string title
    required property string relativeTime
    required property bool pinned

    property bool editing: false

    signal renameCommitted(string newTitle)
    signal pinToggled()
    signal deleteRequested()
    signal settingsRequested()

    function startRename() {
        editing = true
        editor.text = title
        editor.selectAll()
        editor.forceActiveFocus()
    }

    function finishRename(keep) {
        if (!editing)
            return
        editing = false
        const newTitle = editor.text.trim()
        // Focus back to the row (not just the list: the list's focus scope
        // would hand it straight back to the editor, its last focused child).
        editor.focus = false
        row.forceActiveFocus()
        if (keep && newTitle.length > 0 && newTitle !== title)
            row.renameCommitted(newTitle)
    }

    readonly property bool isCurrent: ListView.isCurrentItem

    height: 52
    leftPadding: 12
    rightPadding: 6
    highlighted: isCurrent
    Accessible.role: Accessible.ListItem
    Accessible.name: pinned ? qsTr("%1, pinned, %2").arg(title).arg(relativeTime)
                            : qsTr("%1, %2").arg(title).arg(relativeTime)
    Accessible.selected: isCurrent

    onDoubleClicked: startRename()

    background: Rectangle {
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        radius: Theme.radius
        color: row.isCurrent ? Theme.selected : row.hovered ? Theme.hover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 4

        ColumnLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 8
            spacing: 1
            visible: !row.editing

            Label {
                Layout.fillWidth: true
                text: row.title
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.bodyFont
                font.weight: row.isCurrent ? Font.Medium : Font.Normal
            }
            Label {
                Layout.fillWidth: true
                text: row.relativeTime
                elide: Text.ElideRight
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
            }
        }

        TextField {
            id: editor
            Layout.fillWidth: true
            Layout.leftMargin: 4
            Layout.rightMargin: 8
            visible: row.editing
            selectByMouse: true
            maximumLength: 200
            font.pixelSize: Theme.bodyFont
            Accessible.name: qsTr("Conversation title")
            Keys.onReturnPressed: row.finishRename(true)
            Keys.onEnterPressed: row.finishRename(true)
            Keys.onEscapePressed: row.finishRename(false)
            onActiveFocusChanged: if (!activeFocus) row.finishRename(true)
        }

        ToolButton {
            id: moreButton
            Layout.preferredWidth: 30
            Layout.preferredHeight: 30
            visible: !row.editing && (row.hovered || row.isCurrent || menu.visible)
            text: "⋯"
            font.pixelSize: 16
            Accessible.name: qsTr("More actions for “%1”").arg(row.title)
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("More actions")
            onClicked: menu.popup(moreButton, 0, moreButton.height)
        }
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: menu.popup()
    }

    Menu {
        id: menu
        MenuItem {
            text: qsTr("Rename")
            Accessible.name: text
            onTriggered: row.startRename()
        }
        MenuItem {
            text: row.pinned ? qsTr("Unpin") : qsTr("Pin to top")
            Accessible.name: text
            onTriggered: row.pinToggled()
        }
        MenuItem {
            text: qsTr("Conversation settings…")
            Accessible.name: qsTr("Conversation settings")
            onTriggered: row.settingsRequested()
        }
        MenuSeparator {}
        MenuItem {
            text: qsTr("Delete")
            Accessible.name: qsTr("Delete")
            onTriggered: row.deleteRequested()
        }
    }
}
