import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// "Conversation settings": sampling values and the system prompt for one
// conversation only. Each value either follows the settings ("Use the
// default (X)") or holds this conversation's own; the system prompt is the
// default, none, custom text or a preset. Every change is saved at once into
// the conversation (exported and imported with it) and used by the next
// answer there. Opened from the sidebar's menu and the pane's header.
Dialog {
    id: dialog
    objectName: "conversationSettingsDialog"

    required property ConversationSettingsModel conversation

    /// "Custom text" chosen here: it stays chosen while the text is still
    /// empty or reads like a preset's.
    property bool customPrompt: false
    readonly property var presets: conversation.settings ? conversation.settings.systemPromptPresets : []
    /// 0: the default prompt, 1: no system prompt, 2: custom text, 3 + i:
    /// preset i (its text is the conversation's prompt).
    readonly property int promptChoice: {
        if (conversation.noSystemPrompt)
            return 1
        if (customPrompt)
            return 2
        const prompt = conversation.systemPrompt
        if (prompt.length === 0)
            return 0
        for (let i = 0; i < presets.length; ++i)
            if (presets[i].text.trim() === prompt)
                return 3 + i
        return 2
    }

    function openFor(conversationId) {
        conversation.conversationId = conversationId
        conversation.reload()
        customPrompt = false
        promptText.text = conversation.systemPrompt
        open()
    }

    function shortened(text) {
        const line = text.replace(/\s+/g, " ").trim()
        return line.length > 40 ? line.slice(0, 39) + "…" : line
    }

    function savePrompt() {
        if (promptChoice === 2)
            conversation.setSystemPrompt(promptText.text)
    }

    title: qsTr("Conversation settings")
    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width * 0.9 : 640, 640)
    height: Math.min(parent ? parent.height * 0.9 : 720, 760)
    standardButtons: Dialog.Close
    padding: Theme.spacing * 2

    onClosed: savePrompt()

    Connections {
        target: dialog.conversation
        // Reset, or another conversation: the text area shows what is stored.
        function onOverridesChanged() {
            if (!promptText.activeFocus)
                promptText.text = dialog.conversation.systemPrompt
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: qsTr("For “%1” only. Values left on “Use the default” follow the Sampling and General settings.")
                  .arg(dialog.conversation.title)
            wrapMode: Text.Wrap
            color: Theme.mutedText
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: scroll.availableWidth
                spacing: Theme.spacing * 2

                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "temperature"
                    label: qsTr("Temperature")
                    from: 0; to: 2; step: 0.05
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "top_p"
                    label: qsTr("Top-p")
                    from: 0; to: 1; step: 0.05
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "top_k"
                    label: qsTr("Top-k")
                    hint: qsTr("0 turns it off.")
                    from: 0; to: 1000; step: 1; decimals: 0
                    describe: v => v === 0 ? qsTr("off") : String(v)
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "min_p"
                    label: qsTr("Min-p")
                    hint: qsTr("0 turns it off.")
                    from: 0; to: 1; step: 0.01
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "repeat_penalty"
                    label: qsTr("Repetition penalty")
                    hint: qsTr("Above 1 discourages repeating recent tokens; 1 turns it off.")
                    from: 0.5; to: 2; step: 0.05
                    describe: v => v === 1 ? qsTr("off") : Number(v).toLocaleString(Qt.locale(), "f", 2)
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "presence_penalty"
                    label: qsTr("Presence penalty")
                    hint: qsTr("Above 0 discourages any token the answer already used; 0 turns it off.")
                    from: -2; to: 2; step: 0.1
                    describe: v => v === 0 ? qsTr("off") : Number(v).toLocaleString(Qt.locale(), "f", 2)
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "frequency_penalty"
                    label: qsTr("Frequency penalty")
                    hint: qsTr("Above 0 discourages a token the more often it was used; 0 turns it off.")
                    from: -2; to: 2; step: 0.1
                    describe: v => v === 0 ? qsTr("off") : Number(v).toLocaleString(Qt.locale(), "f", 2)
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "max_tokens"
                    label: qsTr("Maximum answer length")
                    hint: qsTr("In tokens; 0 means until the model stops or the context is full.")
                    from: 0; to: 1000000; step: 256; decimals: 0
                    describe: v => v <= 0 ? qsTr("no limit") : String(v)
                }
                ConversationSettingsRow {
                    conversation: dialog.conversation
                    key: "seed"
                    label: qsTr("Seed")
                    hint: qsTr("The same seed gives the same answer; -1 picks a new one each time.")
                    from: -1; to: 2147483647; step: 1; decimals: 0
                    describe: v => v < 0 ? qsTr("random") : String(v)
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 4

                    Label {
                        text: qsTr("System prompt")
                        color: Theme.text
                        font.weight: Font.Medium
                    }
                    ComboBox {
                        id: promptChoiceBox
                        objectName: "systemPromptChoice"
                        Layout.fillWidth: true
                        Accessible.name: qsTr("System prompt for this conversation")
                        model: [qsTr("Use the default (%1)").arg(dialog.conversation.defaultSystemPrompt.length > 0
                                                                  ? qsTr("“%1”").arg(dialog.shortened(dialog.conversation.defaultSystemPrompt))
                                                                  : qsTr("none")),
                                qsTr("No system prompt"),
                                qsTr("Custom text")].concat(dialog.presets.map(p => qsTr("Preset: %1").arg(p.name)))
                        currentIndex: dialog.promptChoice
                        onActivated: index => {
                            dialog.customPrompt = index === 2
                            if (index === 0) {
                                dialog.conversation.setSystemPrompt("")
                            } else if (index === 1) {
                                dialog.conversation.setNoSystemPrompt(true)
                            } else if (index === 2) {
                                // Typed next; focus stays here: arrowing through the choices must not jump away.
                                dialog.conversation.setNoSystemPrompt(false)
                            } else {
                                dialog.conversation.setSystemPrompt(dialog.presets[index - 3].text)
                            }
                            promptText.text = dialog.conversation.systemPrompt
                            currentIndex = Qt.binding(() => dialog.promptChoice)
                        }
                    }
                    TextArea {
                        id: promptText
                        objectName: "systemPrompt"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 100
                        wrapMode: TextEdit.Wrap
                        readOnly: dialog.promptChoice !== 2
                        placeholderText: dialog.promptChoice === 0
                                         ? qsTr("Uses the default system prompt from the General settings.")
                                         : dialog.promptChoice === 1
                                           ? qsTr("Answers here get no system prompt, even if the General settings have one.")
                                           : qsTr("Instructions the model gets before this conversation.")
                        Accessible.name: qsTr("Custom system prompt")
                        background: Rectangle {
                            radius: Theme.radius
                            color: "transparent"
                            border.width: 1
                            border.color: promptText.activeFocus ? Theme.accentFill : Theme.border
                        }
                        onEditingFinished: dialog.savePrompt()
                    }
                }

                Label {
                    objectName: "contextLengthNote"
                    Layout.fillWidth: true
                    text: qsTr("The context length is the same for every conversation: it is set when the model loads, in the General settings.")
                    wrapMode: Text.Wrap
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallFont
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                objectName: "resetOverrides"
                text: qsTr("Reset to defaults")
                Accessible.name: qsTr("Reset this conversation to the default settings")
                enabled: dialog.conversation.hasOverrides || dialog.customPrompt
                onClicked: {
                    dialog.customPrompt = false
                    dialog.conversation.resetToDefaults()
                    promptText.text = ""
                }
            }
        }
    }
}
