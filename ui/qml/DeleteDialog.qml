import QtQuick
import QtQuick.Controls
import Qiusuo

// Asks before a conversation and all its messages are deleted for good.
Dialog {
    id: dialog

    property string conversationId
    property string conversationTitle

    modal: true
    focus: true
    width: Math.min(440, parent ? parent.width - 48 : 440)
    padding: 20
    topPadding: 4
    title: qsTr("Delete conversation?")

    Overlay.modal: Rectangle { color: Theme.dark ? "#80000000" : "#40000000" }

    background: Rectangle {
        radius: 12
        color: Theme.background
        border.color: Theme.border
    }

    header: Label {
        text: dialog.title
        padding: 20
        bottomPadding: 8
        color: Theme.text
        font.pixelSize: Theme.titleFont
        font.weight: Font.DemiBold
        Accessible.role: Accessible.Heading
    }

    contentItem: Label {
        text: qsTr("“%1” and all its messages will be deleted. This cannot be undone.")
              .arg(dialog.conversationTitle)
        wrapMode: Text.Wrap
        color: Theme.text
    }

    footer: DialogButtonBox {
        padding: 16
        topPadding: 4
        background: null
        Button {
            leftPadding: 18
            rightPadding: 18
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }
        Button {
            id: deleteButton
            leftPadding: 18
            rightPadding: 18
            text: qsTr("Delete")
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: qsTr("Delete the conversation")
            palette.buttonText: Theme.danger
        }
    }

    onOpened: deleteButton.forceActiveFocus()
}
