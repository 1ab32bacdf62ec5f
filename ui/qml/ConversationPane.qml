import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// The right side of the window: the open conversation's title, its
// transcript (TranscriptView: the bundled page fed by the TranscriptBridge
// over a QWebChannel) and the composer.
Rectangle {
    id: pane

    required property ChatController controller
    required property TranscriptBridge bridge
    property string conversationId
    property string conversationTitle
    /// True once the transcript page has painted its first content.
    readonly property bool contentReady: transcript.painted

    signal newChatRequested()

    /// Opens the "Conversation settings" dialog for `conversationId`.
    function openConversationSettings(conversationId) {
        if (conversationId.length > 0)
            conversationSettings.openFor(conversationId)
    }

    function focusComposer() {
        composer.focusInput()
    }

    /// Puts `text` into the composer and sends it as Enter would.
    function typeAndSend(text) {
        composer.focusInput()
        composer.text = text
        return composer.submit()
    }

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Item {
            Layout.fillWidth: true
            Layout.preferredHeight: 56

            Label {
                anchors.left: parent.left
                anchors.right: settingsButton.left
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: 24
                anchors.rightMargin: 12
                text: pane.conversationTitle
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.titleFont
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
            }
            ToolButton {
                id: settingsButton
                objectName: "conversationSettingsButton"
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.rightMargin: 16
                visible: pane.conversationId.length > 0
                text: "⚙"
                font.pixelSize: 18
                Accessible.name: qsTr("Conversation settings")
                Accessible.description: qsTr("Sampling and system prompt for this conversation only")
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: qsTr("Conversation settings")
                onClicked: pane.openConversationSettings(pane.conversationId)
            }
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }
        }

        TranscriptView {
            id: transcript
            objectName: "transcriptView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            bridge: pane.bridge
            emptyTitle: pane.conversationId.length > 0 ? qsTr("No messages yet") : qsTr("Start a conversation")
            emptyHint: pane.conversationId.length > 0
                       ? qsTr("Messages of this conversation will appear here.")
                       : qsTr("Press Ctrl+N or click “New chat”.")
        }

        Composer {
            id: composer
            Layout.fillWidth: true
            controller: pane.controller
        }
    }

    ConversationSettingsDialog {
        id: conversationSettings
        conversation: pane.controller.conversationSettings
    }
}
