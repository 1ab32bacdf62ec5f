# Included by ui/CMakeLists.txt. Everything a user configures: settings
# (QSettings), the API-key store (QtKeychain, or a 0600 file where no keychain
# answers), providers, the model library and downloads. Compiled into
# qiusuo_ui, so the pages in ui/qml reach these types through the "Qiusuo"
# QML module (QML_ELEMENT).
# GLOBAL: every target linking qiusuo_ui (the app, the tests) resolves it.
find_package(Qt6Keychain REQUIRED GLOBAL)
file(GLOB _settings_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp ${CMAKE_CURRENT_LIST_DIR}/*.h)
target_sources(qiusuo_ui PRIVATE ${_settings_sources})
target_link_libraries(qiusuo_ui PUBLIC Qt6::Network Qt6Keychain::Qt6Keychain)
# qmltyperegistrar includes the QML_ELEMENT headers by file name.
target_include_directories(qiusuo_ui PRIVATE ${CMAKE_CURRENT_LIST_DIR})
