import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// The message box under the transcript: multi-line, Enter sends,
// Shift+Enter starts a new line, Esc stops a running answer (or cancels an
// edit), Up in an empty box edits the last message you sent. Above it, the model's state (loading, failed, none chosen); below
// it, the "Deep thinking" toggle, the model in use and Send / Stop.
Rectangle {
    id: composer
    objectName: "composer"

    required property ChatController controller
    readonly property InferenceSession session: controller.session
    readonly property bool ready: session.state === InferenceSession.Ready
    readonly property bool canSend: ready && !controller.generating && input.text.trim().length > 0
    property alias text: input.text

    function focusInput() {
        input.forceActiveFocus()
    }

    /// Up in the empty composer: the window puts the last user message here
    /// to edit (Main.qml's editLastUserMessage, through the transcript's
    /// Edit flow). False when nothing was done.
    function editLastMessage() {
        const window = ApplicationWindow.window
        if (input.length > 0 || controller.generating || controller.editing
                || !window || typeof window.editLastUserMessage !== "function")
            return false
        return window.editLastUserMessage()
    }

    /// What Enter and the Send button do.
    function submit() {
        if (!canSend)
            return false
        if (!controller.send(input.text))
            return false
        input.text = ""
        return true
    }

    implicitHeight: column.implicitHeight + 24
    color: Theme.background

    Connections {
        target: composer.controller
        function onComposerTextRequested(text) {
            input.text = text
            input.cursorPosition = input.length
            composer.focusInput()
        }
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 24
        anchors.topMargin: 8
        anchors.bottomMargin: 16
        spacing: 6

        ComposerStatus {
            Layout.fillWidth: true
            controller: composer.controller
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, 44), 220) + bar.height + 12
            radius: 14
            color: Theme.dark ? "#25272c" : "#f4f5f7"
            border.color: input.activeFocus ? Theme.accent : Theme.border
            border.width: 1

            ScrollView {
                id: scroller
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.bottom: bar.top
                anchors.margins: 6
                clip: true

                TextArea {
                    id: input
                    objectName: "composerInput"
                    wrapMode: TextEdit.Wrap
                    selectByMouse: true
                    color: Theme.text
                    font.pixelSize: Theme.bodyFont
                    placeholderTextColor: Theme.mutedText
                    placeholderText: composer.controller.editing
                                     ? qsTr("Edit the message; Enter sends it as a new branch, Esc cancels")
                                     : composer.ready ? qsTr("Message Qiusuo (Enter to send, Shift+Enter for a new line)")
                                                      : qsTr("Choose a model to start chatting")
                    background: null
                    Accessible.name: qsTr("Message")

                    Keys.onPressed: (event) => {
                        event.accepted = false // unless handled below, the TextArea gets it
                        if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                            if (event.modifiers & Qt.ShiftModifier)
                                return // TextArea inserts the new line
                            event.accepted = true
                            composer.submit()
                        } else if (event.key === Qt.Key_Up && event.modifiers === Qt.NoModifier) {
                            event.accepted = composer.editLastMessage()
                        } else if (event.key === Qt.Key_Escape) {
                            if (composer.controller.generating) {
                                composer.controller.stop()
                                event.accepted = true
                            } else if (composer.controller.editing) {
                                composer.controller.cancelEdit()
                                input.text = ""
                                event.accepted = true
                            }
                        }
                    }
                }
            }

            RowLayout {
                id: bar
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 8
                spacing: 8

                Button {
                    id: thinking
                    objectName: "deepThinking"
                    checkable: true
                    checked: composer.controller.deepThinking
                    onToggled: composer.controller.deepThinking = checked
                    text: qsTr("Deep thinking (R1)")
                    font.pixelSize: Theme.smallFont
                    Accessible.name: text
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: qsTr("Let the model reason step by step before it answers")
                    background: Rectangle {
                        radius: height / 2
                        color: thinking.checked ? Theme.selected : "transparent"
                        border.color: thinking.checked ? Theme.accent : Theme.border
                    }
                    contentItem: Label {
                        text: thinking.text
                        color: thinking.checked ? Theme.accent : Theme.mutedText
                        font: thinking.font
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                }

                Label {
                    objectName: "modelLabel"
                    Layout.fillWidth: true
                    text: composer.session.label.length > 0 ? composer.session.label : qsTr("No model")
                    elide: Text.ElideMiddle
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallFont
                    Accessible.name: qsTr("Model: %1").arg(text)
                }

                Button {
                    id: action
                    objectName: "sendButton"
                    readonly property bool stopping: composer.controller.generating
                    enabled: stopping || composer.canSend
                    text: stopping ? qsTr("Stop") : qsTr("Send")
                    Accessible.name: text
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: stopping ? qsTr("Stop the answer (Esc)") : qsTr("Send (Enter)")
                    onClicked: {
                        if (stopping)
                            composer.controller.stop()
                        else
                            composer.submit()
                        composer.focusInput()
                    }
                    background: Rectangle {
                        radius: height / 2
                        color: !action.enabled ? Theme.border
                             : action.stopping ? Theme.danger : Theme.accentFill
                    }
                    contentItem: Label {
                        text: action.text
                        color: Theme.accentText
                        font.pixelSize: Theme.smallFont
                        font.weight: Font.Medium
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                    }
                }
            }
        }
    }
}
