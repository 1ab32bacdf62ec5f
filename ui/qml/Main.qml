import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// The main window: the conversation sidebar on the left, the selected
// conversation on the right. The C++ composition root creates the models and
// hands them in as required properties.
ApplicationWindow {
    id: window

    required property ConversationListModel conversations

    /// True once the transcript page has painted its content; the first-frame
    /// screenshot (QIUSUO_SCREENSHOT) waits for it so the grab includes it.
    readonly property bool contentReady: pane.contentReady

    width: 1100
    height: 720
    minimumWidth: 640
    minimumHeight: 420
    visible: true
    color: Theme.background
    font.pixelSize: Theme.bodyFont
    title: sidebar.currentTitle.length > 0
           ? qsTr("%1 — Qiusuo").arg(sidebar.currentTitle) : qsTr("Qiusuo")

    function newChat() {
        const id = conversations.createConversation(qsTr("New chat"))
        if (id.length > 0)
            sidebar.select(id)
    }

    function confirmDelete(conversationId, title) {
        deleteDialog.conversationId = conversationId
        deleteDialog.conversationTitle = title
        deleteDialog.open()
    }

    Shortcut {
        sequences: [StandardKey.New]
        context: Qt.ApplicationShortcut
        onActivated: window.newChat()
    }
    Shortcut {
        sequence: "F2"
        enabled: sidebar.currentId.length > 0
        onActivated: sidebar.renameCurrent()
    }

    Connections {
        target: window.conversations
        function onErrorOccurred(message) { errorBanner.show(message) }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            id: sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
            model: window.conversations
            onNewChatRequested: window.newChat()
            onDeleteRequested: (conversationId, title) => window.confirmDelete(conversationId, title)
        }

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.border
        }

        ConversationPane {
            id: pane
            Layout.fillWidth: true
            Layout.fillHeight: true
            conversationId: sidebar.currentId
            conversationTitle: sidebar.currentTitle
            onNewChatRequested: window.newChat()
        }
    }

    DeleteDialog {
        id: deleteDialog
        objectName: "deleteDialog"
        anchors.centerIn: Overlay.overlay
        onAccepted: window.conversations.remove(conversationId)
    }

    ErrorBanner {
        id: errorBanner
        objectName: "errorBanner"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 24
    }
}
