import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './fakedom.mjs';
import { ChatState } from '../../../main/resources/web/app/state.js';
import { parse } from '../../../main/resources/web/app/irc.js';

const dom = installDom(['messages', 'buffer-list', 'member-list', 'members-pane', 'members-title', 'buffer-name',
  'buffer-topic', 'typing', 'me', 'list-dialog', 'list-filter', 'channel-list']);
const { View } = await import('../../../main/resources/web/app/view.js');

function setup() {
  const state = new ChatState(() => Date.parse('2026-12-03T12:00:00Z'));
  const calls = [];
  const view = new View(state, {
    select: (n) => calls.push('select ' + n), close: (n) => calls.push('close ' + n), query: (n) => calls.push('query ' + n),
    older: () => calls.push('older'), join: (n) => calls.push('join ' + n), canLoadOlder: (b) => b.messages.some((m) => m.msgid),
  });
  state.nick = 'me';
  for (const l of [':me!u@h JOIN #c', ':srv 353 me = #c :@alice +bob me', ':srv 366 me #c :End', ':srv 332 me #c :Topic <b>here</b>']) state.handle(parse(l));
  state.setActive('#c');
  return { state, view, calls };
}

test('user text is text: markup never becomes elements, only http(s) URLs become links', () => {
  const { state } = setup();
  state.handle(parse(':evil!e@h PRIVMSG #c :<img src=x onerror=alert(1)> javascript:alert(1) see https://example.org/x.'));
  dom.paint();
  const box = dom.byId('messages');
  assert.equal(box.byTag('img').length, 0);
  const row = box.byClass('privmsg').at(-1);
  assert.match(row.textContent, /<img src=x onerror=alert\(1\)> javascript:alert\(1\) see https:\/\/example\.org\/x\.$/);
  const links = row.byTag('a');
  assert.equal(links.length, 1);
  assert.equal(links[0].href, 'https://example.org/x');
  assert.equal(links[0].rel, 'noopener noreferrer');
  assert.equal(links[0].target, '_blank');
  assert.equal(dom.byId('buffer-topic').textContent, 'Topic <b>here</b>');
});

test('day separators, /me, nick colours, collapsed joins and parts', () => {
  const { state } = setup();
  const lines = [
    '@time=2026-12-02T23:50:00.000Z :alice!a@h PRIVMSG #c :late',
    '@time=2026-12-03T08:00:00.000Z :x1!x@h JOIN #c',
    '@time=2026-12-03T08:00:01.000Z :x2!x@h JOIN #c',
    '@time=2026-12-03T08:00:02.000Z :x1!x@h PART #c',
    '@time=2026-12-03T08:01:00.000Z :bob!b@h PRIVMSG #c :\x01ACTION waves\x01',
  ];
  for (const l of lines) state.handle(parse(l));
  dom.paint();
  const box = dom.byId('messages');
  assert.ok(box.byClass('day').length >= 2);
  const groups = box.byTag('details');
  assert.equal(groups.at(-1).byTag('summary')[0].byClass('text')[0].textContent, '2 joined, 1 left');
  const action = box.byClass('action').at(-1);
  assert.match(action.textContent, /\* ?bob waves$/);
  assert.ok(action.byClass('nick')[0].className.match(/\bc\d+\b/));
});

