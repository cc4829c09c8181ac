// main.js, the page's wiring, started in the fake DOM: auto-reconnect of a saved guest, the composer, Tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { installDom, FakeElement } from './fakedom.mjs';

const html = readFileSync(new URL('../../../main/resources/web/index.html', import.meta.url), 'utf8');
const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
const radios = ['guest', 'login', 'register'].map((v) => Object.assign(new FakeElement('input'), { value: v, checked: v === 'guest' }));
let dom;
dom = installDom(ids, {
  selectors: {
    'input[name=mode]': radios,
    'input[name=mode]:checked': () => radios.find((r) => r.checked),
    'input[name=mode][value=guest]': radios[0],
    '#buffer-list .select': () => dom.byId('buffer-list').byClass('select'),
  },
});

const store = new Map([['chatjar', JSON.stringify({ nick: 'webby', mode: 'guest', channels: ['#chat'], autoconnect: true })]]);
globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
globalThis.location = { protocol: 'http:', host: '127.0.0.1:20000' };
globalThis.matchMedia = () => ({ matches: false });
globalThis.addEventListener = () => {};
const timers = [];
globalThis.setInterval = () => 0;
const sockets = [];
globalThis.WebSocket = class {
  constructor(url, protocols) { this.url = url; this.protocols = protocols; this.sent = []; this.readyState = 1; sockets.push(this); }
  send(l) { this.sent.push(l); }
  close() { this.readyState = 3; }
};

test('a saved guest reconnects at load, chats from the composer, completes nicks with Tab', async () => {
  await import('../../../main/resources/web/app/main.js');
  assert.equal(sockets.length, 1);
  const ws = sockets[0];
  assert.equal(ws.url, 'ws://127.0.0.1:20000/');
  assert.deepEqual(ws.protocols, ['text.ircv3.net']);
  ws.onopen();
  assert.deepEqual(ws.sent.splice(0), ['CAP LS 302', 'NICK webby', 'USER webby 0 * webby']);
  const recv = (...lines) => { for (const l of lines) ws.onmessage({ data: l }); dom.paint(); };
  recv(':srv CAP * LS :message-tags echo-message', ':srv CAP webby ACK :message-tags echo-message', ':srv 001 webby :Welcome');
  assert.deepEqual(ws.sent.splice(0), ['CAP REQ :message-tags echo-message', 'CAP END', 'JOIN #chat']);
  assert.equal(dom.byId('app').hidden, false);
  assert.equal(dom.byId('connect').hidden, true);
  recv(':webby!u@h JOIN #chat', ':srv 353 webby = #chat :webby alice', ':srv 366 webby #chat :End');
  assert.equal(dom.byId('buffer-name').textContent, '#chat');

  const input = dom.byId('composer-input');
  input.value = 'hello <b>all</b>';
  const ev = input.dispatch('keydown', { key: 'Enter', shiftKey: false });
  assert.ok(ev.defaultPrevented);
  assert.deepEqual(ws.sent.splice(0), ['PRIVMSG #chat :hello <b>all</b>']);
  assert.equal(input.value, '');

  input.value = 'al';
  input.selectionStart = 2;
  input.dispatch('keydown', { key: 'Tab', shiftKey: false });
  assert.equal(input.value, 'alice: ');

  input.value = '/me waves';
  input.dispatch('keydown', { key: 'Enter', shiftKey: false });
  assert.deepEqual(ws.sent.splice(0), ['PRIVMSG #chat :\x01ACTION waves\x01']);

  input.value = '/bogus';
  input.dispatch('keydown', { key: 'Enter', shiftKey: false });
  dom.paint();
  assert.match(dom.byId('messages').textContent, /Unknown command \/bogus/);
  assert.equal(JSON.parse(store.get('chatjar')).channels.includes('#chat'), true);
});
