import QtQuick
import QtQuick.Controls

// A spin box for real numbers (Qt Quick Controls' SpinBox holds integers):
// the integer is the value times `scale`, shown with `decimals` places.
SpinBox {
    id: box

    property real realValue: 0
    property real realFrom: 0
    property real realTo: 1
    property real realStep: 0.05
    property int decimals: 2
    readonly property int scale: Math.pow(10, decimals)

    signal realValueModified(real value)

    from: Math.round(realFrom * scale)
    to: Math.round(realTo * scale)
    stepSize: Math.max(1, Math.round(realStep * scale))
    value: Math.round(realValue * scale)
    editable: true

    validator: DoubleValidator {
        bottom: Math.min(box.realFrom, box.realTo)
        top: Math.max(box.realFrom, box.realTo)
        decimals: box.decimals
        notation: DoubleValidator.StandardNotation
    }
    textFromValue: (v, locale) => Number(v / box.scale).toLocaleString(locale, "f", box.decimals)
    valueFromText: (text, locale) => Math.round(Number.fromLocaleString(locale, text) * box.scale)
    onValueModified: realValueModified(value / scale)
}
