// The page: the connect screen, the composer and keyboard handling, wiring ChatState, IrcClient and View.

import { ChatState } from './state.js';
import { IrcClient, socketUrl } from './client.js';
import { View } from './view.js';
import { interpret, complete, HELP } from './commands.js';

const $ = (id) => document.getElementById(id);
const STORE = 'chatjar';
const NICK_RE = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/;

const state = new ChatState();
let client = null;
let completion = null;
let history = [];
let historyAt = 0;
let knownBuffers = 0;

function saved() {
  try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
}

function save(patch) {
  try { localStorage.setItem(STORE, JSON.stringify({ ...saved(), ...patch })); } catch (e) { /* private mode */ }
}

const view = new View(state, {
  select(name) { selectBuffer(name); },
  close(name) { closeBuffer(name); },
  query(nick) { selectBuffer(state.buffer(nick, 'query').name); },
  older() { const b = view.active(); if (client && b && b.kind !== 'server') client.fetchOlder(b); },
  canLoadOlder(b) { return !!client && client.has('draft/chathistory') && b.messages.some((m) => m.msgid); },
  join(name) { joinChannel(name); },
});

function selectBuffer(name) {
  state.setActive(name);
  setSidebar(false);
  document.body.classList.remove('members-shown');
  $('composer-input').focus();
}

function closeBuffer(name) {
  const b = state.find(name);
  if (!b) return;
  if (b.kind === 'channel' && b.joined && client) client.send('PART ' + b.name);
  if (client) client.wantedChannels.delete(b.name);
  state.closeBuffer(name);
  persistBuffers();
}

function persistBuffers() {
  const bufs = [...state.buffers.values()];
  save({ channels: bufs.filter((b) => b.kind === 'channel').map((b) => b.name),
    queries: bufs.filter((b) => b.kind === 'query').map((b) => b.name).slice(0, 50) });
}

function setSidebar(open) {
  const was = document.body.classList.contains('sidebar-open');
  document.body.classList.toggle('sidebar-open', open);
  $('toggle-sidebar').setAttribute('aria-expanded', String(open));
  if (open && !was) $('buffer-list').querySelector('[aria-current=page]')?.focus(); // into the panel that opened
  else if (!open && was && document.activeElement?.closest?.('#sidebar')) $('toggle-sidebar').focus();
}

// ---- connect screen ----

function showConnect(error) {
  $('app').hidden = true;
  $('connect').hidden = false;
  $('connect-error').textContent = error || '';
  $('nick').focus();
}

function updateModeFields() {
  const mode = document.querySelector('input[name=mode]:checked').value;
  $('account-fields').hidden = mode === 'guest';
  $('email-row').hidden = mode !== 'register';
  $('password').autocomplete = mode === 'register' ? 'new-password' : 'current-password';
}

function startSession({ nick, mode, password, email, channels }) {
  if (client) client.stop();
  state.nick = nick;
  for (const q of saved().queries || []) state.buffer(q, 'query');
  client = new IrcClient(state, { url: socketUrl(location), nick, mode, account: nick, password, email, channels });
  client.onStatus((status, detail) => {
    const s = $('status');
    s.textContent = { connecting: 'Connecting\u2026', connected: '', reconnecting: 'Reconnecting in ' + detail,
      disconnected: 'Disconnected', failed: detail }[status] ?? status;
    s.className = 'status ' + status;
    if (status === 'connected') {
      $('connect').hidden = true;
      $('app').hidden = false;
      $('me').textContent = state.nick;
      save({ autoconnect: mode === 'guest' });
      if (!state.active) selectBuffer(channels[0] || '');
    } else if (status === 'failed') {
      save({ autoconnect: false });
      showConnect(detail);
    } else if (status === 'disconnected') showConnect('Disconnected.');
  });
  client.connect();
}

$('connect-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const nick = $('nick').value.trim();
  const mode = document.querySelector('input[name=mode]:checked').value;
  const password = $('password').value;
  if (!NICK_RE.test(nick)) { $('connect-error').textContent = 'A nick is 1 to 30 letters, digits or [ ] \\ ` _ ^ { | } -, not starting with a digit or -.'; return; }
  if (mode !== 'guest' && !password) { $('connect-error').textContent = 'Enter your password.'; return; }
  const channels = $('channels').value.split(/[\s,]+/).filter(Boolean).map((c) => (/^[#&]/.test(c) ? c : '#' + c));
  save({ nick, mode, channels });
  $('connect-error').textContent = '';
  startSession({ nick, mode, password, email: $('email').value.trim(), channels });
});

for (const r of document.querySelectorAll('input[name=mode]')) r.addEventListener('change', updateModeFields);

// ---- composer ----

const input = $('composer-input');

function submitComposer() {
  const text = input.value;
  if (!text.trim() || !client) return;
  const b = view.active();
  const target = b && b.kind !== 'server' ? b.name : '';
  const res = interpret(text, target, b && b.kind === 'channel');
  if (res.error) { state.info(res.error, 'error'); return; }
  history.push(text);
  if (history.length > 100) history.shift();
  historyAt = history.length;
  input.value = '';
  autosize();
  const a = res.action;
  if (res.sent) client.sendText(res.sent.target, res.lines, res.sent.text, res.sent.action);
  else for (const line of res.lines) client.send(line);
  if (!a) return;
  if (a.type === 'open') selectBuffer(state.buffer(a.target).name);
  else if (a.type === 'list') client.send('LIST');
  else if (a.type === 'clear' && b) { b.messages = []; b.msgids.clear(); view.schedule('messages'); }
  else if (a.type === 'close' && b) closeBuffer(b.name);
  else if (a.type === 'help') for (const h of HELP) state.info(h);
  else if (a.type === 'quit') { save({ autoconnect: false }); client.stop('Leaving'); }
}

function autosize() {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight + 2, 160) + 'px'; // + the borders: scrollHeight has none
  input.style.overflowY = input.scrollHeight + 2 > 160 ? 'auto' : 'hidden';
}

$('composer').addEventListener('submit', (e) => { e.preventDefault(); submitComposer(); });

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submitComposer(); return; }
  if (e.key === 'Tab' && !e.shiftKey && input.value) {
    const b = view.active();
    const res = b && complete(input.value, input.selectionStart, state.completionCandidates(b), completion);
    if (res) {
      e.preventDefault();
      input.value = res.value;
      input.setSelectionRange(res.caret, res.caret);
      completion = res.state;
    }
    return;
  }
  completion = null;
  if (e.key === 'ArrowUp' && !input.value.includes('\n') && input.selectionStart === 0 && historyAt > 0) {
    e.preventDefault();
    input.value = history[--historyAt];
  } else if (e.key === 'ArrowDown' && historyAt < history.length && !input.value.includes('\n')) {
    e.preventDefault();
    input.value = history[++historyAt] ?? '';
  }
});

