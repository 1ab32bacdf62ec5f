# cmake -DHLJS_DIR=<node_modules/highlight.js> -DLANGUAGES=a;b -DOUTPUT=<file> -P bundlehighlight.cmake
# highlight.js ships CommonJS modules (lib/core.js, lib/languages/*.js) and
# no browser build: wrap each in a function taking `module` and register the
# languages, giving one classic script that defines window.hljs. Only
# bundled files are ever loaded by the page (its CSP forbids the network).
file(READ "${HLJS_DIR}/package.json" _package)
string(JSON _version GET "${_package}" version)
file(READ "${HLJS_DIR}/lib/core.js" _core)
set(_out "/* highlight.js ${_version} (BSD-3-Clause, https://highlightjs.org), core and the languages below, wrapped at build time by ui/transcript/bundlehighlight.cmake. */\n")
string(APPEND _out "(function () {\nfunction load(factory) { const module = { exports: {} }; factory(module, module.exports); return module.exports; }\n")
string(APPEND _out "const hljs = load(function (module, exports) {\n${_core}\n});\n")
foreach(_lang IN LISTS LANGUAGES)
  file(READ "${HLJS_DIR}/lib/languages/${_lang}.js" _code)
  string(APPEND _out "hljs.registerLanguage('${_lang}', load(function (module, exports) {\n${_code}\n}));\n")
endforeach()
string(APPEND _out "window.hljs = hljs;\n})();\n")
file(WRITE "${OUTPUT}.tmp" "${_out}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
