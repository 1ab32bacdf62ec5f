import QtQuick
import QtQuick.Controls
import QtTest
import Qiusuo

// The settings pages driven from the keyboard: a value changed on the page is
// saved, and a new AppSettings (the app started again) reads it back.
TestCase {
    id: testCase
    name: "SettingsPage"
    when: windowShown
    width: 900
    height: 700

    Component { id: settingsComponent; AppSettings {} }
    Component { id: samplingComponent; SettingsSamplingPage { width: 800; height: 650 } }
    Component { id: generalComponent; SettingsGeneralPage { width: 800; height: 650 } }

    function freshSettings() {
        const settings = createTemporaryObject(settingsComponent, testCase)
        verify(settings)
        settings.resetToDefaults()
        for (const p of settings.systemPromptPresets)
            settings.removePreset(p.name)
        return settings
    }

    function test_defaultsAreR1s() {
        const settings = freshSettings()
        fuzzyCompare(settings.temperature, 0.6, 1e-9)
        fuzzyCompare(settings.topP, 0.95, 1e-9)
        compare(settings.reasoningDisplay, "collapsed")
        compare(settings.language, "system")
    }

    function test_temperatureChangedOnThePageSurvivesARestart() {
        let settings = freshSettings()
        const page = createTemporaryObject(samplingComponent, testCase, { settings: settings })
        const box = findChild(page, "temperature")
        verify(box)
        compare(box.displayText, "0.60")
        box.forceActiveFocus()
        keyClick(Qt.Key_Up)
        keyClick(Qt.Key_Up)
        fuzzyCompare(settings.temperature, 0.7, 1e-9)
        page.destroy()
        settings.destroy()
        wait(0)

        const restarted = createTemporaryObject(settingsComponent, testCase)
        fuzzyCompare(restarted.temperature, 0.7, 1e-9)
        const again = createTemporaryObject(samplingComponent, testCase, { settings: restarted })
        compare(findChild(again, "temperature").displayText, "0.70")
        again.destroy()
    }

    function test_typedSeedAndTopKAreKept() {
        const settings = freshSettings()
        const page = createTemporaryObject(samplingComponent, testCase, { settings: settings })
        const seed = findChild(page, "seed")
        seed.forceActiveFocus()
        keySequence(StandardKey.SelectAll)
        keyClick(Qt.Key_4); keyClick(Qt.Key_2)
        keyClick(Qt.Key_Return)
        compare(settings.seed, 42)
        const topK = findChild(page, "topK")
        topK.forceActiveFocus()
        keyClick(Qt.Key_Up)
        compare(settings.topK, 1)

        const restarted = createTemporaryObject(settingsComponent, testCase)
        compare(restarted.seed, 42)
        compare(restarted.topK, 1)
        page.destroy()
    }

    function test_reasoningAndLanguageChoices() {
        const settings = freshSettings()
        const page = createTemporaryObject(generalComponent, testCase, { settings: settings })
        const reasoning = findChild(page, "reasoningDisplay")
        verify(reasoning)
        compare(reasoning.currentText, "Collapsed")
        reasoning.forceActiveFocus()
        keyClick(Qt.Key_Down)   // a closed ComboBox moves to the next choice
        compare(settings.reasoningDisplay, "hidden")

        const language = findChild(page, "language")
        language.forceActiveFocus()
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        compare(settings.language, "zh_CN")
        compare(createTemporaryObject(settingsComponent, testCase).language, "zh_CN")
        page.destroy()
    }

    function test_resetButtonRestoresDefaultsAfterConfirming() {
        const settings = freshSettings()
        settings.temperature = 1.2
        settings.contextLength = 8192
        verify(settings.savePreset("Translator", "Translate into English."))
        const page = createTemporaryObject(generalComponent, testCase, { settings: settings })
        const reset = findChild(page, "resetDefaults")
        reset.forceActiveFocus()
        keyClick(Qt.Key_Space)
        const confirm = findChild(page, "resetConfirm")
        tryCompare(confirm, "opened", true)
        compare(settings.contextLength, 8192)   // nothing happens before the user agrees
        confirm.reset()
        fuzzyCompare(settings.temperature, 0.6, 1e-9)
        compare(settings.contextLength, 4096)
        compare(settings.systemPromptPresets.length, 1)
        page.destroy()
    }

    function test_presetSavedFromThePage() {
        const settings = freshSettings()
        const page = createTemporaryObject(generalComponent, testCase, { settings: settings })
        const prompt = findChild(page, "systemPrompt")
        prompt.forceActiveFocus()
        prompt.text = "Answer briefly."
        const name = findChild(page, "presetName")
        name.forceActiveFocus()
        name.text = "Brief"
        const save = findChild(page, "savePreset")
        verify(save.enabled)
        save.forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(settings.systemPromptPresets.length, 1)
        compare(settings.systemPromptPresets[0].name, "Brief")
        compare(settings.systemPrompt, "Answer briefly.")
        const restarted = createTemporaryObject(settingsComponent, testCase)
        compare(restarted.systemPromptPresets[0].text, "Answer briefly.")
        page.destroy()
    }
}
