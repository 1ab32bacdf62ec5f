import QtQuick
import QtQuick.Controls
import QtTest
import Qiusuo

// "Model-written titles" on the general page: on by default, switched from
// the keyboard, saved, and read back by a new AppSettings (the next start).
TestCase {
    id: testCase
    name: "ModelTitlesSetting"
    when: windowShown
    width: 900
    height: 700

    Component { id: settingsComponent; AppSettings {} }
    Component { id: generalComponent; SettingsGeneralPage { width: 800; height: 650 } }

    function test_checkboxSwitchesAndSurvivesARestart() {
        const settings = createTemporaryObject(settingsComponent, testCase)
        settings.resetToDefaults()
        verify(settings.modelTitles)
        const page = createTemporaryObject(generalComponent, testCase, { settings: settings })
        const box = findChild(page, "modelTitles")
        verify(box)
        compare(box.Accessible.name, "Model-written titles")
        verify(box.checked)
        box.forceActiveFocus()
        keyClick(Qt.Key_Space)
        verify(!box.checked)
        verify(!settings.modelTitles)

        const restarted = createTemporaryObject(settingsComponent, testCase)
        verify(!restarted.modelTitles)
        const again = createTemporaryObject(generalComponent, testCase, { settings: restarted })
        verify(!findChild(again, "modelTitles").checked)
        restarted.resetToDefaults()
        verify(findChild(again, "modelTitles").checked)
        // The pages go before the settings they bind to.
        again.destroy()
        page.destroy()
        wait(0)
    }
}
