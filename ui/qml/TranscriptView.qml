import QtQuick
import QtWebEngine
import Qiusuo

// The transcript: a WebEngineView on the bundled page qrc:/web/transcript.html,
// fed by a TranscriptBridge over a QWebChannel. The page loads nothing from
// the network (its CSP), navigation away is refused, new windows are never
// opened, and links reach the system browser only through the bridge on a
// click. The theme and font size reach the page through the bridge: it
// restyles in place, keeping the conversation and the scroll position.
WebEngineView {
    id: view

    required property TranscriptBridge bridge
    /// Shown by the page while there are no messages.
    property string emptyTitle
    property string emptyHint
    property bool pageReady: false
    /// True once the page has painted its first content.
    property bool painted: false

    function showEmptyState() {
        if (!pageReady || bridge.count > 0)
            return
        runJavaScript("window.qiusuoTranscript && window.qiusuoTranscript.setEmptyState("
                      + JSON.stringify(emptyTitle) + ", " + JSON.stringify(emptyHint) + ")")
    }

    // Set once, not bound: a theme change must not reload the page. The
    // query's theme only colours the first paint; the bridge has the rest.
    Component.onCompleted: url = "qrc:/web/transcript.html?theme=" + (Theme.dark ? "dark" : "light")
                                 + "&lang=" + encodeURIComponent(Qt.locale().name)
    backgroundColor: Theme.background
    webChannel: bridge.channel
    settings.localContentCanAccessRemoteUrls: false
    settings.localContentCanAccessFileUrls: false
    settings.javascriptCanOpenWindows: false
    settings.javascriptCanAccessClipboard: false
    settings.pluginsEnabled: false
    settings.autoLoadImages: false
    settings.hyperlinkAuditingEnabled: false
    settings.dnsPrefetchEnabled: false
    settings.linksIncludedInFocusChain: true
    Accessible.name: qsTr("Transcript")

    onEmptyTitleChanged: showEmptyState()
    onEmptyHintChanged: showEmptyState()
    onLoadingChanged: (request) => {
        if (request.status === WebEngineView.LoadSucceededStatus) {
            pageReady = true
            showEmptyState()
            if (!painted)
                paintedPoll.start()
        } else if (request.status === WebEngineView.LoadFailedStatus) {
            console.warn("transcript page failed to load:", request.errorString)
        }
    }
    // Only the page itself (reloaded) may load here.
    onNavigationRequested: (request) => {
        const target = request.url.toString()
        if (target.startsWith("qrc:/web/transcript.html") && request.isMainFrame)
            request.accept()
        else
            request.reject()
    }
    onNewWindowRequested: (request) => {}
    onContextMenuRequested: (request) => { request.accepted = true }

    // Painted: the page says so (data-painted, set two animation frames
    // after it showed the empty state or the bridge's snapshot).
    Timer {
        id: paintedPoll
        interval: 50
        repeat: true
        onTriggered: view.runJavaScript("document.documentElement.dataset.painted", (value) => {
            if (value === "true") {
                paintedPoll.stop()
                view.painted = true
            }
        })
    }

    Binding {
        target: view.bridge
        property: "theme"
        value: Theme.dark ? "dark" : "light"
    }
    Binding {
        target: view.bridge
        property: "fontSize"
        value: Theme.baseFontSize
    }

    Connections {
        target: view.bridge
        function onCountChanged() {
            if (view.bridge.count === 0)
                view.showEmptyState()
        }
    }
}
