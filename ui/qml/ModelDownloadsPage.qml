import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// Downloads: paste a direct link to a .gguf file (a Hugging Face
// "resolve/main/…" link works), optionally its SHA-256; progress, speed,
// pause, resume and cancel for each. Finished files join the model library.
Item {
    id: page

    required property DownloadManager downloads

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: urlField
                objectName: "downloadUrl"
                Accessible.name: qsTr("Download address")
                Layout.fillWidth: true
                placeholderText: qsTr("https://huggingface.co/…/resolve/main/model.gguf")
                onAccepted: start.clicked()
            }
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: shaField
                objectName: "downloadSha"
                Accessible.name: qsTr("Expected SHA-256 (optional)")
                Layout.fillWidth: true
                placeholderText: qsTr("SHA-256 (optional; Hugging Face sends its own)")
            }
            Button {
                id: start
                objectName: "startDownload"
                text: qsTr("Download")
                enabled: urlField.text.trim().length > 0
                onClicked: {
                    if (page.downloads.start(urlField.text.trim(), shaField.text) >= 0) {
                        urlField.clear()
                        shaField.clear()
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: page.downloads.lastError.length > 0
            text: page.downloads.lastError
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Saved to %1").arg(page.downloads.folder)
            color: Theme.mutedText
            font.pixelSize: Theme.smallFont
            wrapMode: Text.Wrap
        }

        ListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing
            model: page.downloads
            activeFocusOnTab: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Downloads")
            delegate: ColumnLayout {
                id: row
                required property int index
                required property string fileName
                required property double progress
                required property string statusText
                required property string state
                width: ListView.view.width
                spacing: 2
                Accessible.role: Accessible.ListItem
                Accessible.name: qsTr("%1: %2").arg(fileName, statusText)

                Label { text: row.fileName; font.bold: true; color: Theme.text }
                ProgressBar {
                    Layout.fillWidth: true
                    indeterminate: row.progress < 0 && row.state === "downloading"
                    value: Math.max(0, row.progress)
                    Accessible.name: qsTr("Progress of %1").arg(row.fileName)
                }
                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        Layout.fillWidth: true
                        text: row.statusText
                        wrapMode: Text.Wrap
                        color: row.state === "failed" || row.state === "interrupted" ? Theme.danger : Theme.mutedText
                    }
                    Button {
                        text: qsTr("Pause")
                        visible: row.state === "downloading"
                        onClicked: page.downloads.pause(row.index)
                    }
                    Button {
                        text: qsTr("Resume")
                        visible: row.state === "paused" || row.state === "interrupted"
                        onClicked: page.downloads.resume(row.index)
                    }
                    Button {
                        text: qsTr("Cancel")
                        Accessible.name: qsTr("Cancel and delete the partial file")
                        visible: row.state === "downloading" || row.state === "paused" || row.state === "interrupted"
                        onClicked: page.downloads.cancel(row.index)
                    }
                    Button {
                        text: qsTr("Remove from list")
                        visible: row.state === "done" || row.state === "failed"
                        onClicked: page.downloads.removeRow(row.index)
                    }
                }
            }
        }
    }
}
