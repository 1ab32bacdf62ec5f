# Included by ui/CMakeLists.txt after qiusuo_ui exists: the transcript bridge
# (C++, QML_ELEMENT) and the page's bundled assets.
file(GLOB _transcript_sources CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/*.cpp ${CMAKE_CURRENT_LIST_DIR}/*.h)
target_sources(qiusuo_ui PRIVATE ${_transcript_sources})
# qmltyperegistrar includes the QML_ELEMENT headers by file name.
target_include_directories(qiusuo_ui PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(qiusuo_ui PRIVATE qiusuo_markdown)