input.addEventListener('input', () => {
  autosize();
  const b = view.active();
  if (client && b && b.kind !== 'server' && !input.value.startsWith('/')) client.typing(b.name, input.value.length > 0);
});

// ---- sidebar, dialogs, keyboard ----

$('join-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('join-input').value.trim();
  if (!name || !client) return;
  $('join-input').value = '';
  joinChannel(/^[#&]/.test(name) ? name : '#' + name);
});

function joinChannel(name) {
  const res = interpret('/join ' + name, '', false);
  if (res.error || !client) { state.info(res.error || 'Not connected', 'error'); return; }
  for (const line of res.lines) client.send(line);
  selectBuffer(state.buffer(res.action.target, 'channel').name);
}

$('btn-list').addEventListener('click', () => { if (client) client.send('LIST'); });
$('btn-disconnect').addEventListener('click', () => { save({ autoconnect: false }); if (client) client.stop('Leaving'); });
$('toggle-sidebar').addEventListener('click', () => setSidebar(!document.body.classList.contains('sidebar-open')));
const narrow = globalThis.matchMedia('(max-width: 760px)');
$('toggle-members').setAttribute('aria-expanded', String(!narrow.matches)); // a column on a desktop, hidden on a phone
$('toggle-members').addEventListener('click', () => { // over the messages on a phone, a column on a desktop
  const shown = narrow.matches ? document.body.classList.toggle('members-shown')
    : !document.body.classList.toggle('members-hidden');
  $('toggle-members').setAttribute('aria-expanded', String(shown));
});

document.addEventListener('keydown', (e) => {
  if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    e.preventDefault();
    const keys = [...document.querySelectorAll('#buffer-list .select')];
    const i = keys.findIndex((k) => k.getAttribute('aria-current') === 'page');
    const next = keys[(i + (e.key === 'ArrowUp' ? -1 : 1) + keys.length) % keys.length];
    if (next) next.click();
  } else if (e.key === 'Escape' && document.body.classList.contains('sidebar-open')) setSidebar(false);
});

state.on((ev) => {
  if (ev.type === 'list') view.showChannelList(ev.channels);
  else if (ev.type === 'joined' || ev.type === 'parted') persistBuffers();
  else if (ev.type === 'notify') notify(ev);
  else if (ev.type === 'sidebar' && state.buffers.size !== knownBuffers) { knownBuffers = state.buffers.size; persistBuffers(); }
});

// ---- notifications and focus ----

function updateNotifyButton() {
  $('btn-notify').hidden = !('Notification' in globalThis) || Notification.permission !== 'default';
}

$('btn-notify').addEventListener('click', async () => {
  await Notification.requestPermission();
  updateNotifyButton();
});

function notify(ev) {
  if (!('Notification' in globalThis) || Notification.permission !== 'granted' || !document.hidden) return;
  const b = state.buffers.get(ev.key);
  const n = new Notification(b.kind === 'query' ? ev.msg.nick : ev.msg.nick + ' in ' + b.name, { body: ev.msg.text, tag: ev.key });
  n.onclick = () => { globalThis.focus(); selectBuffer(b.name); n.close(); };
}

function focusChanged() {
  state.focused = !document.hidden && document.hasFocus();
  if (state.focused && state.active !== undefined) state.setActive(state.buffers.get(state.active)?.name ?? '');
}

document.addEventListener('visibilitychange', focusChanged);
globalThis.addEventListener('focus', focusChanged);
globalThis.addEventListener('blur', focusChanged);
setInterval(() => view.schedule('typing'), 2000);

// ---- start ----

const s = saved();
$('nick').value = s.nick || '';
$('channels').value = (s.channels && s.channels.length ? s.channels : ['#lobby']).join(' '); // where nc and the terminal client land too
if (['guest', 'login', 'register'].includes(s.mode)) document.querySelector('input[name=mode][value=' + s.mode + ']').checked = true;
updateModeFields();
updateNotifyButton();
if (s.autoconnect && s.nick && NICK_RE.test(s.nick)) {
  startSession({ nick: s.nick, mode: 'guest', channels: s.channels || [] });
} else showConnect();
