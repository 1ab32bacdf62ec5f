// Transcript page bootstrap. The app passes its theme in the query string and
// sets the empty-state texts (already translated) through setEmptyState();
// texts are inserted as text, never as HTML.
'use strict';
(function () {
  const params = new URLSearchParams(window.location.search);
  document.documentElement.dataset.theme = params.get('theme') === 'dark' ? 'dark' : 'light';
  // The UI language picks the font stack (CJK punctuation in Chinese only).
  const lang = (params.get('lang') || 'en').replace('_', '-');
  document.documentElement.lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en';

  function setEmptyState(title, hint) {
    document.getElementById('empty-title').textContent = String(title || '');
    document.getElementById('empty-hint').textContent = String(hint || '');
    document.getElementById('empty').hidden = false;
    // After two animation frames the change has been painted; the app polls
    // this before it calls the window ready (first-frame screenshots).
    document.documentElement.dataset.painted = 'false';
    requestAnimationFrame(() => requestAnimationFrame(() => {
      document.documentElement.dataset.painted = 'true';
    }));
  }

  window.qiusuoTranscript = Object.freeze({ setEmptyState: setEmptyState });
  document.documentElement.dataset.ready = 'true';
})();
