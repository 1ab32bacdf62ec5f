import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// The messages matching the sidebar's search: the conversation's title and a
// snippet with the matches in bold (rich text escaped by
// SearchResultsModel, so a message cannot inject markup).
ListView {
    id: results
    objectName: "searchResults"

    property string query

    signal resultActivated(string conversationId, var messageId)

    clip: true
    keyNavigationEnabled: true
    boundsBehavior: Flickable.StopAtBounds
    highlightMoveDuration: 0
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Search results")
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    delegate: ItemDelegate {
        id: hit

        required property int index
        required property string conversationId
        required property string conversationTitle
        required property var messageId
        required property string role
        required property string snippet

        function open() {
            results.resultActivated(conversationId, messageId)
        }

        width: ListView.view.width
        leftPadding: 20
        rightPadding: 12
        highlighted: ListView.isCurrentItem
        Accessible.role: Accessible.ListItem
        Accessible.name: conversationTitle
        onClicked: open()
        Keys.onReturnPressed: open()
        Keys.onEnterPressed: open()

        background: Rectangle {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 8
            radius: Theme.radius
            color: hit.highlighted ? Theme.selected : hit.hovered ? Theme.hover : "transparent"
        }

        contentItem: ColumnLayout {
            spacing: 2
            Label {
                Layout.fillWidth: true
                text: hit.conversationTitle
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.smallFont
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                text: (hit.role === "assistant" ? "↳ " : "") + hit.snippet
                textFormat: Text.StyledText
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
            }
        }
    }

    Label {
        anchors.centerIn: parent
        width: parent.width - 48
        visible: results.count === 0 && results.query.length > 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("No messages match “%1”.").arg(results.query)
        color: Theme.mutedText
    }
}
