import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One labelled setting: the label on the left, the control on the right, an
// optional hint below in muted text. The control is the row's next child.
RowLayout {
    id: row

    property alias label: name.text
    property string hint: ""

    spacing: Theme.spacing * 2
    Layout.fillWidth: true

    ColumnLayout {
        Layout.preferredWidth: 220
        Layout.alignment: Qt.AlignTop
        spacing: 2
        Label {
            id: name
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            visible: row.hint.length > 0
            text: row.hint
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.smallFont
        }
    }
}
