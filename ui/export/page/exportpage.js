// Exported conversation page: typesets every math span with KaTeX and
// highlights every code block, once, when the page loads. Message text is
// read as text (textContent), never as HTML. When done it sets
// data-rendered="true" on <html> (the PDF export waits for it).
'use strict';
(function () {
  function typeset() {
    if (window.katex) {
      document.querySelectorAll('span.math').forEach(function (el) {
        try {
          window.katex.render(el.textContent, el, {
            displayMode: el.classList.contains('math-display'),
            throwOnError: false,
            trust: false, // no \href, \url, \includegraphics or HTML extensions
            strict: 'ignore',
            maxSize: 50,
            maxExpand: 1000
          });
        } catch (e) {
          el.classList.add('math-error');
        }
      });
    }
    if (window.hljs) {
      window.hljs.configure({ ignoreUnescapedHTML: true });
      document.querySelectorAll('pre code').forEach(function (el) {
        window.hljs.highlightElement(el);
      });
    }
    document.documentElement.dataset.rendered = 'true';
  }
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', typeset);
  else
    typeset();
})();
