import QtQuick
import QtQuick.Controls
import Qiusuo

// A short-lived message at the bottom of the window for errors the user
// should know about (a failed save, a rename the store refused).
Rectangle {
    id: banner

    readonly property alias text: label.text

    function show(message) {
        label.text = message
        visible = true
        hideTimer.restart()
    }

    visible: false
    width: Math.min(label.implicitWidth + 32, parent ? parent.width - 48 : 480)
    height: label.implicitHeight + 20
    radius: Theme.radius
    color: Theme.dark ? "#3a1f22" : "#fdecec"
    border.color: Theme.danger
    Accessible.role: Accessible.AlertMessage
    Accessible.name: label.text

    Label {
        id: label
        anchors.centerIn: parent
        width: Math.min(implicitWidth, banner.width - 32)
        wrapMode: Text.Wrap
        color: Theme.text
    }

    Timer {
        id: hideTimer
        interval: 6000
        onTriggered: banner.visible = false
    }

    TapHandler { onTapped: banner.visible = false }
}
