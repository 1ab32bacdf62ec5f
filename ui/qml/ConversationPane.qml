import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtWebEngine
import Qiusuo

// The right side of the window: the open conversation's title and its
// transcript, a WebEngineView on the bundled page qrc:/web/transcript.html.
// The page loads nothing from the network and navigation away is refused.
Rectangle {
    id: pane

    property string conversationId
    property string conversationTitle
    /// True once the transcript page has painted its first content.
    readonly property bool contentReady: transcript.painted

    signal newChatRequested()

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Item {
            Layout.fillWidth: true
            Layout.preferredHeight: 56

            Label {
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: 24
                anchors.rightMargin: 24
                text: pane.conversationTitle
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.titleFont
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
            }
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }
        }

        WebEngineView {
            id: transcript

            property bool pageReady: false
            property bool painted: false

            function showEmptyState() {
                if (!pageReady)
                    return
                const title = pane.conversationId.length > 0
                        ? qsTr("No messages yet") : qsTr("Start a conversation")
                const hint = pane.conversationId.length > 0
                        ? qsTr("Messages of this conversation will appear here.")
                        : qsTr("Press Ctrl+N or click “New chat”.")
                runJavaScript("window.qiusuoTranscript.setEmptyState(" + JSON.stringify(title)
                              + ", " + JSON.stringify(hint) + ")")
                if (!painted)
                    paintedPoll.start()
            }

            Layout.fillWidth: true
            Layout.fillHeight: true
            url: "qrc:/web/transcript.html?theme=" + (Theme.dark ? "dark" : "light")
                 + "&lang=" + encodeURIComponent(Qt.locale().name)
            backgroundColor: Theme.background
            settings.localContentCanAccessRemoteUrls: false
            settings.localContentCanAccessFileUrls: false
            settings.javascriptCanOpenWindows: false
            settings.pluginsEnabled: false
            Accessible.name: qsTr("Transcript")

            onLoadingChanged: (request) => {
                if (request.status === WebEngineView.LoadSucceededStatus) {
                    pageReady = true
                    showEmptyState()
                } else if (request.status === WebEngineView.LoadFailedStatus) {
                    console.warn("transcript page failed to load:", request.errorString)
                }
            }
            onNavigationRequested: (request) => {
                if (request.url.toString().startsWith("qrc:/web/transcript.html"))
                    request.accept()
                else
                    request.reject()
            }
            onNewWindowRequested: (request) => {}
            onContextMenuRequested: (request) => { request.accepted = true }

            Timer {
                id: paintedPoll
                interval: 50
                repeat: true
                onTriggered: transcript.runJavaScript("document.documentElement.dataset.painted", (value) => {
                    if (value === "true") {
                        paintedPoll.stop()
                        transcript.painted = true
                    }
                })
            }

            Connections {
                target: pane
                function onConversationIdChanged() { transcript.showEmptyState() }
            }
        }
    }
}
