import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// Shown instead of the main window when the conversation database cannot be
// used. For a damaged file the user decides whether it is moved aside and a
// new one started; the file is never replaced without that answer. For a file
// from a newer Qiusuo (or one that cannot be opened) the only way is to quit.
ApplicationWindow {
    id: window

    /// The store's explanation, naming the file.
    required property string message
    /// True when moving the file aside and starting afresh is possible.
    required property bool recoverable

    /// Emitted once: true to move the file aside, false to quit.
    signal decided(bool moveAside)

    property bool answered: false

    function answer(moveAside) {
        if (answered)
            return
        answered = true
        window.decided(moveAside)
    }

    width: 560
    height: Math.max(260, content.implicitHeight + 48)
    minimumWidth: 420
    visible: true
    color: Theme.background
    font.pixelSize: Theme.bodyFont
    title: qsTr("Qiusuo — cannot open your conversations")

    onClosing: answer(false)

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: 24
        spacing: 14

        Label {
            Layout.fillWidth: true
            text: window.recoverable ? qsTr("Your conversation database is damaged")
                                     : qsTr("Qiusuo cannot open your conversations")
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.titleFont
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
        }
        Label {
            Layout.fillWidth: true
            text: window.message
            wrapMode: Text.Wrap
            color: Theme.text
            textFormat: Text.PlainText
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: window.recoverable
            text: qsTr("Moving it aside keeps the damaged file, renamed, in the same folder: "
                       + "nothing is deleted.")
            wrapMode: Text.Wrap
            color: Theme.mutedText
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            spacing: 10
            Item { Layout.fillWidth: true }
            Button {
                leftPadding: 18
                rightPadding: 18
                text: qsTr("Quit")
                Accessible.name: qsTr("Quit Qiusuo")
                onClicked: window.answer(false)
            }
            Button {
                id: moveAsideButton
                leftPadding: 18
                rightPadding: 18
                visible: window.recoverable
                highlighted: true
                text: qsTr("Move it aside and start afresh")
                Accessible.name: text
                onClicked: window.answer(true)
            }
        }
    }

    Component.onCompleted: {
        if (recoverable)
            moveAsideButton.forceActiveFocus()
    }
}
