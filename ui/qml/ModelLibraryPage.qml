import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Qiusuo

// The model library: every GGUF model in the models folders, with what it is
// and whether it fits this computer. Add a file (dialog or drag and drop) or
// a folder; "Load" hands the file to the chat's engine, whose progress and
// Cancel show here while it loads.
Item {
    id: page

    required property ModelLibraryModel library
    /// The chat's InferenceSession (may be null in tests): loads the model.
    property var session: null

    readonly property bool loading: session !== null && session.state === InferenceSession.Loading

    DropArea {
        id: drop
        anchors.fill: parent
        keys: ["text/uri-list"]
        onDropped: drop => {
            for (const url of drop.urls)
                page.library.addFile(url)
        }
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Add a GGUF model")
        nameFilters: [qsTr("GGUF models (*.gguf)")]
        onAccepted: page.library.addFile(selectedFile)
    }
    FolderDialog {
        id: folderDialog
        title: qsTr("Add a folder of models")
        onAccepted: page.library.addFolder(selectedFolder)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Button {
                objectName: "addModelFile"
                text: qsTr("Add model file…")
                onClicked: fileDialog.open()
            }
            Button {
                objectName: "addModelFolder"
                text: qsTr("Add folder…")
                onClicked: folderDialog.open()
            }
            Button {
                objectName: "rescanModels"
                text: qsTr("Scan again")
                enabled: !page.library.scanning
                onClicked: page.library.rescan()
            }
            BusyIndicator {
                running: page.library.scanning
                visible: running
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
            }
            Item { Layout.fillWidth: true }
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("Folders: %1. Drop .gguf files here to add them.").arg(page.library.folders.join(", "))
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.smallFont
        }
        Label {
            objectName: "libraryError"
            Layout.fillWidth: true
            visible: page.library.lastError.length > 0
            text: page.library.lastError
            color: Theme.danger
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.fillWidth: true
            visible: page.session !== null && (page.loading || page.session.state === InferenceSession.Failed)
            ProgressBar {
                objectName: "loadProgress"
                Layout.fillWidth: true
                visible: page.loading
                value: page.session ? page.session.loadProgress : 0
                Accessible.name: qsTr("Loading the model")
            }
            Button {
                text: qsTr("Cancel")
                visible: page.loading
                onClicked: page.session.cancelLoad()
            }
            Label {
                Layout.fillWidth: true
                visible: page.session !== null && page.session.state === InferenceSession.Failed
                text: page.session ? page.session.errorText : ""
                color: Theme.danger
                wrapMode: Text.Wrap
            }
        }

        ListView {
            id: list
            objectName: "modelList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing
            model: page.library
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Models")

            Label {
                anchors.centerIn: parent
                visible: list.count === 0 && !page.library.scanning
                width: parent.width * 0.8
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("No models yet. Add a .gguf file, drop one here, or download one.")
            }

            delegate: Rectangle {
                id: row
                required property int index
                required property string path
                required property string name
                required property string fileName
                required property string architecture
                required property string parametersText
                required property string quantization
                required property var trainedContext
                required property string fileSizeText
                required property bool fits
                required property string fitText
                required property string error
                required property bool userAdded
                required property string gpuFit
                required property string gpuFitText

                width: ListView.view.width
                implicitHeight: column.implicitHeight + Theme.spacing * 2
                radius: Theme.radius
                color: ListView.isCurrentItem ? Theme.selected : Theme.hover
                Accessible.role: Accessible.ListItem
                Accessible.name: error.length > 0 ? qsTr("%1, cannot be used: %2").arg(name, error)
                                                  : qsTr("%1, %2 %3").arg(name, fitText, gpuFitText)

                RowLayout {
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    ColumnLayout {
                        id: column
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            text: row.name
                            font.bold: true
                            color: Theme.text
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: row.error.length === 0
                            text: qsTr("%1 · %2 parameters · %3 · context %4 · %5")
                                  .arg(row.architecture).arg(row.parametersText)
                                  .arg(row.quantization.length > 0 ? row.quantization : qsTr("unknown type"))
                                  .arg(Number(row.trainedContext).toLocaleString(Qt.locale(), "f", 0))
                                  .arg(row.fileSizeText)
                            color: Theme.mutedText
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: row.error.length > 0 ? row.error : row.fitText
                            color: row.error.length > 0 || !row.fits ? Theme.danger : Theme.mutedText
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.smallFont
                        }
                        Label {
                            objectName: "gpuFit"
                            Layout.fillWidth: true
                            visible: row.error.length === 0 && row.gpuFitText.length > 0
                            text: row.gpuFitText
                            color: row.gpuFit === "gpu" ? Theme.text : Theme.mutedText
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.smallFont
                        }
                        Label {
                            Layout.fillWidth: true
                            text: row.path
                            color: Theme.mutedText
                            elide: Text.ElideMiddle
                            font.pixelSize: Theme.smallFont
                        }
                    }
                    Button {
                        text: qsTr("Load")
                        Accessible.name: qsTr("Load %1").arg(row.name)
                        enabled: row.error.length === 0 && !page.loading
                        onClicked: {
                            page.library.choose(row.path)
                            if (page.session)
                                page.session.setLocalModel(row.path)
                        }
                    }
                    Button {
                        // The model the chat has loaded from this file.
                        objectName: "unload"
                        text: qsTr("Unload")
                        Accessible.name: qsTr("Unload %1").arg(row.name)
                        visible: page.session !== null && page.session.kind === "local"
                                 && page.session.state === InferenceSession.Ready
                                 && page.session.label === row.fileName
                        onClicked: page.session.unload()
                    }
                    Button {
                        text: qsTr("Forget")
                        Accessible.name: qsTr("Remove %1 from the library (the file stays)").arg(row.name)
                        visible: row.userAdded
                        onClicked: page.library.removeFile(row.path)
                    }
                }
            }
        }
    }
}
