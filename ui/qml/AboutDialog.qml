import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// About Qiusuo: the version (the one project version, as --version prints it)
// and the components bundled with the app and their licenses. Opened with F1.
Dialog {
    id: dialog

    readonly property var components: [
        { name: "Qt 6", license: "LGPL-3.0", use: qsTr("the window and the web view") },
        { name: "KaTeX", license: "MIT (fonts: OFL-1.1)", use: qsTr("math typesetting") },
        { name: "highlight.js", license: "BSD-3-Clause", use: qsTr("code highlighting") },
        { name: "cmark-gfm", license: "BSD-2-Clause", use: qsTr("Markdown") },
        { name: "SQLite", license: qsTr("public domain"), use: qsTr("the conversation database") },
        { name: "nlohmann/json", license: "MIT", use: qsTr("JSON") },
        { name: "libcurl", license: "curl", use: qsTr("remote models") },
        { name: "PCRE2", license: "BSD-3-Clause", use: qsTr("tokenizers") }
    ]

    title: qsTr("About Qiusuo")
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 480, 480)
    standardButtons: Dialog.Close

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.spacing * 2
            Image {
                source: "qrc:/icons/qiusuo-256.png"
                sourceSize.width: 64
                sourceSize.height: 64
            }
            ColumnLayout {
                Label {
                    text: qsTr("Qiusuo 求索")
                    font.pixelSize: Theme.titleFont
                    font.bold: true
                }
                Label {
                    objectName: "aboutVersion"
                    text: qsTr("Version %1").arg(Qt.application.version)
                    color: Theme.mutedText
                }
            }
        }
        Label {
            text: qsTr("Chat with DeepSeek models on your own computer or through an API.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Bundled components")
            font.bold: true
            Layout.topMargin: Theme.spacing
        }
        Repeater {
            model: dialog.components
            delegate: Label {
                required property var modelData
                text: modelData.name + " — " + modelData.license + " · " + modelData.use
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                font.pixelSize: Theme.smallFont
            }
        }
        Label {
            text: qsTr("Full license texts: /usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md")
            color: Theme.mutedText
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            font.pixelSize: Theme.smallFont
        }
    }
}
