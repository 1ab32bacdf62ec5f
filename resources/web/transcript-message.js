// One message in the page: an <article> built lazily (only once it comes
// near the viewport), updated in place while it streams. Assistant messages
// carry a reasoning pane ("Thinking… 12 s" live, then "Thought for 34 s").
'use strict';
(function () {
  const page = (window.QiusuoPage = window.QiusuoPage || {});

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className)
      e.className = className;
    if (text !== undefined)
      e.textContent = text;
    return e;
  }

  function button(className, text, title, onClick) {
    const b = element('button', className, text);
    b.type = 'button';
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', onClick);
    return b;
  }

  class MessageView {
    /// `ctx`: { strings, bridge, mode(), copyText(text) }.
    constructor(data, ctx) {
      this.ctx = ctx;
      this.data = data;
      this.receivedAt = performance.now();
      this.built = false;
      this.wanted = false; // near the viewport: render as soon as it can
      this.userOpen = null; // the user's own choice on the reasoning pane
      this.renderedHtml = null;
      this.renderedReasoning = null;
      this.el = element('article', 'msg unrendered');
      this.el.dataset.id = String(data.id);
      this.applyRole();
    }

    get id() { return this.data.id; }

    applyRole() {
      const role = ['user', 'assistant', 'system'].includes(this.data.role) ? this.data.role : 'assistant';
      this.el.classList.remove('msg-user', 'msg-assistant', 'msg-system');
      this.el.classList.add('msg-' + role);
    }

    update(data) {
      this.data = data;
      this.receivedAt = performance.now();
      this.applyRole();
    }

    /// True while the page should count thinking time up by itself.
    get timerRunning() {
      const d = this.data;
      return d.reasoningActive && !d.error && !d.interrupted;
    }

    build() {
      const s = this.ctx.strings;
      this.el.classList.remove('unrendered');
      this.reasoning = element('details', 'reasoning');
      this.reasoningSummary = element('summary', 'reasoning-summary');
      this.reasoningLabel = element('span', 'reasoning-label');
      this.reasoningSummary.append(this.reasoningLabel);
      this.reasoningBody = element('div', 'reasoning-body md');
      this.reasoning.append(this.reasoningSummary, this.reasoningBody);
      this.reasoningSummary.addEventListener('click', () => { this.userOpen = !this.reasoning.open; });
      this.reasoning.addEventListener('toggle', () => this.renderReasoningBody());
      this.content = element('div', 'content md');
      this.marks = element('div', 'marks');
      this.stopped = element('span', 'stopped', s.stopped || 'Stopped');
      this.error = element('div', 'error');
      this.marks.append(this.stopped, this.error);
      this.footer = element('div', 'footer');
      const id = () => this.data.id;
      const bridge = this.ctx.bridge;
      this.siblings = element('span', 'siblings');
      this.prev = button('sibling-prev', '‹', s.previous || '', () => bridge && bridge.switchSibling(id(), -1));
      this.siblingLabel = element('span', 'sibling-label');
      this.next = button('sibling-next', '›', s.next || '', () => bridge && bridge.switchSibling(id(), 1));
      this.siblings.append(this.prev, this.siblingLabel, this.next);
      this.copyButton = button('action copy', s.copy || 'Copy', s.copy || 'Copy', () => {
        if (bridge)
          bridge.copyMessage(id());
        this.copyButton.textContent = s.copied || 'Copied';
        setTimeout(() => { this.copyButton.textContent = s.copy || 'Copy'; }, 1500);
      });
      this.editButton = button('action edit', s.edit || 'Edit', s.edit || 'Edit', () => bridge && bridge.editMessage(id()));
      this.regenerateButton = button('action regenerate', s.regenerate || 'Regenerate', s.regenerate || 'Regenerate',
        () => bridge && bridge.regenerateMessage(id()));
      this.deleteButton = button('action delete', s.delete || 'Delete', s.delete || 'Delete',
        () => bridge && bridge.deleteMessage(id()));
      this.stats = element('span', 'stats');
      this.footer.append(this.siblings, this.copyButton, this.editButton, this.regenerateButton,
        this.deleteButton, this.stats);
      this.el.append(this.reasoning, this.content, this.marks, this.footer);
      this.built = true;
    }

    /// Brings the DOM up to date with this.data; builds it on first call.
    /// Messages far from the end arrive without HTML: ask the bridge first.
    render() {
      this.wanted = true;
      if (this.data.html === undefined) {
        this.ctx.requestHtml(this);
        return;
      }
      if (!this.built)
        this.build();
      const d = this.data;
      const s = this.ctx.strings;
      this.el.classList.toggle('streaming', !!d.streaming);
      this.el.dataset.streaming = d.streaming ? 'true' : 'false';
      if (this.renderedHtml !== d.html) {
        page.render.renderBlocks(this.content, d.html, s, this.ctx.copyText);
        this.renderedHtml = d.html;
      }
      this.content.hidden = !d.html && !(d.streaming && !d.reasoningActive);
      this.renderReasoning();
      this.stopped.hidden = !d.interrupted;
      this.error.textContent = d.error || '';
      this.error.hidden = !d.error;
      this.marks.hidden = !d.interrupted && !d.error;
      const many = d.siblingCount > 1;
      this.siblings.hidden = !many;
      if (many) {
        this.siblingLabel.textContent = (d.siblingIndex + 1) + '/' + d.siblingCount;
        this.prev.disabled = d.siblingIndex <= 0 || d.streaming;
        this.next.disabled = d.siblingIndex >= d.siblingCount - 1 || d.streaming;
      }
      const user = d.role === 'user';
      this.editButton.hidden = !user;
      this.regenerateButton.hidden = d.role !== 'assistant';
      this.regenerateButton.disabled = !!d.streaming;
      this.deleteButton.disabled = !!d.streaming;
      this.stats.textContent = d.stats || '';
      this.stats.hidden = !d.stats;
    }

    thinkingSeconds() {
      const d = this.data;
      const ms = d.reasoningMs + (this.timerRunning ? performance.now() - this.receivedAt : 0);
      return Math.max(0, Math.floor(ms / 1000));
    }

    /// The summary line; called every half second while the timer runs.
    updateTimer() {
      if (!this.built)
        return;
      const s = this.ctx.strings;
      const template = this.timerRunning ? (s.thinking || 'Thinking… %1 s') : (s.thought || 'Thought for %1 s');
      this.reasoningLabel.textContent = template.replace('%1', String(this.thinkingSeconds()));
    }

    renderReasoning() {
      const d = this.data;
      const mode = this.ctx.mode();
      const has = d.role === 'assistant' && (!!d.reasoningHtml || d.reasoningActive);
      this.reasoning.hidden = !has || mode === 'hidden';
      this.reasoning.dataset.state = this.timerRunning ? 'active' : 'done';
      if (this.reasoning.hidden)
        return;
      this.updateTimer();
      // collapsed: open while thinking, closed once the answer starts;
      // expanded: always open; a click by the user wins over both.
      const automatic = mode === 'expanded' || this.timerRunning;
      const open = this.userOpen === null ? automatic : this.userOpen;
      if (this.reasoning.open !== open)
        this.reasoning.open = open;
      this.renderReasoningBody();
    }

    /// Reasoning is rendered (and typeset) only while the pane is open.
    renderReasoningBody() {
      if (!this.reasoning.open || this.renderedReasoning === this.data.reasoningHtml)
        return;
      page.render.renderBlocks(this.reasoningBody, this.data.reasoningHtml, this.ctx.strings, this.ctx.copyText);
      this.renderedReasoning = this.data.reasoningHtml;
    }
  }

  page.MessageView = MessageView;
})();
