import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// The conversation list: a "New chat" button, a search field, then the
// conversations, pinned first, newest first. The current item is the open
// conversation. While the search field has text, the matching messages
// replace the list; choosing one opens its conversation at that message.
Rectangle {
    id: sidebar
    objectName: "sidebar"

    property alias model: list.model
    property alias searchModel: results.model
    readonly property string currentId: list.currentItem ? list.currentItem.conversationId : ""
    readonly property string currentTitle: list.currentItem ? list.currentItem.title : ""
    readonly property bool searching: searchField.text.trim().length > 0

    signal newChatRequested()
    signal deleteRequested(string conversationId, string title)
    /// "Conversation settings…" chosen in a conversation's menu.
    signal conversationSettingsRequested(string conversationId)
    /// A conversation was opened by a click or Enter (not by arrow keys).
    signal activated()
    signal searchResultActivated(string conversationId, var messageId)

    function focusSearch() {
        searchField.forceActiveFocus()
        searchField.selectAll()
    }

    function select(conversationId) {
        list.currentIndex = list.model.indexOf(conversationId)
        list.positionViewAtIndex(list.currentIndex, ListView.Contain)
        list.forceActiveFocus()
    }

    function renameCurrent() {
        if (list.currentItem)
            list.currentItem.startRename()
    }

    color: Theme.sidebar
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Conversations")

    ColumnLayout {
        anchors.fill: parent
        anchors.topMargin: 16
        spacing: 12

        RowLayout {
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            spacing: 10

            Image {
                Layout.preferredWidth: 30
                Layout.preferredHeight: 30
                source: "qrc:/icons/qiusuo-256.png"
                sourceSize: Qt.size(60, 60)
                smooth: true
                mipmap: true
                Accessible.ignored: true
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Qiusuo")
                color: Theme.text
                font.pixelSize: Theme.titleFont
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
            }
        }

        Button {
            id: newChatButton
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            Layout.preferredHeight: 38
            text: qsTr("New chat")
            Accessible.name: qsTr("New chat")
            Accessible.description: qsTr("Start a new conversation (Ctrl+N)")
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("Start a new conversation (Ctrl+N)")
            onClicked: sidebar.newChatRequested()

            contentItem: RowLayout {
                spacing: 8
                Item { Layout.fillWidth: true }
                Label {
                    text: "+"
                    color: Theme.accentText
                    font.pixelSize: 18
                    Accessible.ignored: true
                }
                Label {
                    text: newChatButton.text
                    color: Theme.accentText
                    font.pixelSize: Theme.bodyFont
                    font.weight: Font.Medium
                }
                Item { Layout.fillWidth: true }
            }
            background: Rectangle {
                radius: Theme.radius
                color: newChatButton.down ? Qt.darker(Theme.accentFill, 1.15)
                     : newChatButton.hovered ? Qt.lighter(Theme.accentFill, 1.08) : Theme.accentFill
                border.width: newChatButton.visualFocus ? 2 : 0
                border.color: Theme.text
            }
        }

        SearchField {
            id: searchField
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            onQueryChanged: if (results.model) results.model.query = query
            onAccepted: if (results.count > 0) results.itemAtIndex(0).open()
            onCleared: list.forceActiveFocus()
        }

        SearchResults {
            id: results
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: sidebar.searching
            query: searchField.query
            onResultActivated: (conversationId, messageId) => sidebar.searchResultActivated(conversationId, messageId)
        }

        ListView {
            id: list
            visible: !sidebar.searching
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            focus: true
            keyNavigationEnabled: true
            currentIndex: -1
            boundsBehavior: Flickable.StopAtBounds
            highlightMoveDuration: 0
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Conversations")
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

            section.property: "pinned"
            section.criteria: ViewSection.FullString
            section.delegate: Label {
                required property string section
                width: ListView.view.width
                leftPadding: 20
                topPadding: 10
                bottomPadding: 4
                text: section === "true" ? qsTr("Pinned") : qsTr("Recent")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                font.letterSpacing: 0.6
                Accessible.role: Accessible.Heading
            }

            delegate: ConversationDelegate {
                id: delegate
                width: ListView.view.width
                onClicked: {
                    ListView.view.currentIndex = delegate.index
                    sidebar.activated()
                }
                onRenameCommitted: (newTitle) => ListView.view.model.rename(delegate.conversationId, newTitle)
                onPinToggled: ListView.view.model.setPinned(delegate.conversationId, !delegate.pinned)
                onDeleteRequested: sidebar.deleteRequested(delegate.conversationId, delegate.title)
                onSettingsRequested: sidebar.conversationSettingsRequested(delegate.conversationId)
            }

            // Open the most recent conversation at startup.
            Component.onCompleted: currentIndex = count > 0 ? 0 : -1

            Keys.onReturnPressed: sidebar.activated()
            Keys.onEnterPressed: sidebar.activated()
            Keys.onDeletePressed: {
                if (currentItem)
                    sidebar.deleteRequested(currentItem.conversationId, currentItem.title)
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - 48
                visible: list.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("No conversations yet.")
                color: Theme.mutedText
            }
        }
    }
}
