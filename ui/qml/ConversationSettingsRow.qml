import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// One value a conversation may override. "Use the default (X)" checked: the
// conversation follows the settings (X is their value now); unchecked: the
// spin box holds this conversation's own value, saved at once.
ColumnLayout {
    id: row

    required property ConversationSettingsModel conversation
    /// A ConversationOverrides key: "temperature", "top_p", "max_tokens", ...
    required property string key
    property alias label: name.text
    property string hint: ""
    property real from: 0
    property real to: 1
    property real step: 0.05
    property int decimals: 2
    /// How a value reads in "Use the default (…)"; special values in words.
    property var describe: v => Number(v).toLocaleString(Qt.locale(), "f", row.decimals)

    readonly property bool overridden: conversation.overrides[key] !== undefined
    readonly property var defaultValue: conversation.defaults[key]
    readonly property string defaultText: defaultValue === undefined ? "" : describe(defaultValue)

    spacing: 2
    Layout.fillWidth: true

    Label {
        id: name
        Layout.fillWidth: true
        color: Theme.text
        font.weight: Font.Medium
    }
    Label {
        Layout.fillWidth: true
        visible: row.hint.length > 0
        text: row.hint
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.pixelSize: Theme.smallFont
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing * 2

        CheckBox {
            id: useDefault
            objectName: row.key + "_default"
            Layout.fillWidth: true
            text: qsTr("Use the default (%1)").arg(row.defaultText)
            checked: !row.overridden
            Accessible.name: qsTr("%1: use the default (%2)").arg(row.label).arg(row.defaultText)
            onToggled: {
                if (checked)
                    row.conversation.clearOverride(row.key)
                else
                    row.conversation.setOverride(row.key, row.defaultValue)
                // Toggling replaced the binding with a plain value: the model decides again.
                checked = Qt.binding(() => !row.overridden)
            }
        }
        SettingsRealSpinBox {
            id: box
            objectName: row.key
            enabled: row.overridden
            Accessible.name: row.label
            decimals: row.decimals
            realFrom: row.from
            realTo: row.to
            realStep: row.step
            realValue: Math.min(row.to, Math.max(row.from, row.overridden ? row.conversation.overrides[row.key]
                                                                          : (row.defaultValue ?? row.from)))
            onRealValueModified: value => row.conversation.setOverride(row.key, value)
        }
    }
}
