# Included by ui/CMakeLists.txt after qiusuo_ui exists: the transcript bridge
# (C++, QML_ELEMENT) and the page's bundled assets.
file(GLOB _transcript_sources CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/*.cpp ${CMAKE_CURRENT_LIST_DIR}/*.h)
target_sources(qiusuo_ui PRIVATE ${_transcript_sources})
# qmltyperegistrar includes the QML_ELEMENT headers by file name.
target_include_directories(qiusuo_ui PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(qiusuo_ui PRIVATE qiusuo_markdown)

# KaTeX (+ mhchem) and highlight.js come from resources/web/node_modules,
# installed by scripts/bootstrap (`npm ci`, pinned by package-lock.json). They
# are copied into the resources at build time, never committed.
set(_web_modules ${PROJECT_SOURCE_DIR}/resources/web/node_modules)
set(_katex ${_web_modules}/katex/dist)
if(NOT EXISTS ${_katex}/katex.min.js OR NOT EXISTS ${_web_modules}/highlight.js/lib/core.js)
  message(FATAL_ERROR "KaTeX or highlight.js is missing from ${_web_modules}: run scripts/bootstrap "
    "(it runs `npm ci` in resources/web) before building the desktop app.")
endif()
file(GLOB _katex_fonts CONFIGURE_DEPENDS ${_katex}/fonts/*.woff2)
qt_add_resources(qiusuo_ui qiusuo_web_katex
  PREFIX /web/katex
  BASE ${_katex}
  FILES ${_katex}/katex.min.js ${_katex}/katex.min.css ${_katex}/contrib/mhchem.min.js ${_katex_fonts})

# The languages a chat answer most often shows; others stay plain text.
set(_hljs_languages bash c cmake cpp csharp css dart diff dockerfile go graphql haskell ini java
  javascript json julia kotlin latex lua makefile markdown matlab nginx objectivec perl php
  plaintext powershell python r ruby rust scala shell sql swift typescript verilog xml yaml)
set(_hljs_bundle ${CMAKE_CURRENT_BINARY_DIR}/web/hljs.bundle.js)
list(TRANSFORM _hljs_languages PREPEND ${_web_modules}/highlight.js/lib/languages/ OUTPUT_VARIABLE _hljs_inputs)
list(TRANSFORM _hljs_inputs APPEND .js)
add_custom_command(OUTPUT ${_hljs_bundle}
  COMMAND ${CMAKE_COMMAND} -DHLJS_DIR=${_web_modules}/highlight.js "-DLANGUAGES=${_hljs_languages}"
    -DOUTPUT=${_hljs_bundle} -P ${CMAKE_CURRENT_LIST_DIR}/bundlehighlight.cmake
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/bundlehighlight.cmake ${_web_modules}/highlight.js/lib/core.js ${_hljs_inputs}
  COMMENT "Bundling highlight.js for the transcript page"
  VERBATIM)
set_source_files_properties(${_hljs_bundle} PROPERTIES GENERATED TRUE)
qt_add_resources(qiusuo_ui qiusuo_web_hljs
  PREFIX /web
  BASE ${CMAKE_CURRENT_BINARY_DIR}/web
  FILES ${_hljs_bundle})
