import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// Sampling: how the model picks each next token. Every change is saved at
// once (AppSettings writes through to QSettings).
ScrollView {
    id: page

    required property AppSettings settings

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.spacing * 2

        SettingsRow {
            label: qsTr("Temperature")
            hint: qsTr("Higher is more varied, lower more focused. DeepSeek recommends 0.6 for R1.")
            SettingsRealSpinBox {
                objectName: "temperature"
                Accessible.name: qsTr("Temperature")
                realFrom: 0; realTo: 2; realStep: 0.05
                realValue: page.settings.temperature
                onRealValueModified: value => page.settings.temperature = value
            }
        }
        SettingsRow {
            label: qsTr("Top-p")
            hint: qsTr("Sample only from the most likely tokens that together reach this probability.")
            SettingsRealSpinBox {
                objectName: "topP"
                Accessible.name: qsTr("Top-p")
                realFrom: 0; realTo: 1; realStep: 0.05
                realValue: page.settings.topP
                onRealValueModified: value => page.settings.topP = value
            }
        }
        SettingsRow {
            label: qsTr("Top-k")
            hint: qsTr("Sample from at most this many tokens; 0 turns it off.")
            SpinBox {
                objectName: "topK"
                Accessible.name: qsTr("Top-k")
                from: 0; to: 1000; editable: true
                value: page.settings.topK
                onValueModified: page.settings.topK = value
            }
        }
        SettingsRow {
            label: qsTr("Min-p")
            hint: qsTr("Drop tokens less likely than this fraction of the best one; 0 turns it off.")
            SettingsRealSpinBox {
                objectName: "minP"
                Accessible.name: qsTr("Min-p")
                realFrom: 0; realTo: 1; realStep: 0.01
                realValue: page.settings.minP
                onRealValueModified: value => page.settings.minP = value
            }
        }
        SettingsRow {
            label: qsTr("Repetition penalty")
            hint: qsTr("Above 1 discourages repeating recent tokens; 1 turns it off.")
            SettingsRealSpinBox {
                objectName: "repeatPenalty"
                Accessible.name: qsTr("Repetition penalty")
                realFrom: 0.5; realTo: 2; realStep: 0.05
                realValue: page.settings.repeatPenalty
                onRealValueModified: value => page.settings.repeatPenalty = value
            }
        }
        SettingsRow {
            label: qsTr("Presence penalty")
            SettingsRealSpinBox {
                objectName: "presencePenalty"
                Accessible.name: qsTr("Presence penalty")
                realFrom: -2; realTo: 2; realStep: 0.1
                realValue: page.settings.presencePenalty
                onRealValueModified: value => page.settings.presencePenalty = value
            }
        }
        SettingsRow {
            label: qsTr("Frequency penalty")
            SettingsRealSpinBox {
                objectName: "frequencyPenalty"
                Accessible.name: qsTr("Frequency penalty")
                realFrom: -2; realTo: 2; realStep: 0.1
                realValue: page.settings.frequencyPenalty
                onRealValueModified: value => page.settings.frequencyPenalty = value
            }
        }
        SettingsRow {
            label: qsTr("Maximum answer length")
            hint: qsTr("In tokens; 0 means until the model stops or the context is full.")
            SpinBox {
                objectName: "maxTokens"
                Accessible.name: qsTr("Maximum answer length")
                from: 0; to: 1000000; stepSize: 256; editable: true
                value: Math.max(0, page.settings.maxTokens)
                onValueModified: page.settings.maxTokens = value
            }
        }
        SettingsRow {
            label: qsTr("Seed")
            hint: qsTr("The same seed gives the same answer; -1 picks a new one each time.")
            SpinBox {
                objectName: "seed"
                Accessible.name: qsTr("Seed")
                from: -1; to: 2147483647; editable: true
                value: page.settings.seed
                onValueModified: page.settings.seed = value
            }
        }
    }
}
