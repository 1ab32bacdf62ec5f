import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// The main window: the conversation sidebar (with search) on the left, the
// open conversation (transcript and composer) on the right. The C++
// composition root creates the models, the chat controller and the
// transcript bridge and hands them in as required properties.
ApplicationWindow {
    id: window

    required property ConversationListModel conversations
    required property ChatController chat
    required property TranscriptBridge bridge
    required property SearchResultsModel search
    /// Test hook (QIUSUO_TEST_MESSAGE): typed into the composer and sent
    /// through its send path once the model is ready.
    property string autoSendText: ""
    property bool autoSendDone: false

    /// True once the transcript page has painted its content (and, with
    /// autoSendText, once the answer has finished); the first-frame
    /// screenshot (QIUSUO_SCREENSHOT) waits for it so the grab includes it.
    readonly property bool contentReady: pane.contentReady && (autoSendText.length === 0 || autoSendDone)

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
        const id = conversations.createConversation(chat.defaultTitle)
        if (id.length > 0) {
            sidebar.select(id)
            pane.focusComposer()
        }
    }

    function openSearchResult(conversationId, messageId) {
        chat.openAtMessage(conversationId, messageId)
        sidebar.select(conversationId)
        pane.focusComposer()
    }

    /// Up in an empty composer: the last user message goes back into the
    /// composer for editing, as its "Edit" button does (Composer.qml calls
    /// this). False when there is none.
    function editLastUserMessage() {
        return !chat.generating && bridge.editLastUserMessage()
    }

    function trySendAutomatically() {
        if (autoSendText.length === 0 || autoSendDone || pane.sentAutomatically
                || chat.session.state !== InferenceSession.Ready || !pane.contentReady)
            return
        pane.sendAutomatically(autoSendText)
    }

    onClosing: undoBanner.commit()

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
    Shortcut {
        // Only while answering, so Esc keeps its meaning elsewhere (rename, menus).
        sequence: "Escape"
        enabled: window.chat.generating
        onActivated: window.chat.stop()
    }
    Shortcut {
        sequences: [StandardKey.Find, "Ctrl+K"]
        onActivated: sidebar.focusSearch()
    }
    Shortcut {
        // The last answer's Markdown (never its reasoning), as its "Copy" button.
        sequence: "Ctrl+Shift+C"
        context: Qt.ApplicationShortcut
        onActivated: window.bridge.copyLastAnswer()
    }
    Shortcut {
        sequence: "Ctrl+Shift+E"
        onActivated: exportDialog.open()
    }
    Shortcut {
        sequences: [StandardKey.HelpContents]
        onActivated: aboutDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+,"
        context: Qt.ApplicationShortcut
        onActivated: settingsDialog.open()
    }

    Connections {
        target: window.conversations
        function onErrorOccurred(message) { errorBanner.show(message) }
    }
    Connections {
        target: window.chat
        function onErrorOccurred(message) { errorBanner.show(message) }
        function onConversationCreated(uuid) { sidebar.select(uuid); pane.focusComposer() }
        function onAnswerFinished(messageId) {
            if (pane.sentAutomatically)
                window.autoSendDone = true
        }
    }
    Connections {
        target: window.search
        function onErrorOccurred(message) { errorBanner.show(message) }
    }
    Connections {
        target: window.chat.session
        function onStateChanged() { window.trySendAutomatically() }
    }
    Connections {
        target: pane
        function onContentReadyChanged() { window.trySendAutomatically() }
    }
    Connections {
        target: sidebar
        function onCurrentIdChanged() { window.chat.openConversation(sidebar.currentId) }
    }
    Component.onCompleted: {
        chat.openConversation(sidebar.currentId)
        pane.focusComposer()
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            id: sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
            model: window.conversations
            searchModel: window.search
            onNewChatRequested: window.newChat()
            onDeleteRequested: (conversationId, title) => undoBanner.deleteWithUndo(conversationId, title)
            onActivated: pane.focusComposer()
            onSearchResultActivated: (conversationId, messageId) => window.openSearchResult(conversationId, messageId)
            onConversationSettingsRequested: (conversationId) => pane.openConversationSettings(conversationId)
        }

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.border
        }

        ConversationPane {
            id: pane

            property bool sentAutomatically: false
            function sendAutomatically(text) {
                sentAutomatically = true
                typeAndSend(text)
            }

            Layout.fillWidth: true
            Layout.fillHeight: true
            controller: window.chat
            bridge: window.bridge
            conversationId: sidebar.currentId
            conversationTitle: sidebar.currentTitle
            onNewChatRequested: window.newChat()
        }
    }

    AppMenu {
        id: appMenu
        // Over the right end of the sidebar's header row (logo and name).
        x: Theme.sidebarWidth - width - 10
        y: 12
        onExportRequested: exportDialog.open()
        onSettingsRequested: settingsDialog.open()
        onAboutRequested: aboutDialog.open()
    }

    UndoBanner {
        id: undoBanner
        conversations: window.conversations
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 120
        onRestored: (conversationId) => sidebar.select(conversationId)
    }

    ExportDialog {
        id: exportDialog
        objectName: "exportDialog"
        conversationId: sidebar.currentId
        conversationTitle: sidebar.currentTitle
        conversations: window.conversations
    }
    AboutDialog {
        id: aboutDialog
        objectName: "aboutDialog"
    }

    ErrorBanner {
        id: errorBanner
        objectName: "errorBanner"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 120
    }

    SettingsDialog {
        id: settingsDialog
        objectName: "settingsDialog"
        session: window.chat.session
    }

    // The chat samples, prompts and loads local models with these settings.
    Binding {
        target: window.chat
        property: "settings"
        value: settingsDialog.settings
    }

    // The theme and the font size, as the settings say, applied at once
    // (QIUSUO_THEME in the environment overrides the theme).
    ThemeSwitcher {
        id: themeSwitcher
        objectName: "themeSwitcher"
        theme: settingsDialog.settings.theme
    }
    Binding {
        target: Theme
        property: "baseFontSize"
        value: settingsDialog.settings.fontSize
    }

    // Reasoning panes collapsed, expanded or hidden, as the settings say.
    Binding {
        target: window.bridge
        property: "reasoningMode"
        value: settingsDialog.settings.reasoningDisplay
    }
}
