// Turns the bridge's HTML (made by ui/markdown, raw HTML already escaped)
// into DOM blocks: sanitized against an allowlist as a second line of
// defence, math typeset by KaTeX, code highlighted by highlight.js. Blocks
// are diffed by their source so a streaming message re-renders only its
// changed tail and every other node keeps its identity.
'use strict';
(function () {
  const page = (window.QiusuoPage = window.QiusuoPage || {});

  // What cmark-gfm emits; anything else is unwrapped to its text.
  const allowedTags = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'EM', 'STRONG', 'DEL', 'A',
    'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD',
    'HR', 'BR', 'SPAN', 'INPUT', 'SUP', 'SECTION']);
  const allowedAttributes = new Set(['href', 'title', 'class', 'align', 'start', 'type', 'checked',
    'disabled', 'id', 'data-footnote-ref', 'data-footnotes', 'data-footnote-backref']);
  const safeHref = /^(https?:|mailto:|#)/i;

  function sanitize(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    const doomed = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!allowedTags.has(node.tagName)) {
        doomed.push(node);
        continue;
      }
      for (const attribute of Array.from(node.attributes)) {
        const name = attribute.name.toLowerCase();
        if (!allowedAttributes.has(name) || (name === 'href' && !safeHref.test(attribute.value.trim())))
          node.removeAttribute(attribute.name);
      }
      if (node.tagName === 'INPUT') {
        if (node.getAttribute('type') !== 'checkbox')
          doomed.push(node);
        node.disabled = true;
      }
      // Footnote ids are per message; they live on as data-anchor.
      if (node.hasAttribute('id')) {
        node.dataset.anchor = node.getAttribute('id');
        node.removeAttribute('id');
      }
    }
    for (const node of doomed)
      node.replaceWith(document.createTextNode(node.textContent));
  }

  function typesetMath(root, strings) {
    if (!window.katex)
      return;
    for (const span of root.querySelectorAll('span.math')) {
      if (span.dataset.typeset)
        continue;
      const tex = span.textContent;
      span.dataset.typeset = 'true';
      span.dataset.tex = tex;
      try {
        window.katex.render(tex, span, {
          displayMode: span.classList.contains('math-display'),
          throwOnError: true, // invalid TeX: caught below, its source shown marked
          strict: 'ignore',
          trust: false, // no \href, \url, \includegraphics, \htmlClass …
          maxSize: 40,
          maxExpand: 500,
        });
      } catch (error) {
        span.textContent = tex;
        span.classList.add('math-error');
        span.title = (strings.formulaError || '') + (error && error.message ? ': ' + error.message : '');
      }
    }
  }

  function decorateCode(root, strings, copyText) {
    for (const code of root.querySelectorAll('pre > code')) {
      const pre = code.parentElement;
      if (pre.parentElement && pre.parentElement.classList.contains('code-block'))
        continue;
      const match = /(?:^|\s)language-([A-Za-z0-9_+#.-]+)/.exec(code.className);
      const language = match ? match[1].toLowerCase() : '';
      const source = code.textContent;
      if (language && window.hljs && window.hljs.getLanguage(language)) {
        // highlight() escapes the text itself; its output is spans only.
        code.innerHTML = window.hljs.highlight(source, { language: language, ignoreIllegals: true }).value;
        code.classList.add('hljs');
      }
      const block = document.createElement('div');
      block.className = 'code-block';
      const head = document.createElement('div');
      head.className = 'code-head';
      const label = document.createElement('span');
      label.className = 'code-lang';
      label.textContent = language || strings.code || 'code';
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'code-copy';
      copy.textContent = strings.copyCode || 'Copy';
      copy.addEventListener('click', () => {
        copyText(source);
        copy.textContent = strings.copied || 'Copied';
        setTimeout(() => { copy.textContent = strings.copyCode || 'Copy'; }, 1500);
      });
      head.append(label, copy);
      pre.replaceWith(block);
      block.append(head, pre);
      // The block diff compares sources of top-level children.
      if (pre.qiusuoSource !== undefined)
        block.qiusuoSource = pre.qiusuoSource;
    }
  }

  /// Parses `html` into top-level blocks (sanitized, not yet typeset).
  function parseBlocks(html) {
    const template = document.createElement('template');
    template.innerHTML = html || '';
    sanitize(template.content);
    const blocks = [];
    for (const node of Array.from(template.content.childNodes)) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        node.qiusuoSource = node.outerHTML;
        blocks.push(node);
      } else if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
        const p = document.createElement('p');
        p.textContent = node.textContent;
        p.qiusuoSource = node.textContent;
        blocks.push(p);
      }
    }
    return blocks;
  }

  /// Makes `container`'s children show `html`: the unchanged leading blocks
  /// stay as they are (same nodes), the rest is replaced and enhanced.
  /// Returns the number of blocks replaced.
  function renderBlocks(container, html, strings, copyText) {
    const fresh = parseBlocks(html);
    const old = Array.from(container.children);
    let same = 0;
    while (same < old.length && same < fresh.length && old[same].qiusuoSource === fresh[same].qiusuoSource)
      ++same;
    for (let i = old.length - 1; i >= same; --i)
      old[i].remove();
    for (let i = same; i < fresh.length; ++i) {
      const block = fresh[i];
      container.appendChild(block);
      typesetMath(block, strings);
      decorateCode(block, strings, copyText);
    }
    return fresh.length - same;
  }

  page.render = Object.freeze({ renderBlocks: renderBlocks, sanitize: sanitize });
})();
