import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Qiusuo

// Export the open conversation (or all) to Markdown, JSON, HTML or PDF, or
// import a Qiusuo or ChatGPT JSON file. Opened from the main window
// (Ctrl+Shift+E). The work is done by ConversationExporter (ui/export).
Dialog {
    id: dialog

    /// The open conversation ("" when none) and its title.
    property string conversationId: ""
    property string conversationTitle: ""
    /// Reloaded after an import, so the sidebar shows what came in.
    property ConversationListModel conversations

    readonly property var formats: [
        { key: "md", name: qsTr("Markdown (.md)") },
        { key: "html", name: qsTr("Web page (.html) — opens offline, math and code typeset") },
        { key: "pdf", name: qsTr("PDF (.pdf)") },
        { key: "json", name: qsTr("JSON (.json) — everything, for backup and import") }
    ]
    readonly property string format: formats[formatBox.currentIndex].key

    title: qsTr("Export conversations")
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 520, 520)
    standardButtons: Dialog.Close

    ConversationExporter {
        id: exporter
        onFinished: (ok, message) => {
            status.text = message
            status.color = ok ? Theme.mutedText : Theme.danger
            if (ok && dialog.conversations)
                dialog.conversations.reload()
        }
    }

    FileDialog {
        id: saveDialog
        fileMode: FileDialog.SaveFile
        defaultSuffix: dialog.format
        nameFilters: [formats[formatBox.currentIndex].name + " (*." + dialog.format + ")"]
        onAccepted: exporter.exportTo(scopeAll.checked || dialog.conversationId.length === 0
                                      ? [] : [dialog.conversationId],
                                      dialog.format, selectedFile, reasoning.checked)
    }

    FileDialog {
        id: openDialog
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Qiusuo or ChatGPT export (*.json)")]
        onAccepted: exporter.importFrom(selectedFile)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label { text: qsTr("What") }
        RadioButton {
            id: scopeOne
            text: dialog.conversationTitle.length > 0
                  ? qsTr("This conversation: %1").arg(dialog.conversationTitle) : qsTr("This conversation")
            enabled: dialog.conversationId.length > 0
            checked: enabled
            Layout.fillWidth: true
        }
        RadioButton {
            id: scopeAll
            text: qsTr("All conversations, archived ones too")
            checked: !scopeOne.enabled
        }

        Label { text: qsTr("Format") }
        ComboBox {
            id: formatBox
            model: dialog.formats.map(f => f.name)
            Layout.fillWidth: true
            Accessible.name: qsTr("Format")
        }
        CheckBox {
            id: reasoning
            text: qsTr("Include the reasoning")
            checked: true
            enabled: dialog.format !== "json"
        }

        RowLayout {
            Layout.fillWidth: true
            Button {
                text: qsTr("Import…")
                enabled: !exporter.busy
                onClicked: openDialog.open()
            }
            Item { Layout.fillWidth: true }
            BusyIndicator { running: exporter.busy; visible: running; implicitHeight: 28; implicitWidth: 28 }
            Button {
                text: qsTr("Export…")
                highlighted: true
                enabled: !exporter.busy
                onClicked: {
                    saveDialog.currentFile = "file:///" + exporter.suggestedFileName(
                                scopeAll.checked ? "" : dialog.conversationTitle, dialog.format)
                    saveDialog.open()
                }
            }
        }
        Label {
            id: status
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallFont
        }
    }
}
