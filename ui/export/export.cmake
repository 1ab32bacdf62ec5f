# Included by ui/CMakeLists.txt: the app's export dialog backend
# (ConversationExporter, QML_ELEMENT) over the Qt-free exporters here.
target_sources(qiusuo_ui PRIVATE ${CMAKE_CURRENT_LIST_DIR}/conversationexporter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conversationexporter.h)
target_link_libraries(qiusuo_ui PUBLIC qiusuo_htmlexport)
# qmltyperegistrar includes the QML_ELEMENT headers by file name.
target_include_directories(qiusuo_ui PRIVATE ${CMAKE_CURRENT_LIST_DIR})
