# Installers through CPack, from the one version in project(VERSION).
#   Linux:   cpack -G DEB   (and -G RPM where rpmbuild exists)   -- tested in CI
#   Windows: cpack -G NSIS  (Qt deployed by qt_generate_deploy_qml_app_script)
#   macOS:   cpack -G DragNDrop (macdeployqt through the same deploy script)
# The Windows and macOS configurations are written but not built on these
# Linux machines; packaging/README.md says what to check there.
set(CPACK_PACKAGE_NAME qiusuo)
set(CPACK_PACKAGE_VENDOR "The Qiusuo developers")
set(CPACK_PACKAGE_CONTACT "The Qiusuo developers <qiusuo@example.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "Qiusuo (求索) chats with DeepSeek-R1, its distills and DeepSeek-V2/V3-architecture models on your own computer with its own inference engine, or through the DeepSeek API or any OpenAI-compatible server. Conversations are stored locally, searchable, and export to Markdown, JSON, HTML and PDF.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Qiusuo)
set(CPACK_PACKAGE_EXECUTABLES qiusuo Qiusuo)
set(CPACK_PACKAGE_ICON "${PROJECT_SOURCE_DIR}/resources/icons/qiusuo-256.png")
set(CPACK_STRIP_FILES ON)
if(NOT CPACK_GENERATOR)
  if(WIN32)
    set(CPACK_GENERATOR NSIS)
  elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
  else()
    set(CPACK_GENERATOR DEB)
  endif()
endif()
if(UNIX AND NOT APPLE)
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
endif()

# --- Debian ------------------------------------------------------------------
# dpkg-shlibdeps finds the shared libraries the executables link (Qt, SQLite,
# curl, cmark-gfm, PCRE2, ...). It cannot see what Qt loads at run time: the
# QML modules the window imports (QtQuick, Controls, Layouts, Window,
# WebEngine, WebChannel and their dependencies) and the platform plugins, so
# those are listed here. SQLite is linked directly (libsqlite3 is found by
# shlibdeps), not through Qt's SQL driver, so libqt6sql6-sqlite is not needed.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "qml6-module-qtqml, qml6-module-qtqml-models, qml6-module-qtqml-workerscript, qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-templates, qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtquick-dialogs, qml6-module-qtwebengine, qml6-module-qtwebchannel, qt6-qpa-plugins")
# CJK text in the window and in PDF exports; any CJK font works.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")

# --- RPM (Fedora names) --------------------------------------------------------
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Proprietary")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Productivity")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtdeclarative, qt6-qtwebengine, qt6-qtwebchannel")
set(CPACK_RPM_PACKAGE_SUGGESTS "google-noto-sans-cjk-fonts")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
  /usr/share/man /usr/share/man/man1)

# --- Windows: NSIS -------------------------------------------------------------
set(CPACK_NSIS_DISPLAY_NAME "Qiusuo")
set(CPACK_NSIS_PACKAGE_NAME "Qiusuo ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/packaging/windows/qiusuo.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\qiusuo.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_CREATE_ICONS_EXTRA
  "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\Qiusuo.lnk' '$INSTDIR\\\\bin\\\\qiusuo.exe'")
set(CPACK_NSIS_DELETE_ICONS_EXTRA "Delete '$SMPROGRAMS\\\\$START_MENU\\\\Qiusuo.lnk'")

# --- macOS: DragNDrop ------------------------------------------------------------
set(CPACK_DMG_VOLUME_NAME "Qiusuo")
set(CPACK_DMG_FORMAT UDZO)

include(CPack)
