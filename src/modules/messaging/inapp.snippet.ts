/**
 * The in-app snippet served at /inapp.js (docs/inapp.md): plain JavaScript, no framework, drawn inside a
 * shadow root so the host page's CSS neither leaks in nor is touched. It finds Tenure from its own script
 * address, so it works from any origin; it posts JSON as text/plain (no CORS preflight). Kept as text, not
 * compiled TypeScript, so what the customer's page runs is exactly this. No backticks inside (String.raw).
 */
export const IN_APP_SNIPPET = String.raw`(function (w, d) {
  'use strict';
  if (w.Tenure && w.Tenure.loaded) return;
  var script = d.currentScript;
  var base = script && script.src ? new URL(script.src).origin : '';
  var queued = (w.Tenure && w.Tenure.q) || [];
  var identity = null;
  var messages = [];
  var host = null;

  function post(path, body) {
    return fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(body),
      keepalive: true,
      credentials: 'omit',
    });
  }
  function report(message, type, url) {
    if (!identity || message.preview) return;
    var body = { userId: identity.userId, userHash: identity.userHash, sendId: message.id, type: type };
    if (url) body.url = url;
    post('/v1/inapp/events', body).catch(function () {});
  }
  function el(tag, attrs, children) {
    var node = d.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Segoe UI",sans-serif}',
    '.backdrop{position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:2147483646;display:flex;align-items:center;justify-content:center;padding:16px}',
    '.card{background:#fff;color:#1f1f1f;border-radius:12px;max-width:480px;width:100%;padding:20px 20px 16px;position:relative;box-shadow:0 8px 32px rgba(0,0,0,.2);font-size:15px;line-height:1.55}',
    '.banner{position:fixed;top:0;left:0;right:0;z-index:2147483646;background:#1677ff;color:#fff;padding:10px 48px 10px 16px;font-size:14px;line-height:1.5;display:flex;gap:12px;align-items:center;flex-wrap:wrap}',
    '.banner .body p{margin:0}.banner a{color:#fff}.banner .title{font-weight:600}',
    '.title{font-size:17px;font-weight:600;margin:0 24px 8px 0}.body p{margin:0 0 8px}.body a{color:#1677ff}',
    '.close{position:absolute;top:8px;right:8px;border:0;background:transparent;font-size:22px;line-height:1;cursor:pointer;color:inherit;padding:6px 10px}',
    '.button{display:inline-block;margin-top:8px;padding:8px 16px;border-radius:6px;background:#1677ff;color:#fff;text-decoration:none;font-weight:500}',
    '.banner .button{margin:0;background:#fff;color:#1677ff}',
    '.question{font-weight:600;margin:8px 0}.scale{display:flex;flex-wrap:wrap;gap:6px}',
    '.scale button{min-width:36px;height:36px;border:1px solid #d9d9d9;border-radius:6px;background:#fff;cursor:pointer;font-size:15px}',
    '.scale button[aria-pressed=true]{background:#1677ff;border-color:#1677ff;color:#fff}',
    '.ends{display:flex;justify-content:space-between;font-size:12px;color:#666;margin-top:4px}',
    'textarea{width:100%;min-height:64px;margin-top:10px;padding:8px;border:1px solid #d9d9d9;border-radius:6px;font-size:14px}',
    '.submit{margin-top:10px;padding:8px 16px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:15px;cursor:pointer}',
    '.submit[disabled]{opacity:.5;cursor:default}',
  ].join('');

  function close() {
    if (host) host.remove();
    host = null;
  }
  function next() {
    close();
    var message = messages.shift();
    if (message) show(message);
  }

  function surveyForm(message, box) {
    var s = message.survey;
    var labels = message.labels || {};
    var min = s.scale === '1-5' ? 1 : 0;
    var max = s.scale === '1-5' ? 5 : 10;
    var chosen = null;
    var submit = el('button', { class: 'submit', type: 'button', 'data-tenure': 'submit', text: labels.submit || 'Send' });
    submit.disabled = true;
    var scale = el('div', { class: 'scale', role: 'group' });
    for (var i = min; i <= max; i++) {
      (function (score) {
        var b = el('button', { type: 'button', 'data-score': String(score), 'aria-pressed': 'false', text: String(score) });
        b.addEventListener('click', function () {
          chosen = score;
          scale.querySelectorAll('button').forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
          submit.disabled = false;
        });
        scale.appendChild(b);
      })(i);
    }
    var comment = el('textarea', { 'data-tenure': 'comment', placeholder: labels.comment || '' });
    submit.addEventListener('click', function () {
      if (chosen === null) return;
      submit.disabled = true;
      var done = function () {
        box.replaceChildren(el('p', { class: 'thanks', 'data-tenure': 'thanks', text: labels.thanks || 'Thank you!' }));
        report(message, 'dismiss');
      };
      if (message.preview) return done();
      post('/v1/inapp/answer', { token: s.token, score: chosen, comment: comment.value || undefined })
        .then(function (r) { if (r.ok) done(); else submit.disabled = false; })
        .catch(function () { submit.disabled = false; });
    });
    box.appendChild(el('div', { class: 'question', text: s.question }));
    box.appendChild(scale);
    if (s.kind === 'nps' || s.scale === '0-10')
      box.appendChild(el('div', { class: 'ends' }, [el('span', { text: labels.low || '' }), el('span', { text: labels.high || '' })]));
    box.appendChild(comment);
    box.appendChild(submit);
  }

  function show(message) {
    host = el('div', { 'data-tenure-inapp': message.id || 'preview' });
    var root = host.attachShadow({ mode: 'open' });
    root.appendChild(el('style', { text: CSS }));
    var banner = message.style === 'banner';
    var panel = el('div', { class: banner ? 'banner' : 'card', role: banner ? 'region' : 'dialog', lang: message.locale || '' });
    var x = el('button', { class: 'close', type: 'button', 'aria-label': (message.labels && message.labels.close) || 'Close', text: '\u00d7' });
    x.addEventListener('click', function () {
      report(message, 'dismiss');
      next();
    });
    if (message.title) panel.appendChild(el('div', { class: 'title', text: message.title }));
    // The body was rendered by Tenure from escaped Markdown (raw HTML off), as the email body is.
    var body = el('div', { class: 'body' });
    body.innerHTML = message.html || '';
    body.querySelectorAll('a[href]').forEach(function (a) {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener');
      a.addEventListener('click', function () { report(message, 'click', a.getAttribute('href')); });
    });
    panel.appendChild(body);
    if (message.survey) {
      var box = el('div', { class: 'survey' });
      surveyForm(message, box);
      panel.appendChild(box);
    }
    if (message.button && message.button.url) {
      var b = el('a', { class: 'button', href: message.button.url, target: '_blank', rel: 'noopener', 'data-tenure': 'button', text: message.button.label });
      b.addEventListener('click', function () {
        report(message, 'click', message.button.url);
        setTimeout(next, 0);
      });
      panel.appendChild(b);
    }
    panel.appendChild(x);
    root.appendChild(banner ? panel : el('div', { class: 'backdrop' }, [panel]));
    d.body.appendChild(host);
    report(message, 'view');
  }

  function identify(user) {
    if (!user || !user.userId || !user.userHash) return;
    identity = { userId: String(user.userId), userHash: String(user.userHash) };
    post('/v1/inapp/messages', identity)
      .then(function (r) {
        if (!r.ok) throw new Error('Tenure in-app: identify refused (' + r.status + ')');
        return r.json();
      })
      .then(function (data) {
        messages = data.messages || [];
        if (!host) next();
      })
      .catch(function (e) { if (w.console) w.console.warn(String(e && e.message ? e.message : e)); });
  }

  function api(command, arg) {
    if (command === 'identify') identify(arg);
    else if (command === 'preview') {
      close();
      show(Object.assign({ preview: true }, arg));
    } else if (command === 'reset') {
      identity = null;
      messages = [];
      close();
    }
  }
  w.Tenure = function () { api(arguments[0], arguments[1]); };
  w.Tenure.loaded = true;
  var start = function () { queued.forEach(function (args) { api(args[0], args[1]); }); };
  if (d.body) start();
  else d.addEventListener('DOMContentLoaded', start);
})(window, document);
`;
