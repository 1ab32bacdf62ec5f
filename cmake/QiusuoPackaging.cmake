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
# Wrapped below 80 columns: one paragraph for dpkg, and rpmlint's line limit.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "Qiusuo (求索) chats with DeepSeek-R1, its distills and models of the"
  "DeepSeek-V2/V3 architecture on your own computer with its own inference"
  "engine, or through the DeepSeek API or any OpenAI-compatible server."
  "Conversations are stored locally, searchable, and export to Markdown, JSON,"
  "HTML and PDF.")
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
# Only the desktop app needs them; a GUI-less build packages qiusuo-cli alone.
if(QIUSUO_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qml6-module-qtqml, qml6-module-qtqml-models, qml6-module-qtqml-workerscript, qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-templates, qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtquick-dialogs, qml6-module-qtwebengine, qml6-module-qtwebchannel, qt6-qpa-plugins")
endif()
# CJK text in the window and in PDF exports; any CJK font works.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")

# --- RPM (Fedora 39+ names) -----------------------------------------------------
# rpmbuild's automatic requirements (AUTOREQ) name every shared library the
# executables link by soname and symbol version (libQt6Quick.so.6(Qt_6),
# libsqlite3.so.0, libcurl.so.4, ...), which any RPM distribution resolves to
# its own packages; libQt6Gui brings qt6-qtbase-gui and with it the platform
# plugins. Like dpkg-shlibdeps it cannot see what Qt loads at run time, so the
# packages holding the QML modules the window imports are named here:
# QtQml/QtQuick/Controls/Templates/Layouts/Window/Dialogs are all in
# qt6-qtdeclarative, QtWebEngine in qt6-qtwebengine, QtWebChannel in
# qt6-qtwebchannel. SQLite is linked directly (AUTOREQ finds libsqlite3.so.0),
# not through Qt's SQL driver, so no driver package is needed. These are
# Fedora's names; openSUSE calls the same modules qt6-declarative-imports etc.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
# The app's own license and those of what it embeds (KaTeX: MIT, its fonts:
# OFL-1.1; highlight.js: BSD-3-Clause); see THIRD-PARTY-LICENSES.md.
set(CPACK_RPM_PACKAGE_LICENSE "LicenseRef-proprietary AND MIT AND OFL-1.1 AND BSD-3-Clause")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Productivity")
set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_AUTOREQ yes)
# Installed where it was built for (/usr), like distribution packages; the
# flag only matters to RPM (CPack makes RPMs relocatable by default).
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
if(QIUSUO_BUILD_GUI)
  set(_qt_min "${Qt6_VERSION_MAJOR}.${Qt6_VERSION_MINOR}")
  set(CPACK_RPM_PACKAGE_REQUIRES
    "qt6-qtdeclarative >= ${_qt_min}, qt6-qtwebengine >= ${_qt_min}, qt6-qtwebchannel >= ${_qt_min}")
  # CPack 3.25 has no variable for Recommends; the spec preamble takes it from
  # here. CJK text in the window and in PDF exports: Fedora installs the
  # variable Noto Sans CJK by default, the static one is just as good.
  # qt6-qtwayland lets the window run natively on Wayland (else XWayland).
  set(CPACK_RPM_SPEC_MORE_DEFINE
    "Recommends: (google-noto-sans-cjk-vf-fonts or google-noto-sans-cjk-fonts)\nRecommends: qt6-qtwayland")
endif()
string(APPEND CPACK_RPM_SPEC_MORE_DEFINE "\nPackager: ${CPACK_PACKAGE_CONTACT}")
# The package owns its files and /usr/share/doc/qiusuo, never a directory that
# the filesystem or hicolor-icon-theme packages own.
set(_rpm_system_dirs /usr/share/applications /usr/share/metainfo /usr/share/icons
  /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps
  /usr/share/man /usr/share/man/man1 /usr/share/doc)
foreach(_size IN LISTS QIUSUO_ICON_SIZES)
  list(APPEND _rpm_system_dirs /usr/share/icons/hicolor/${_size}x${_size}
    /usr/share/icons/hicolor/${_size}x${_size}/apps)
endforeach()
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION ${_rpm_system_dirs})
# Marked %license, so `rpm -qL qiusuo` lists it and --excludedocs keeps it.
set(CPACK_RPM_USER_FILELIST "%license /usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md")

# --- Windows: NSIS -------------------------------------------------------------
set(CPACK_NSIS_DISPLAY_NAME "Qiusuo")
set(CPACK_NSIS_PACKAGE_NAME "Qiusuo ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/packaging/windows/qiusuo.ico")
set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/packaging/windows/qiusuo.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\qiusuo.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# The Start-menu shortcut "Qiusuo" -> bin\qiusuo.exe (and its removal) comes
# from CPACK_PACKAGE_EXECUTABLES above; NSIS looks for executables in bin.

# --- macOS: DragNDrop ------------------------------------------------------------
set(CPACK_DMG_VOLUME_NAME "Qiusuo")
set(CPACK_DMG_FORMAT UDZO)

include(CPack)
