# qiusuo_target_warnings(<target>): our warning set, errors when QIUSUO_WERROR.
# Only our own targets get it; third-party headers are included as SYSTEM.
function(qiusuo_target_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
      -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${QIUSUO_WERROR}>>:-Werror>)
endfunction()
