import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qiusuo

// Settings, opened with Ctrl+, : General, Sampling, Models, Downloads and
// Providers in tabs. It owns the settings objects for the whole app run (a
// download goes on when the dialog closes); `settings` and `providers` are
// for the chat to read. The language chosen here applies at once.
Dialog {
    id: dialog

    /// The chat's InferenceSession, when there is one: "Load" in the model
    /// library loads through it.
    property var session: null

    readonly property alias settings: appSettings
    readonly property alias keys: apiKeys
    readonly property alias providers: providerList
    readonly property alias library: modelLibrary
    readonly property alias downloads: downloadManager

    title: qsTr("Settings")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Overlay.overlay ? Overlay.overlay.width * 0.9 : 900, 980)
    height: Math.min(Overlay.overlay ? Overlay.overlay.height * 0.9 : 700, 760)
    standardButtons: Dialog.Close
    padding: Theme.spacing * 2

    AppSettings { id: appSettings }
    ApiKeyStore { id: apiKeys }
    ProviderListModel { id: providerList; keys: apiKeys }
    ProviderTester { id: tester; providers: providerList }
    ModelLibraryModel {
        id: modelLibrary
        contextLength: appSettings.contextLength
        gpuLayers: appSettings.gpuLayers
        gpuDevice: appSettings.gpuDevice
    }
    DownloadManager {
        id: downloadManager
        folder: modelLibrary.defaultFolder
        onModelDownloaded: modelLibrary.rescan()
    }
    LanguageSwitcher { id: languageSwitcher }

    Component.onCompleted: {
        languageSwitcher.applyAtStartup(appSettings.language)
        modelLibrary.rescan()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        TabBar {
            id: tabs
            objectName: "settingsTabs"
            Layout.fillWidth: true
            TabButton { text: qsTr("General") }
            TabButton { text: qsTr("Sampling") }
            TabButton { text: qsTr("Models") }
            TabButton { text: qsTr("Downloads") }
            TabButton { text: qsTr("Providers") }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            SettingsGeneralPage {
                objectName: "generalPage"
                settings: appSettings
                languageSwitcher: languageSwitcher
            }
            SettingsSamplingPage {
                objectName: "samplingPage"
                settings: appSettings
            }
            ModelLibraryPage {
                objectName: "modelLibraryPage"
                library: modelLibrary
                session: dialog.session
            }
            ModelDownloadsPage {
                objectName: "downloadsPage"
                downloads: downloadManager
            }
            ProvidersPage {
                objectName: "providersPage"
                providers: providerList
                keys: apiKeys
                tester: tester
                session: dialog.session
            }
        }
    }
}
