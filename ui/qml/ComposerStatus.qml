import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// One line above the composer about the model: loading (with progress and
// Cancel), failed (the reason), none chosen (how to choose one), or editing.
// Hidden when the model is ready and nothing is being edited.
RowLayout {
    id: status
    objectName: "composerStatus"

    required property ChatController controller
    readonly property InferenceSession session: controller.session
    readonly property string message: {
        if (controller.editing)
            return qsTr("Editing a message: sending it starts a new branch.")
        switch (session.state) {
        case InferenceSession.Loading:
            return qsTr("Loading %1… %2%").arg(session.label).arg(Math.round(session.loadProgress * 100))
        case InferenceSession.Failed:
            return session.errorText
        case InferenceSession.NoModel:
            return qsTr("No model is chosen. Start Qiusuo with “qiusuo --model PATH.gguf” to chat with a local model.")
        default:
            return ""
        }
    }

    visible: message.length > 0
    spacing: 8

    Label {
        Layout.fillWidth: true
        text: status.message
        wrapMode: Text.Wrap
        color: status.session.state === InferenceSession.Failed ? Theme.danger : Theme.mutedText
        font.pixelSize: Theme.smallFont
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }
    ProgressBar {
        Layout.preferredWidth: 120
        visible: status.session.state === InferenceSession.Loading
        value: status.session.loadProgress
    }
    Button {
        visible: status.session.state === InferenceSession.Loading
        text: qsTr("Cancel")
        flat: true
        onClicked: status.session.cancelLoad()
    }
    Button {
        visible: status.controller.editing
        text: qsTr("Cancel edit")
        flat: true
        onClicked: status.controller.cancelEdit()
    }
}
