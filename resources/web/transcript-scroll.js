// Keeps the view at the bottom while messages grow, unless the user has
// scrolled up; then a "jump to latest" button appears. Only the user's own
// input (wheel, keys, pointer, touch) can unstick the view: layout changes
// from typesetting or streaming never do.
'use strict';
(function () {
  const page = (window.QiusuoPage = window.QiusuoPage || {});
  const threshold = 48; // px from the bottom that still counts as "at the bottom"
  let stick = true;
  let lastUserInput = -Infinity;
  let button = null;
  let afterLayout = () => {};

  function scroller() {
    return document.scrollingElement || document.documentElement;
  }

  function distanceFromBottom() {
    const s = scroller();
    return s.scrollHeight - s.scrollTop - s.clientHeight;
  }

  function updateButton() {
    if (button)
      button.hidden = stick || distanceFromBottom() < threshold * 4;
  }

  function toBottom() {
    const s = scroller();
    s.scrollTop = s.scrollHeight;
  }

  /// After content changed: follow it when stuck to the bottom.
  function follow() {
    if (stick)
      toBottom();
    updateButton();
  }

  function jumpToLatest() {
    stick = true;
    toBottom();
    updateButton();
  }

  /// Leaves the bottom on purpose (scrolling to a search result).
  function release() {
    stick = false;
    updateButton();
  }

  function noteUserInput() {
    lastUserInput = performance.now();
  }

  function init(label) {
    for (const type of ['wheel', 'touchmove', 'pointerdown', 'keydown'])
      window.addEventListener(type, noteUserInput, { passive: true, capture: true });
    window.addEventListener('scroll', () => {
      if (distanceFromBottom() < threshold)
        stick = true;
      else if (performance.now() - lastUserInput < 600)
        stick = false;
      updateButton();
    }, { passive: true });
    window.addEventListener('resize', follow);
    button = document.getElementById('jump');
    button.addEventListener('click', jumpToLatest);
    setLabel(label);
    // Typesetting, fonts and lazily rendered messages change heights after
    // the fact: follow them too.
    // (Deferred a frame: scrolling inside the observer's callback would
    // make it report a loop.)
    new ResizeObserver(() => requestAnimationFrame(() => {
      follow();
      afterLayout();
    })).observe(document.getElementById('messages'));
  }

  function setLabel(label) {
    if (!button)
      return;
    button.title = label || '';
    button.setAttribute('aria-label', label || '');
    button.querySelector('.jump-label').textContent = label || '';
  }

  page.scroll = Object.freeze({
    init: init, follow: follow, release: release, jumpToLatest: jumpToLatest, setLabel: setLabel,
    isStuck: () => stick,
    lastUserInput: () => lastUserInput,
    /// `callback` runs after each change of the messages' size.
    setAfterLayout: (callback) => { afterLayout = callback; },
  });
})();
