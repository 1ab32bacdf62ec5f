import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// Remote providers: DeepSeek and any OpenAI-compatible server. The list is on
// the left; the chosen one's address, model, API key, "Test connection" and
// (for DeepSeek) the balance on the right. Keys go to the keychain (or the
// 0600 file, with the notice shown at the top) and are never shown again.
Item {
    id: page

    required property ProviderListModel providers
    required property ApiKeyStore keys
    required property ProviderTester tester
    /// The chat's InferenceSession (may be null in tests).
    property var session: null

    property string currentId: "deepseek"
    readonly property int currentRow: providers.indexOf(currentId)
    readonly property bool isDeepSeek: providers.get(currentId, "kind") === "deepseek"

    /// Bumped on every change of the list, so bindings through field() re-read.
    property int revision: 0

    function field(role) {
        void revision
        const value = providers.get(currentId, role)
        return value === undefined ? "" : value
    }

    function saveFields() {
        providers.update(currentId, nameField.text, urlField.text, modelBox.editText,
                         insecureBox.checked)
    }

    Connections {
        target: page.providers
        function onDataChanged() { page.revision++ }
        function onCountChanged() { page.revision++ }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            objectName: "keychainNotice"
            Layout.fillWidth: true
            visible: page.keys.usingFallback
            text: page.keys.notice
            wrapMode: Text.Wrap
            color: Theme.danger
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing * 2

            ColumnLayout {
                Layout.preferredWidth: 200
                Layout.fillHeight: true
                ListView {
                    id: list
                    objectName: "providerList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: page.providers
                    keyNavigationEnabled: true
                    activeFocusOnTab: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Providers")
                    currentIndex: page.currentRow
                    delegate: ItemDelegate {
                        required property string providerId
                        required property string name
                        required property bool hasKey
                        width: ListView.view.width
                        text: name
                        highlighted: providerId === page.currentId
                        Accessible.name: hasKey ? qsTr("%1, key saved").arg(name) : name
                        onClicked: page.currentId = providerId
                    }
                    onCurrentIndexChanged: {
                        if (currentIndex >= 0 && currentItem)
                            page.currentId = currentItem.providerId
                    }
                }
                RowLayout {
                    Button {
                        text: qsTr("Add server")
                        Accessible.name: qsTr("Add an OpenAI-compatible server")
                        onClicked: page.currentId = page.providers.addCustom("", "http://127.0.0.1:8080/v1")
                    }
                    Button {
                        text: qsTr("Remove")
                        Accessible.name: qsTr("Remove this server")
                        enabled: !page.isDeepSeek
                        onClicked: {
                            page.providers.remove(page.currentId)
                            page.currentId = "deepseek"
                        }
                    }
                }
            }

            ScrollView {
                id: details
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentWidth: availableWidth
                clip: true

                ColumnLayout {
                    width: details.availableWidth
                    spacing: Theme.spacing * 2

                    SettingsRow {
                        label: qsTr("Name")
                        TextField {
                            id: nameField
                            objectName: "providerName"
                            Accessible.name: qsTr("Name")
                            Layout.fillWidth: true
                            enabled: !page.isDeepSeek
                            text: page.currentRow >= 0 ? page.field("name") : ""
                            onEditingFinished: page.saveFields()
                        }
                    }
                    SettingsRow {
                        label: qsTr("Address")
                        hint: qsTr("The API root, e.g. https://api.deepseek.com or http://127.0.0.1:8080/v1.")
                        TextField {
                            id: urlField
                            objectName: "providerUrl"
                            Accessible.name: qsTr("Address")
                            Layout.fillWidth: true
                            text: page.currentRow >= 0 ? page.field("baseUrl") : ""
                            onEditingFinished: page.saveFields()
                        }
                    }
                    SettingsRow {
                        label: qsTr("Model")
                        hint: qsTr("\"Test connection\" fills this list from the server.")
                        ComboBox {
                            id: modelBox
                            objectName: "providerModel"
                            Accessible.name: qsTr("Model")
                            Layout.fillWidth: true
                            editable: true
                            model: page.tester.models
                            editText: page.currentRow >= 0 ? page.field("model") : ""
                            onActivated: page.providers.setModel(page.currentId, currentText)
                            onAccepted: page.providers.setModel(page.currentId, editText)
                        }
                    }
                    SettingsRow {
                        label: qsTr("API key")
                        hint: page.field("hasKey") ? qsTr("A key is saved. Type a new one to replace it.")
                                                   : qsTr("No key saved.")
                        RowLayout {
                            Layout.fillWidth: true
                            TextField {
                                id: keyField
                                objectName: "apiKey"
                                Accessible.name: qsTr("API key")
                                Layout.fillWidth: true
                                echoMode: TextInput.Password
                                placeholderText: qsTr("Paste the key here")
                            }
                            Button {
                                objectName: "saveKey"
                                text: qsTr("Save key")
                                enabled: keyField.text.trim().length > 0
                                onClicked: {
                                    page.keys.setKey(page.currentId, keyField.text)
                                    keyField.clear()
                                }
                            }
                            Button {
                                text: qsTr("Forget key")
                                enabled: page.field("hasKey") === true
                                onClicked: page.keys.forget(page.currentId)
                            }
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: page.keys.lastError.length > 0
                        text: page.keys.lastError
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    CheckBox {
                        id: insecureBox
                        objectName: "allowInsecureHttp"
                        text: qsTr("Allow plain http:// to another computer (the key and chats travel unencrypted)")
                        visible: !page.isDeepSeek
                        checked: page.field("allowInsecureHttp") === true
                        onToggled: page.saveFields()
                    }
                    RowLayout {
                        Button {
                            objectName: "testConnection"
                            text: qsTr("Test connection")
                            enabled: !page.tester.busy
                            onClicked: {
                                page.saveFields()
                                page.tester.testConnection(page.currentId)
                            }
                        }
                        Button {
                            objectName: "checkBalance"
                            text: qsTr("Check balance")
                            visible: page.isDeepSeek
                            enabled: !page.tester.busy
                            onClicked: page.tester.refreshBalance(page.currentId)
                        }
                        BusyIndicator {
                            running: page.tester.busy
                            visible: running
                            Layout.preferredHeight: 28
                            Layout.preferredWidth: 28
                        }
                        Button {
                            objectName: "useProvider"
                            text: qsTr("Chat with this provider")
                            onClicked: {
                                page.saveFields()
                                if (!page.session || !page.providers.useWith(page.session, page.currentId))
                                    page.providers.choose(page.currentId)
                            }
                        }
                    }
                    Label {
                        objectName: "testResult"
                        Layout.fillWidth: true
                        text: page.tester.resultText
                        color: page.tester.succeeded ? Theme.text : Theme.danger
                        wrapMode: Text.Wrap
                    }
                    Label {
                        objectName: "balance"
                        Layout.fillWidth: true
                        visible: page.isDeepSeek
                        text: page.tester.balanceText
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
