import QtQuick
import QtQuick.Controls
import QtTest
import Qiusuo

// The whole settings dialog offscreen: every tab is there, the key-file
// notice shows where no keychain answers (QIUSUO_KEYCHAIN=file), a key saved
// on the Providers page is kept but never shown, and a bad download link is
// refused in words.
TestCase {
    id: testCase
    name: "SettingsDialog"
    when: windowShown
    width: 1000
    height: 760

    Component {
        id: dialogComponent
        Item {
            width: 1000
            height: 760
            property alias dialog: settingsDialog
            SettingsDialog { id: settingsDialog }
        }
    }

    function test_tabsNoticeKeyAndDownloads() {
        const root = createTemporaryObject(dialogComponent, testCase)
        const dialog = root.dialog
        dialog.open()
        tryCompare(dialog, "opened", true)
        const tabs = findChild(dialog.contentItem, "settingsTabs")
        verify(tabs)
        compare(tabs.count, 5)

        tabs.currentIndex = 4
        const providers = findChild(dialog.contentItem, "providersPage")
        verify(providers)
        const notice = findChild(providers, "keychainNotice")
        verify(notice.visible)
        verify(notice.text.indexOf("api-keys.json") >= 0)

        const key = findChild(providers, "apiKey")
        key.forceActiveFocus()
        key.text = "sk-dialog-test-123"
        compare(key.echoMode, TextInput.Password)
        const save = findChild(providers, "saveKey")
        save.forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(key.text, "")
        verify(dialog.keys.hasKey("deepseek"))
        verify(dialog.providers.get("deepseek", "hasKey"))

        tabs.currentIndex = 3
        const downloads = findChild(dialog.contentItem, "downloadsPage")
        const url = findChild(downloads, "downloadUrl")
        url.forceActiveFocus()
        url.text = "ftp://example.invalid/model.gguf"
        const start = findChild(downloads, "startDownload")
        start.forceActiveFocus()
        keyClick(Qt.Key_Space)
        verify(dialog.downloads.lastError.indexOf("https://") >= 0)
        compare(dialog.downloads.count, 0)

        tabs.currentIndex = 2
        const library = findChild(dialog.contentItem, "modelLibraryPage")
        verify(library)
        tryCompare(dialog.library, "scanning", false)
        compare(dialog.library.count, 0)
        dialog.close()
    }
}
