/*
 * Touchpoint web chat widget. No dependencies. Embed with:
 *   <script src="https://touchpoint.example/api/v1/webchat/widget.js" data-tenant="acme" async></script>
 * Optional: data-title, data-color, data-locale (zh-CN | en; default from navigator.language).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__touchpointChat) return;
  window.__touchpointChat = true;
  var tenant = script.getAttribute('data-tenant');
  if (!tenant) { console.warn('[touchpoint-chat] data-tenant is required'); return; }
  var base = new URL(script.src, location.href).origin + '/api/v1/webchat/' + encodeURIComponent(tenant);
  var lang = script.getAttribute('data-locale') || navigator.language || 'en';
  var STRINGS = {
    'zh-CN': { title: '在线客服', placeholder: '请输入消息…', send: '发送', open: '打开聊天', close: '关闭', failed: '发送失败，请稍后重试', tooLong: '消息太长了（最多 2000 字）', slow: '发送太快了，请稍候', hello: '您好！请问有什么可以帮您？' },
    en: { title: 'Chat with us', placeholder: 'Type a message…', send: 'Send', open: 'Open chat', close: 'Close', failed: 'Could not send; please try again', tooLong: 'That message is too long (2000 characters at most)', slow: 'Sending too fast; please wait a moment', hello: 'Hello! How can we help?' },
  };
  var t = /^zh/i.test(lang) ? STRINGS['zh-CN'] : STRINGS.en;
  var color = script.getAttribute('data-color') || '#2563eb';
  var storeKey = 'touchpoint-chat:' + tenant;
  var session = null;
  var source = null;

  var css = '' +
    '.tpc-btn{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:' + color + ';color:#fff;font-size:26px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000}' +
    '.tpc-panel{position:fixed;right:20px;bottom:88px;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 120px);display:none;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:14px/1.45 system-ui,sans-serif;color:#111;z-index:2147483000;overflow:hidden}' +
    '.tpc-open{display:flex}' +
    '.tpc-head{background:' + color + ';color:#fff;padding:12px 14px;display:flex;justify-content:space-between;align-items:center;font-weight:600}' +
    '.tpc-head button{background:none;border:0;color:#fff;font-size:18px;cursor:pointer}' +
    '.tpc-log{flex:1;overflow-y:auto;padding:12px;background:#f6f7f9}' +
    '.tpc-msg{max-width:80%;margin:6px 0;padding:8px 11px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}' +
    '.tpc-in{background:#fff;border:1px solid #e3e5e8}' +
    '.tpc-out{background:' + color + ';color:#fff;margin-left:auto}' +
    '.tpc-note{color:#b42318;font-size:12px;text-align:center;margin:6px 0}' +
    '.tpc-form{display:flex;border-top:1px solid #e3e5e8}' +
    '.tpc-form textarea{flex:1;border:0;padding:10px;resize:none;font:inherit;height:44px;outline:none}' +
    '.tpc-form button{border:0;background:none;color:' + color + ';font-weight:600;padding:0 14px;cursor:pointer}';
  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  var button = el('button', 'tpc-btn', '💬');
  button.setAttribute('aria-label', t.open);
  var panel = el('div', 'tpc-panel');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', script.getAttribute('data-title') || t.title);
  var head = el('div', 'tpc-head', script.getAttribute('data-title') || t.title);
  var close = el('button', '', '×');
  close.setAttribute('aria-label', t.close);
  head.appendChild(close);
  var log = el('div', 'tpc-log');
  log.setAttribute('aria-live', 'polite');
  var form = el('form', 'tpc-form');
  var input = el('textarea');
  input.placeholder = t.placeholder;
  input.maxLength = 2000;
  var send = el('button', '', t.send);
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  document.body.appendChild(panel);
  document.body.appendChild(button);

  var seen = {};
  function show(text, cls, id) {
    if (id) { if (seen[id]) return; seen[id] = true; }
    log.appendChild(el('div', cls, text));
    log.scrollTop = log.scrollHeight;
  }

  function saved() {
    try {
      var s = JSON.parse(localStorage.getItem(storeKey) || 'null');
      return s && s.token && Date.parse(s.expiresAt) > Date.now() + 60000 ? s : null;
    } catch (e) { return null; }
  }
  function post(path, body, token) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(base + path, { method: 'POST', headers: headers, body: JSON.stringify(body) });
  }
  function start(renew) {
    var old = renew ? null : saved();
    if (old) { session = old; return Promise.resolve(old); }
    return post('/sessions', {}).then(function (r) {
      if (!r.ok) throw new Error('session ' + r.status);
      return r.json();
    }).then(function (s) {
      session = s;
      try { localStorage.setItem(storeKey, JSON.stringify(s)); } catch (e) { /* private mode */ }
      return s;
    });
  }
  function listen() {
    if (source) source.close();
    source = new EventSource(base + '/stream?token=' + encodeURIComponent(session.token));
    source.addEventListener('message', function (e) {
      try { show(JSON.parse(e.data).text, 'tpc-msg tpc-in', e.lastEventId); } catch (err) { /* ignore */ }
    });
    source.onerror = function () {
      // 401 (expired token) closes the stream for good: start over with a new session
      if (source.readyState === EventSource.CLOSED) start(true).then(listen, function () { /* offline */ });
    };
  }

  function open() {
    panel.classList.add('tpc-open');
    button.style.display = 'none';
    input.focus();
    if (session) return;
    if (!log.childNodes.length) show(t.hello, 'tpc-msg tpc-in');
    start(false).then(listen, function () { show(t.failed, 'tpc-note'); });
  }
  button.addEventListener('click', open);
  close.addEventListener('click', function () {
    panel.classList.remove('tpc-open');
    button.style.display = '';
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit')); }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !session) return;
    if (text.length > 2000) { show(t.tooLong, 'tpc-note'); return; }
    input.value = '';
    show(text, 'tpc-msg tpc-out');
    post('/messages', { text: text }, session.token).then(function (r) {
      if (r.status === 401) return start(true).then(function () { listen(); return post('/messages', { text: text }, session.token); });
      return r;
    }).then(function (r) {
      if (r.ok) return;
      show(r.status === 413 ? t.tooLong : r.status === 429 ? t.slow : t.failed, 'tpc-note');
    }, function () { show(t.failed, 'tpc-note'); });
  });
})();
