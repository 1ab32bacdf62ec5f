// Transcript page bootstrap: connects to the app's TranscriptBridge over
// QWebChannel, applies its snapshot and the changes it posts, and renders
// messages lazily (only those near the viewport). The app passes its theme
// and language in the query string (so the first paint has the right
// colours); the theme and font size then follow the bridge, restyling the
// page in place. Texts are inserted as text, never HTML.
'use strict';
(function () {
  const page = window.QiusuoPage;
  const params = new URLSearchParams(window.location.search);

  /// Colours and text size as the app has them; the scroll position and
  /// everything built stay (sticking to the bottom survives a size change).
  function setAppearance(theme, fontSize) {
    const root = document.documentElement;
    root.dataset.theme = theme === 'dark' ? 'dark' : 'light';
    const pixels = Number(fontSize);
    if (Number.isFinite(pixels) && pixels >= 10 && pixels <= 28)
      root.style.setProperty('--font-scale', String(pixels / 14));
    page.scroll.follow();
  }
  document.documentElement.dataset.theme = params.get('theme') === 'dark' ? 'dark' : 'light';
  // The UI language picks the font stack (CJK punctuation in Chinese only).
  const lang = (params.get('lang') || 'en').replace('_', '-');
  document.documentElement.lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en';

  const list = document.getElementById('messages');
  const empty = document.getElementById('empty');
  const views = new Map(); // id -> MessageView
  const dirty = new Set();
  let strings = {};
  let reasoningMode = 'collapsed';
  let bridge = null;
  let snapshotSeq = null; // null until the snapshot has arrived
  const early = []; // posts that arrived before the snapshot
  let frameRequested = false;
  let emptyWanted = false;

  const ctx = {
    get strings() { return strings; },
    get bridge() { return bridge; },
    mode: () => reasoningMode,
    copyText: (text) => { if (bridge) bridge.copyText(text); },
    requestHtml: requestHtml,
  };

  // HTML the bridge has not sent yet, asked for in one call per task.
  const htmlToAsk = new Set();
  const htmlAsked = new Set();
  function requestHtml(view) {
    if (!bridge || htmlToAsk.has(view.id) || htmlAsked.has(view.id))
      return;
    if (htmlToAsk.size === 0)
      Promise.resolve().then(sendHtmlRequest);
    htmlToAsk.add(view.id);
  }
  function sendHtmlRequest() {
    const ids = Array.from(htmlToAsk);
    htmlToAsk.clear();
    for (const id of ids)
      htmlAsked.add(id);
    bridge.render(ids, (text) => {
      for (const id of ids)
        htmlAsked.delete(id);
      for (const message of JSON.parse(text)) {
        const view = views.get(message.id);
        if (!view)
          continue;
        if (view.data.html === undefined)
          view.update(message);
        if (view.wanted)
          dirty.add(view);
      }
      schedule();
    });
  }

  // Messages are built when they come within a screen or two of the view.
  const nearViewport = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting)
        continue;
      const view = views.get(Number(entry.target.dataset.id));
      if (view) {
        nearViewport.unobserve(entry.target);
        view.render();
        dirty.delete(view);
      }
    }
    page.scroll.follow();
    keepScrollTarget();
  }, { rootMargin: '1500px 0px' });

  function schedule() {
    if (frameRequested)
      return;
    frameRequested = true;
    requestAnimationFrame(flush);
  }

  function flush() {
    frameRequested = false;
    for (const view of dirty) {
      if (view.built || view.wanted)
        view.render();
    }
    dirty.clear();
    updateEmpty();
    page.scroll.follow();
    keepScrollTarget();
  }

  function markPainted() {
    document.documentElement.dataset.painted = 'false';
    requestAnimationFrame(() => requestAnimationFrame(() => {
      document.documentElement.dataset.painted = 'true';
    }));
  }

  function updateEmpty() {
    empty.hidden = !emptyWanted || views.size > 0;
  }

  // Windowing: only the last messages are in the DOM at first; earlier ones
  // are inserted a batch at a time as the user scrolls up to them (scroll
  // anchoring keeps the view still). The page's work follows what is seen.
  const batch = 40;
  const order = []; // every view, in conversation order
  let firstShown = 0; // order[firstShown..] are in the DOM
  const earlier = document.createElement('div');
  earlier.className = 'earlier';
  list.appendChild(earlier);
  const nearTop = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting))
      showEarlierWhileNear();
  }, { rootMargin: '2000px 0px' });
  nearTop.observe(earlier);

  /// Inserts `some` (consecutive views) before the ones shown.
  function show(some) {
    const fragment = document.createDocumentFragment();
    for (const view of some)
      fragment.appendChild(view.el);
    list.insertBefore(fragment, earlier.nextSibling);
    for (const view of some)
      nearViewport.observe(view.el);
  }

  function showEarlier() {
    if (firstShown === 0)
      return false;
    const from = Math.max(0, firstShown - batch);
    show(order.slice(from, firstShown));
    firstShown = from;
    return true;
  }

  function showEarlierWhileNear() {
    if (earlier.getBoundingClientRect().bottom > -2000 && showEarlier())
      requestAnimationFrame(showEarlierWhileNear);
  }

  function addView(data) {
    const view = new page.MessageView(data, ctx);
    views.set(data.id, view);
    order.push(view);
    list.appendChild(view.el);
    nearViewport.observe(view.el);
    return view;
  }

  function removeView(id) {
    const view = views.get(id);
    if (!view)
      return;
    const index = order.indexOf(view);
    order.splice(index, 1);
    if (index < firstShown)
      --firstShown;
    nearViewport.unobserve(view.el);
    view.el.remove();
    views.delete(id);
    dirty.delete(view);
  }

  function setAll(messages) {
    for (const view of order) {
      nearViewport.unobserve(view.el);
      view.el.remove();
    }
    views.clear();
    dirty.clear();
    order.length = 0;
    for (const m of messages || []) {
      const view = new page.MessageView(m, ctx);
      views.set(m.id, view);
      order.push(view);
    }
    firstShown = Math.max(0, order.length - batch);
    show(order.slice(firstShown));
    scrollTarget = null;
    page.scroll.jumpToLatest();
  }

  let scrollTarget = null;
  function keepScrollTarget() {
    if (!scrollTarget)
      return;
    const age = performance.now() - scrollTarget.since;
    if (age > 2000 || page.scroll.lastUserInput() > scrollTarget.since || !scrollTarget.view.el.isConnected) {
      scrollTarget = null;
      return;
    }
    scrollTarget.view.el.scrollIntoView({ block: 'start' });
  }

  function scrollToMessage(id) {
    const view = views.get(id);
    if (!view)
      return;
    for (let more = true; !view.el.isConnected && more;)
      more = showEarlier();
    view.render();
    page.scroll.release();
    // Messages around it are still being built and typeset: keep it at the
    // top until they settle, unless the user scrolls meanwhile.
    scrollTarget = { view: view, since: performance.now() };
    keepScrollTarget();
    view.el.classList.remove('flash');
    void view.el.offsetWidth; // restart the highlight animation
    view.el.classList.add('flash');
  }

  function apply(change) {
    switch (change.op) {
    case 'set':
      setAll(change.messages);
      break;
    case 'append':
      removeView(change.message.id);
      addView(change.message);
      break;
    case 'update': {
      const view = views.get(change.message.id);
      if (view) {
        view.update(change.message);
        if (view.built || view.wanted)
          dirty.add(view);
      }
      break;
    }
    case 'remove':
      removeView(change.id);
      break;
    case 'clear':
      setAll([]);
      break;
    case 'scrollTo':
      flush();
      scrollToMessage(change.id);
      break;
    case 'appearance':
      setAppearance(change.theme, change.fontSize);
      break;
    case 'mode':
      reasoningMode = change.reasoningMode;
      document.documentElement.dataset.reasoning = reasoningMode;
      for (const view of views.values()) {
        if (view.built)
          dirty.add(view);
      }
      break;
    }
    schedule();
  }

  function onPost(text) {
    const change = JSON.parse(text);
    if (snapshotSeq === null)
      early.push(change);
    else if (change.seq > snapshotSeq)
      apply(change);
  }

  function applySnapshot(snapshot) {
    strings = snapshot.strings || {};
    reasoningMode = snapshot.reasoningMode || 'collapsed';
    document.documentElement.dataset.reasoning = reasoningMode;
    setAppearance(snapshot.theme, snapshot.fontSize);
    page.scroll.setLabel(strings.jumpToLatest);
    snapshotSeq = snapshot.seq;
    setAll(snapshot.messages);
    for (const change of early.splice(0)) {
      if (change.seq > snapshotSeq)
        apply(change);
    }
    if (snapshot.scrollTo)
      requestAnimationFrame(() => scrollToMessage(snapshot.scrollTo));
    schedule();
    markPainted();
    document.documentElement.dataset.attached = 'true';
  }

  // The live "Thinking… 12 s" timers.
  setInterval(() => {
    for (const view of views.values()) {
      if (view.built && view.timerRunning)
        view.updateTimer();
    }
  }, 500);

  // Links: never followed inside the view; a real click on an http(s) or
  // mailto link asks the app to open it in the system browser, footnote
  // links scroll within their message.
  function onLinkClick(event) {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link)
      return;
    event.preventDefault();
    const href = link.getAttribute('href') || '';
    if (href.startsWith('#')) {
      const article = link.closest('article');
      const target = article && article.querySelector('[data-anchor="' + CSS.escape(href.slice(1)) + '"]');
      if (target)
        target.scrollIntoView({ block: 'center' });
      return;
    }
    if (event.type === 'click' && event.isTrusted && event.button === 0 && bridge && /^(https?:|mailto:)/i.test(href))
      bridge.openLink(link.href);
  }
  document.addEventListener('click', onLinkClick, true);
  document.addEventListener('auxclick', onLinkClick, true);

  function setEmptyState(title, hint) {
    document.getElementById('empty-title').textContent = String(title || '');
    document.getElementById('empty-hint').textContent = String(hint || '');
    emptyWanted = true;
    updateEmpty();
    // After two animation frames the change has been painted; the app polls
    // this before it calls the window ready (first-frame screenshots).
    markPainted();
  }

  page.scroll.init('');
  page.scroll.setAfterLayout(keepScrollTarget);
  if (window.qt && window.qt.webChannelTransport && window.QWebChannel) {
    new window.QWebChannel(window.qt.webChannelTransport, (channel) => {
      bridge = channel.objects.bridge;
      if (!bridge)
        return;
      bridge.posted.connect(onPost);
      bridge.attach((text) => applySnapshot(JSON.parse(text)));
    });
  }

  window.qiusuoTranscript = Object.freeze({ setEmptyState: setEmptyState });
  document.documentElement.dataset.ready = 'true';
})();
