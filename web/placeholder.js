/* Charte placeholders: loaded by embed.js, only on a page that holds a
   gated iframe or data-charte-placeholder element that may not load yet.
   Each such element is hidden and a <charte-placeholder> takes its box:
   a shadow root (host CSS cannot reach it) with the markup the server
   prerendered from the widget's go-app component, in the page's language.
   Its button adds the element's categories to the visitor's choice. It
   also draws the site's reopen button, if it has one. */
(function () {
  'use strict';
  var HTML = __CHARTE_PLACEHOLDER__; // the markup, put in by the server
  var api = window.__chartePlaceholder;
  try { delete window.__chartePlaceholder; } catch (e) { window.__chartePlaceholder = undefined; }
  if (!api) return;
  var doc = document, placed = new Map();
  var tpl = doc.createElement('template');
  tpl.innerHTML = HTML;
  var SEL = 'iframe[data-category][data-src], [data-charte-placeholder][data-category]';

  // The reopen button, when the site wants one and a choice is known.
  var reopen = tpl.content.querySelector('.charte-reopen'), reopenHost = null;
  function showReopen() {
    if (!reopen || reopenHost || !api.current().length || !doc.body) return;
    reopenHost = doc.createElement('charte-placeholder');
    reopenHost.setAttribute('data-reopen', '');
    var root = reopenHost.attachShadow({ mode: 'open' });
    root.appendChild(tpl.content.querySelector('style').cloneNode(true));
    root.appendChild(reopen.cloneNode(true)).addEventListener('click', function () { api.prefs(); });
    doc.body.appendChild(reopenHost);
  }

  function cats(el) { return el.getAttribute('data-category').split(/\s+/).filter(Boolean); }

  // scan places what may not load and takes away what now may.
  function scan() {
    // A placeholder goes with its element when the page removes it.
    placed.forEach(function (rec, el) { if (!el.isConnected) unplace(el); });
    var els = doc.querySelectorAll(SEL), have = api.current();
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (cats(el).every(function (c) { return have.indexOf(c) >= 0; })) unplace(el);
      else if (!placed.has(el) && !el.hasAttribute('data-charte-done')) place(el);
    }
    showReopen();
  }

  function place(el) {
    var list = cats(el), have = api.current(), cat = list[0];
    for (var i = 0; i < list.length; i++) if (have.indexOf(list[i]) < 0) { cat = list[i]; break; }
    var block = tpl.content.querySelector('.charte-ph[data-category="' + cat + '"]');
    if (!block || !el.parentNode) return; // as without placeholders
    var iframe = el.tagName === 'IFRAME', host = doc.createElement('charte-placeholder');
    // The placeholder takes the box the content would have had.
    var w = el.offsetWidth || +el.getAttribute('width') || (iframe ? 300 : 0);
    var h = el.offsetHeight || +el.getAttribute('height') || (iframe ? 150 : 0);
    if (w) host.style.setProperty('--charte-ph-w', w + 'px');
    if (h) host.style.setProperty('--charte-ph-h', h + 'px');
    if (iframe) host.style.setProperty('--charte-ph-display', 'inline-block');
    var root = host.attachShadow({ mode: 'open' });
    root.appendChild(tpl.content.querySelector('style').cloneNode(true));
    block = block.cloneNode(true);
    // The host page's words go in as text.
    var title = el.getAttribute('title'), provider = el.getAttribute('data-provider');
    if (title) block.querySelector('[data-charte-slot="title"]').textContent = title;
    if (provider) block.querySelector('[data-charte-slot="provider"]').textContent = ' — ' + provider;
    root.appendChild(block);
    root.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('[data-charte-action]');
      if (!b) return;
      if (b.getAttribute('data-charte-action') === 'allow') allow(el);
      else api.prefs();
    });
    placed.set(el, { host: host, display: el.style.getPropertyValue('display'), prio: el.style.getPropertyPriority('display') });
    el.style.setProperty('display', 'none', 'important');
    el.parentNode.insertBefore(host, el);
  }

  function unplace(el) {
    var rec = placed.get(el);
    if (!rec) return;
    placed.delete(el);
    if (rec.host.parentNode) rec.host.parentNode.removeChild(rec.host);
    if (rec.display) el.style.setProperty('display', rec.display, rec.prio);
    else el.style.removeProperty('display');
  }

  // allow accepts el's categories on top of the current choice: the rest
  // of the choice stays as it was.
  function allow(el) {
    var list = api.current(), need = cats(el);
    for (var i = 0; i < need.length; i++) if (list.indexOf(need[i]) < 0) list.push(need[i]);
    // The choice answers the first-visit banner too: if it is still the
    // prerendered shell (the wasm not there yet), it goes at once, as
    // after a click on it; go-app's own banner follows the choice.
    var w = doc.querySelector('charte-consent'), shell = w && w.shadowRoot && w.shadowRoot.querySelector('[data-charte-shell]');
    if (shell) shell.parentNode.replaceChild(doc.createElement('div'), shell);
    api.choose(list);
    // Focus goes to what was allowed, not to the top of the page.
    if (el.tagName === 'IFRAME') el.focus();
  }

  api.ready(scan);
})();