test('sidebar: unread counts, mention highlight, aria-current; members sorted with prefixes', () => {
  const { state, calls } = setup();
  state.buffer('#other', 'channel').joined = true;
  state.handle(parse(':alice!a@h PRIVMSG #other :hi'));
  state.handle(parse(':alice!a@h PRIVMSG #other :me: ping'));
  dom.paint();
  const list = dom.byId('buffer-list');
  const other = list.byClass('buffer').find((li) => li.textContent.includes('#other'));
  assert.ok(other.classList.contains('highlight'));
  assert.equal(other.byClass('badge')[0].textContent, '2');
  assert.equal(other.byClass('badge')[0].getAttribute('aria-label'), '2 unread, mentioned');
  const active = list.byClass('buffer').find((li) => li.classList.contains('active'));
  assert.equal(active.byClass('select')[0].getAttribute('aria-current'), 'page');
  other.byClass('select')[0].click();
  assert.deepEqual(calls, ['select #other']);
  const members = dom.byId('member-list').byClass('member').map((b) => b.textContent);
  assert.deepEqual(members, ['@alice', '+bob', 'me']);
  assert.equal(dom.byId('members-title').textContent, '3 members');
  assert.match(document.title, /^\(1\) #c/);
});

test('typing line and channel list dialog', () => {
  const { state } = setup();
  state.handle(parse('@+typing=active :alice!a@h TAGMSG #c'));
  dom.paint();
  assert.equal(dom.byId('typing').textContent, 'alice is typing\u2026');
  const { view, calls } = setup();
  view.showChannelList([{ name: '#small', users: 2, topic: 't' }, { name: '#big', users: 40, topic: '<script>' }]);
  const items = dom.byId('channel-list').byClass('join-channel');
  assert.deepEqual(items.map((i) => i.byTag('strong')[0].textContent), ['#big', '#small']);
  assert.equal(dom.byId('channel-list').byTag('script').length, 0);
  assert.ok(dom.byId('list-dialog').open);
  items[0].click();
  assert.deepEqual(calls, ['join #big']);
  assert.equal(dom.byId('list-dialog').open, false);
});

test('new messages are appended, not redrawn (the log is a live region), and runs of events grow in place', () => {
  const { state } = setup();
  state.handle(parse(':alice!a@h PRIVMSG #c :one'));
  dom.paint();
  const box = dom.byId('messages');
  const first = box.byClass('privmsg').at(-1);
  state.handle(parse(':x!x@h JOIN #c'));
  dom.paint();
  state.handle(parse(':y!y@h JOIN #c'));
  state.handle(parse(':alice!a@h PRIVMSG #c :two'));
  dom.paint();
  assert.equal(box.byClass('privmsg').find((e) => e.textContent.endsWith('one')), first, 'the old row is the same element');
  const group = box.byTag('details').at(-1);
  assert.equal(group.byTag('summary')[0].byClass('text')[0].textContent, '2 joined');
  assert.equal(box.children.filter((c) => c.tagName === 'DETAILS').length, 1);
  assert.match(box.children.at(-1).textContent, /two$/);
});

test('a button loads older messages where history has more, for keyboards and short buffers', () => {
  const { state, calls } = setup();
  state.handle(parse('@msgid=a1 :alice!a@h PRIVMSG #c :hi'));
  state.setActive('#c');
  dom.paint();
  const btn = dom.byId('messages').byClass('older')[0];
  assert.equal(btn.textContent, 'Load older messages');
  btn.click();
  assert.deepEqual(calls, ['older']);
  state.find('#c').historyDone = true;
  state.setActive('#c');
  dom.paint();
  assert.equal(dom.byId('messages').byClass('older').length, 0);
});

test('a channel opened before its JOIN arrives is redrawn as joined; 422 and the user counts read as info', () => {
  const state = new ChatState(() => Date.parse('2026-12-03T12:00:00Z'));
  new View(state, { select() {}, close() {}, query() {}, older() {}, join() {}, canLoadOlder: () => false });
  state.nick = 'me';
  state.buffer('#new', 'channel');
  state.setActive('#new'); // what the page does on connect, before the server answers the JOIN
  dom.paint();
  const entry = () => dom.byId('buffer-list').byClass('buffer').find((li) => li.textContent.includes('#new'));
  assert.match(entry().className, /\bparted\b/);
  state.handle(parse(':me!u@h JOIN #new'));
  dom.paint();
  assert.doesNotMatch(entry().className, /\bparted\b/);
  for (const l of [':srv 422 me :MOTD File is missing', ':srv 265 me 2 5 :Current local users 2, max 5']) state.handle(parse(l));
  const server = state.find('');
  const last = server.messages.slice(-2);
  assert.deepEqual(last.map((m) => [m.kind, m.text]), [['info', 'MOTD File is missing'], ['info', 'Current local users 2, max 5']]);
});
