import QtQuick
import QtQuick.Controls
import Qiusuo

// The sidebar's search box. `query` follows the text after a short pause
// (each search reads the store), Esc clears it.
TextField {
    id: field
    objectName: "searchField"

    property string query: ""

    signal cleared()

    placeholderText: qsTr("Search messages (Ctrl+F)")
    selectByMouse: true
    font.pixelSize: Theme.bodyFont
    color: Theme.text
    placeholderTextColor: Theme.mutedText
    Accessible.name: qsTr("Search messages")
    background: Rectangle {
        radius: Theme.radius
        color: Theme.background
        border.color: field.activeFocus ? Theme.accent : Theme.border
    }

    onTextChanged: {
        if (text.trim().length === 0) {
            pause.stop()
            query = ""
        } else {
            pause.restart()
        }
    }
    Keys.onEscapePressed: {
        text = ""
        cleared()
    }
    Keys.onDownPressed: nextItemInFocusChain().forceActiveFocus()

    Timer {
        id: pause
        interval: 150
        onTriggered: field.query = field.text.trim()
    }
}
