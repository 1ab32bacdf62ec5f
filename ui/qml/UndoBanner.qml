import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// "“Title” deleted — Undo": a conversation is taken out of the list at once
// and deleted from the store only when the banner times out (or the next
// deletion or closing the window commits it). Undo brings it back untouched.
Rectangle {
    id: banner
    objectName: "undoBanner"

    required property ConversationListModel conversations
    property string pendingId
    property string pendingTitle
    property alias undoTimeout: timer.interval

    signal restored(string conversationId)

    function deleteWithUndo(conversationId, title) {
        commit()
        if (!conversations.hide(conversationId))
            return
        pendingId = conversationId
        pendingTitle = title
        timer.restart()
    }

    /// Deletes the pending conversation now.
    function commit() {
        timer.stop()
        if (pendingId.length === 0)
            return
        const id = pendingId
        pendingId = ""
        conversations.remove(id)
    }

    function undo() {
        timer.stop()
        if (pendingId.length === 0)
            return
        const id = pendingId
        pendingId = ""
        if (conversations.unhide(id))
            banner.restored(id)
    }

    visible: pendingId.length > 0
    width: row.implicitWidth + 32
    height: row.implicitHeight + 16
    radius: Theme.radius
    color: Theme.dark ? "#2a2c31" : "#1f2328"
    Accessible.role: Accessible.AlertMessage
    Accessible.name: label.text

    RowLayout {
        id: row
        anchors.centerIn: parent
        spacing: 16

        Label {
            id: label
            Layout.maximumWidth: 420
            text: qsTr("“%1” deleted").arg(banner.pendingTitle)
            elide: Text.ElideRight
            color: "#ffffff"
        }
        Button {
            objectName: "undoButton"
            text: qsTr("Undo")
            flat: true
            Accessible.name: qsTr("Undo the deletion")
            onClicked: banner.undo()
            contentItem: Label {
                text: parent.text
                color: "#9db1ff"
                font.weight: Font.DemiBold
            }
        }
    }

    Timer {
        id: timer
        interval: 7000
        onTriggered: banner.commit()
    }

    Shortcut {
        sequences: [StandardKey.Undo]
        enabled: banner.visible
        onActivated: banner.undo()
    }
}
