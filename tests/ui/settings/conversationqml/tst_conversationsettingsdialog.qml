import QtQuick
import QtQuick.Controls
import QtTest
import Qiusuo
import QiusuoTestSupport

// The "Conversation settings" dialog driven from the keyboard on a real
// store: an override set in the dialog is saved into that conversation, a new
// model and dialog (the app started again) read it back, another
// conversation keeps the defaults, and "Reset to defaults" clears it all.
// The penalties and "No system prompt" go the same way.
TestCase {
    id: testCase
    name: "ConversationSettingsDialog"
    when: windowShown
    width: 800
    height: 900

    Component { id: settingsComponent; AppSettings {} }
    Component {
        id: dialogComponent
        Item {
            width: 800
            height: 900
            property alias dialog: conversationDialog
            property alias conversation: conversationDialog.conversation
            ConversationSettingsDialog { id: conversationDialog; conversation: null }
        }
    }

    function freshSettings() {
        const settings = createTemporaryObject(settingsComponent, testCase)
        verify(settings)
        settings.resetToDefaults()
        for (const p of settings.systemPromptPresets)
            settings.removePreset(p.name)
        return settings
    }

    function openDialog(model, uuid) {
        const root = createTemporaryObject(dialogComponent, testCase, { conversation: model })
        verify(root)
        root.dialog.openFor(uuid)
        tryCompare(root.dialog, "opened", true)
        return root.dialog
    }

    function child(dialog, objectName) {
        const found = findChild(dialog.contentItem, objectName)
        verify(found, objectName)
        return found
    }

    function stored(uuid) {
        return JSON.parse(Fixture.storedSettingsJson(uuid))
    }

    function typeNumber(box, digits) {
        box.forceActiveFocus()
        keySequence(StandardKey.SelectAll)
        for (const d of digits)
            keyClick(d)
        keyClick(Qt.Key_Return)
    }

    function test_overrideSurvivesARecreatedModelAndStaysInItsConversation() {
        const settings = freshSettings()
        const uuid = Fixture.createConversation("Poems")
        const other = Fixture.createConversation("Code")
        let model = Fixture.newModel(settings)
        let dialog = openDialog(model, uuid)
        compare(dialog.conversation.title, "Poems")

        const useDefault = child(dialog, "temperature_default")
        verify(useDefault.checked)
        compare(useDefault.text, "Use the default (0.60)")
        const temperature = child(dialog, "temperature")
        verify(!temperature.enabled)
        useDefault.forceActiveFocus()
        keyClick(Qt.Key_Space)
        verify(!useDefault.checked)
        verify(temperature.enabled)
        fuzzyCompare(model.overrides.temperature, 0.6, 1e-9)
        temperature.forceActiveFocus()
        keyClick(Qt.Key_Up)
        keyClick(Qt.Key_Up)
        fuzzyCompare(stored(uuid).temperature, 0.7, 1e-9)

        const maxTokensDefault = child(dialog, "max_tokens_default")
        compare(maxTokensDefault.text, "Use the default (no limit)")
        maxTokensDefault.forceActiveFocus()
        keyClick(Qt.Key_Space)
        typeNumber(child(dialog, "max_tokens"), [Qt.Key_3, Qt.Key_0])
        compare(stored(uuid).max_tokens, 30)

        // Custom system prompt: chosen from the keyboard, typed, kept when the focus moves on.
        const choice = child(dialog, "systemPromptChoice")
        compare(choice.currentIndex, 0)
        choice.forceActiveFocus()
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        compare(choice.currentIndex, 2)
        const prompt = child(dialog, "systemPrompt")
        verify(!prompt.readOnly)
        prompt.forceActiveFocus()
        keyClick(Qt.Key_A); keyClick(Qt.Key_B)
        choice.forceActiveFocus()
        compare(Fixture.storedSystemPrompt(uuid), "ab")
        dialog.close()
        tryCompare(dialog, "visible", false)

        // The app started again: a new model and dialog read it all back.
        model = Fixture.newModel(settings)
        dialog = openDialog(model, uuid)
        verify(!child(dialog, "temperature_default").checked)
        compare(child(dialog, "temperature").displayText, "0.70")
        compare(child(dialog, "max_tokens").displayText, "30")
        compare(child(dialog, "systemPromptChoice").currentIndex, 2)
        compare(child(dialog, "systemPrompt").text, "ab")
        verify(child(dialog, "top_p_default").checked)
        dialog.close()

        // The other conversation follows the defaults.
        dialog = openDialog(Fixture.newModel(settings), other)
        verify(child(dialog, "temperature_default").checked)
        compare(child(dialog, "temperature").displayText, "0.60")
        compare(child(dialog, "systemPromptChoice").currentIndex, 0)
        compare(stored(other).temperature, undefined)
    }

    function test_resetToDefaultsClearsTheOverrides() {
        const settings = freshSettings()
        const uuid = Fixture.createConversation("Reset me")
        const model = Fixture.newModel(settings)
        model.conversationId = uuid
        verify(model.setOverride("seed", 42))
        verify(model.setOverride("top_k", 40))
        verify(model.setSystemPrompt("Be terse."))
        const dialog = openDialog(model, uuid)
        verify(!child(dialog, "seed_default").checked)
        compare(child(dialog, "seed").displayText, "42")
        compare(child(dialog, "systemPrompt").text, "Be terse.")

        const reset = child(dialog, "resetOverrides")
        verify(reset.enabled)
        reset.forceActiveFocus()
        keyClick(Qt.Key_Space)
        verify(!model.hasOverrides)
        verify(child(dialog, "seed_default").checked)
        verify(child(dialog, "top_k_default").checked)
        compare(child(dialog, "systemPromptChoice").currentIndex, 0)
        compare(child(dialog, "systemPrompt").text, "")
        verify(!reset.enabled)
        compare(stored(uuid).seed, undefined)
        compare(stored(uuid).top_k, undefined)
        compare(Fixture.storedSystemPrompt(uuid), "")

        const recreated = Fixture.newModel(settings)
        recreated.conversationId = uuid
        verify(!recreated.hasOverrides)
    }

    function test_defaultsFollowTheSettingsAndPresetsApply() {
        const settings = freshSettings()
        settings.temperature = 1.0
        settings.maxTokens = 512
        settings.systemPrompt = "Global prompt."
        verify(settings.savePreset("Poet", "Answer in verse."))
        const uuid = Fixture.createConversation("Presets")
        const dialog = openDialog(Fixture.newModel(settings), uuid)
        compare(child(dialog, "temperature_default").text, "Use the default (1.00)")
        compare(child(dialog, "max_tokens_default").text, "Use the default (512)")
        settings.temperature = 0.8
        compare(child(dialog, "temperature_default").text, "Use the default (0.80)")

        const choice = child(dialog, "systemPromptChoice")
        compare(choice.count, 4)
        compare(choice.textAt(0), "Use the default (“Global prompt.”)")
        compare(choice.textAt(1), "No system prompt")
        compare(choice.textAt(2), "Custom text")
        compare(choice.textAt(3), "Preset: Poet")
        choice.forceActiveFocus()
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        compare(choice.currentIndex, 3)
        compare(Fixture.storedSystemPrompt(uuid), "Answer in verse.")
        compare(child(dialog, "systemPrompt").text, "Answer in verse.")
        verify(child(dialog, "systemPrompt").readOnly)

        // Custom text from a preset's: editable, and still "Custom text" while it reads the same.
        keyClick(Qt.Key_Up)
        compare(choice.currentIndex, 2)
        const prompt = child(dialog, "systemPrompt")
        verify(!prompt.readOnly)
        compare(prompt.text, "Answer in verse.")
        prompt.forceActiveFocus()
        keyClick(Qt.Key_End)
        keyClick(Qt.Key_Exclam)
        choice.forceActiveFocus()
        compare(Fixture.storedSystemPrompt(uuid), "Answer in verse.!")
        compare(choice.currentIndex, 2)
    }

    function test_penaltiesOverrideReadBackAndReset() {
        const settings = freshSettings()
        settings.presencePenalty = 0.5
        const uuid = Fixture.createConversation("Penalties")
        let model = Fixture.newModel(settings)
        let dialog = openDialog(model, uuid)
        compare(child(dialog, "repeat_penalty_default").text, "Use the default (off)")
        compare(child(dialog, "presence_penalty_default").text, "Use the default (0.50)")
        compare(child(dialog, "frequency_penalty_default").text, "Use the default (off)")

        // Repetition: from the keyboard, starting at the default and stepping 0.05.
        const repeatDefault = child(dialog, "repeat_penalty_default")
        const repeat = child(dialog, "repeat_penalty")
        verify(!repeat.enabled)
        repeatDefault.forceActiveFocus()
        keyClick(Qt.Key_Space)
        verify(repeat.enabled)
        repeat.forceActiveFocus()
        keyClick(Qt.Key_Up)
        keyClick(Qt.Key_Up)
        fuzzyCompare(stored(uuid).repeat_penalty, 1.1, 1e-9)

        // Frequency: typed; the spin box keeps it within -2..2 like the settings page.
        child(dialog, "frequency_penalty_default").forceActiveFocus()
        keyClick(Qt.Key_Space)
        typeNumber(child(dialog, "frequency_penalty"), [Qt.Key_Minus, Qt.Key_1, Qt.Key_Period, Qt.Key_5])
        fuzzyCompare(stored(uuid).frequency_penalty, -1.5, 1e-9)
        // The model clamps what QML hands it, too.
        verify(model.setOverride("presence_penalty", 9))
        compare(stored(uuid).presence_penalty, 2)
        compare(child(dialog, "presence_penalty").displayText, "2.00")
        dialog.close()
        tryCompare(dialog, "visible", false)

        // The app started again: read back.
        model = Fixture.newModel(settings)
        dialog = openDialog(model, uuid)
        verify(!child(dialog, "repeat_penalty_default").checked)
        compare(child(dialog, "repeat_penalty").displayText, "1.10")
        compare(child(dialog, "frequency_penalty").displayText, "-1.50")
        compare(child(dialog, "presence_penalty").displayText, "2.00")

        // Back to the default, one by one and then all at once.
        child(dialog, "repeat_penalty_default").forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(stored(uuid).repeat_penalty, undefined)
        compare(child(dialog, "repeat_penalty").displayText, "1.00")
        child(dialog, "resetOverrides").forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(stored(uuid).frequency_penalty, undefined)
        compare(stored(uuid).presence_penalty, undefined)
        verify(child(dialog, "presence_penalty_default").checked)
        compare(child(dialog, "presence_penalty").displayText, "0.50")
    }

    function test_noSystemPromptIsItsOwnChoice() {
        const settings = freshSettings()
        settings.systemPrompt = "Global prompt."
        const uuid = Fixture.createConversation("Quiet")
        let model = Fixture.newModel(settings)
        model.conversationId = uuid
        verify(model.setSystemPrompt("Mine."))
        let dialog = openDialog(model, uuid)
        const choice = child(dialog, "systemPromptChoice")
        compare(choice.currentIndex, 2)

        choice.forceActiveFocus()
        keyClick(Qt.Key_Up)
        compare(choice.currentIndex, 1)
        verify(model.noSystemPrompt)
        compare(stored(uuid).no_system_prompt, true)
        compare(Fixture.storedSystemPrompt(uuid), "")
        const prompt = child(dialog, "systemPrompt")
        verify(prompt.readOnly)
        compare(prompt.text, "")
        compare(prompt.placeholderText, "Answers here get no system prompt, even if the General settings have one.")
        verify(child(dialog, "resetOverrides").enabled)
        dialog.close()
        tryCompare(dialog, "visible", false)

        // Not mistaken for "Use the default" after a restart.
        model = Fixture.newModel(settings)
        dialog = openDialog(model, uuid)
        compare(child(dialog, "systemPromptChoice").currentIndex, 1)
        verify(model.hasOverrides)

        // Custom text ends it; back to none, then Reset: the default again.
        const again = child(dialog, "systemPromptChoice")
        again.forceActiveFocus()
        keyClick(Qt.Key_Down)
        compare(again.currentIndex, 2)
        verify(!model.noSystemPrompt)
        compare(stored(uuid).no_system_prompt, undefined)
        keyClick(Qt.Key_Up)
        compare(again.currentIndex, 1)
        child(dialog, "resetOverrides").forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(again.currentIndex, 0)
        verify(!model.noSystemPrompt)
        compare(stored(uuid).no_system_prompt, undefined)
    }

    function test_contextLengthIsNotPerConversation() {
        const settings = freshSettings()
        const uuid = Fixture.createConversation("Old data")
        const model = Fixture.newModel(settings)
        model.conversationId = uuid
        verify(!model.setOverride("context_length", 8192))
        compare(model.defaults.context_length, undefined)
        const dialog = openDialog(model, uuid)
        compare(findChild(dialog.contentItem, "context_length"), null)
        verify(child(dialog, "contextLengthNote").text.indexOf("General settings") >= 0)
    }

    function test_everyControlHasAnAccessibleName() {
        const settings = freshSettings()
        const dialog = openDialog(Fixture.newModel(settings), Fixture.createConversation("Names"))
        const names = ["systemPromptChoice", "systemPrompt", "resetOverrides"]
        for (const key of ["temperature", "top_p", "top_k", "min_p", "repeat_penalty", "presence_penalty",
                           "frequency_penalty", "max_tokens", "seed"])
            names.push(key, key + "_default")
        for (const name of names) {
            const control = child(dialog, name)
            verify(control.Accessible.name.length > 0, name)
        }
        compare(child(dialog, "top_p_default").Accessible.name, "Top-p: use the default (0.95)")
        compare(child(dialog, "repeat_penalty").Accessible.name, "Repetition penalty")
        compare(child(dialog, "frequency_penalty_default").Accessible.name, "Frequency penalty: use the default (off)")
    }
}
