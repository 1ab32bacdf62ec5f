import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// System prompt and its presets, the engine (context, threads, GPU), the
// reasoning pane, model-written titles, appearance and language, and
// "Reset to defaults".
ScrollView {
    id: page

    required property AppSettings settings
    /// Applies a language choice at once (no restart needed).
    property LanguageSwitcher languageSwitcher: null

    contentWidth: availableWidth
    clip: true

    function indexOfValue(model, value) {
        for (let i = 0; i < model.length; ++i)
            if (model[i].value === value)
                return i
        return 0
    }

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.spacing * 2

        SettingsRow {
            label: qsTr("System prompt")
            hint: qsTr("Sent at the start of every new conversation. DeepSeek recommends none for R1.")
            ColumnLayout {
                Layout.fillWidth: true
                TextArea {
                    id: systemPrompt
                    objectName: "systemPrompt"
                    Accessible.name: qsTr("System prompt")
                    Layout.fillWidth: true
                    Layout.preferredHeight: 90
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("No system prompt")
                    text: page.settings.systemPrompt
                    onEditingFinished: page.settings.systemPrompt = text
                }
                RowLayout {
                    ComboBox {
                        id: presets
                        objectName: "presets"
                        Accessible.name: qsTr("System prompt presets")
                        Layout.fillWidth: true
                        model: page.settings.systemPromptPresets
                        textRole: "name"
                        displayText: count > 0 ? currentText : qsTr("No presets saved")
                        enabled: count > 0
                    }
                    Button {
                        text: qsTr("Use")
                        Accessible.name: qsTr("Use the selected preset")
                        enabled: presets.count > 0
                        onClicked: page.settings.applyPreset(presets.currentText)
                    }
                    Button {
                        text: qsTr("Delete")
                        Accessible.name: qsTr("Delete the selected preset")
                        enabled: presets.count > 0
                        onClicked: page.settings.removePreset(presets.currentText)
                    }
                }
                RowLayout {
                    TextField {
                        id: presetName
                        objectName: "presetName"
                        Accessible.name: qsTr("Preset name")
                        Layout.fillWidth: true
                        placeholderText: qsTr("Name for this prompt")
                    }
                    Button {
                        objectName: "savePreset"
                        text: qsTr("Save as preset")
                        enabled: presetName.text.trim().length > 0
                        onClicked: {
                            page.settings.systemPrompt = systemPrompt.text
                            if (page.settings.savePreset(presetName.text, systemPrompt.text))
                                presetName.clear()
                        }
                    }
                }
            }
        }

        SettingsRow {
            label: qsTr("Context length")
            hint: qsTr("Tokens the local model keeps in view; more needs more memory.")
            SpinBox {
                objectName: "contextLength"
                Accessible.name: qsTr("Context length")
                from: 256; to: 1048576; stepSize: 1024; editable: true
                value: page.settings.contextLength
                onValueModified: page.settings.contextLength = value
            }
        }
        SettingsRow {
            label: qsTr("CPU threads")
            hint: qsTr("0 uses one thread per physical core.")
            SpinBox {
                objectName: "cpuThreads"
                Accessible.name: qsTr("CPU threads")
                from: 0; to: 256; editable: true
                value: page.settings.cpuThreads
                onValueModified: page.settings.cpuThreads = value
            }
        }
        SettingsRow {
            label: qsTr("GPU layers")
            hint: qsTr("Layers to run on the graphics card: -1 as many as fit, 0 none.")
            SpinBox {
                objectName: "gpuLayers"
                Accessible.name: qsTr("GPU layers")
                from: -1; to: 1000; editable: true
                value: page.settings.gpuLayers
                onValueModified: page.settings.gpuLayers = value
            }
        }
        SettingsRow {
            label: qsTr("GPU device")
            hint: qsTr("Which graphics card to use, counting from 0.")
            SpinBox {
                objectName: "gpuDevice"
                Accessible.name: qsTr("GPU device")
                from: 0; to: 15
                value: page.settings.gpuDevice
                onValueModified: page.settings.gpuDevice = value
            }
        }

        SettingsRow {
            label: qsTr("Reasoning")
            hint: qsTr("How the model's thinking is shown above its answer.")
            ComboBox {
                id: reasoning
                objectName: "reasoningDisplay"
                Accessible.name: qsTr("Reasoning")
                readonly property var choices: [
                    { value: "expanded", text: qsTr("Shown") },
                    { value: "collapsed", text: qsTr("Collapsed") },
                    { value: "hidden", text: qsTr("Hidden") }
                ]
                model: choices
                textRole: "text"
                currentIndex: page.indexOfValue(choices, page.settings.reasoningDisplay)
                onActivated: index => page.settings.reasoningDisplay = choices[index].value
            }
        }
        SettingsRow {
            label: qsTr("Titles")
            hint: qsTr("After the first answer the model names the conversation in a few words. A name you give it is never replaced.")
            CheckBox {
                objectName: "modelTitles"
                text: qsTr("Model-written titles")
                Accessible.name: qsTr("Model-written titles")
                checked: page.settings.modelTitles
                onToggled: page.settings.modelTitles = checked
            }
        }
        SettingsRow {
            label: qsTr("Theme")
            ComboBox {
                objectName: "theme"
                Accessible.name: qsTr("Theme")
                readonly property var choices: [
                    { value: "system", text: qsTr("Follow the system") },
                    { value: "light", text: qsTr("Light") },
                    { value: "dark", text: qsTr("Dark") }
                ]
                model: choices
                textRole: "text"
                currentIndex: page.indexOfValue(choices, page.settings.theme)
                onActivated: index => page.settings.theme = choices[index].value
            }
        }
        SettingsRow {
            label: qsTr("Font size")
            SpinBox {
                objectName: "fontSize"
                Accessible.name: qsTr("Font size")
                from: 10; to: 28
                value: page.settings.fontSize
                onValueModified: page.settings.fontSize = value
            }
        }
        SettingsRow {
            label: qsTr("Language")
            hint: qsTr("Takes effect at once, no restart needed.")
            ComboBox {
                objectName: "language"
                Accessible.name: qsTr("Language")
                // Language names are written in their own language on purpose.
                readonly property var choices: [
                    { value: "system", text: qsTr("Follow the system") },
                    { value: "en", text: "English" },
                    { value: "zh_CN", text: "简体中文" },
                    { value: "zh_TW", text: "繁體中文" }
                ]
                model: choices
                textRole: "text"
                currentIndex: page.indexOfValue(choices, page.settings.language)
                onActivated: index => {
                    page.settings.language = choices[index].value
                    if (page.languageSwitcher)
                        page.languageSwitcher.apply(page.settings.language)
                }
            }
        }

        Button {
            objectName: "resetDefaults"
            text: qsTr("Reset to defaults")
            Accessible.name: qsTr("Reset every setting to its default")
            Layout.alignment: Qt.AlignRight
            onClicked: resetConfirm.open()
        }
    }

    Dialog {
        id: resetConfirm
        objectName: "resetConfirm"
        title: qsTr("Reset every setting?")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Reset | Dialog.Cancel
        Label {
            text: qsTr("Sampling, engine, appearance and language go back to their defaults. Your system prompt presets and API keys are kept.")
            wrapMode: Text.Wrap
            width: 360
        }
        onReset: { page.settings.resetToDefaults(); close() }
    }
}
