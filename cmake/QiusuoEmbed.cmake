# qiusuo_embed_sql(<target> <dir>): compiles every NNNN_name.sql in <dir> into
# a generated source defining qiusuo::storage::embeddedMigrations(), sorted by
# number. The files are the source of truth; never renumber them.
function(qiusuo_embed_sql target dir)
  file(GLOB _sql CONFIGURE_DEPENDS "${dir}/*.sql")
  list(SORT _sql)
  set(_out "${CMAKE_CURRENT_BINARY_DIR}/embedded_migrations.cpp")
  add_custom_command(OUTPUT "${_out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${_out} "-DFILES=${_sql}"
            -P ${PROJECT_SOURCE_DIR}/cmake/QiusuoEmbedScript.cmake
    DEPENDS ${_sql} ${PROJECT_SOURCE_DIR}/cmake/QiusuoEmbedScript.cmake
    COMMENT "Embedding SQL migrations"
    VERBATIM)
  target_sources(${target} PRIVATE "${_out}")
endfunction()
