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
    width: Math.min(420, parent ? parent.width - 48 : 420)
    title: qsTr("Delete conversation?")

    contentItem: Label {
        text: qsTr("“%1” and all its messages will be deleted. This cannot be undone.")
              .arg(dialog.conversationTitle)
        wrapMode: Text.Wrap
        color: Theme.text
    }

    footer: DialogButtonBox {
        Button {
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }
        Button {
            id: deleteButton
            text: qsTr("Delete")
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: qsTr("Delete the conversation")
            palette.buttonText: Theme.danger
        }
    }

    onOpened: deleteButton.forceActiveFocus()
}
