// ChatState and IrcClient driven through a fake WebSocket: what the page sends and what it shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatState } from '../../../main/resources/web/app/state.js';
import { IrcClient, socketUrl } from '../../../main/resources/web/app/client.js';
import { parse } from '../../../main/resources/web/app/irc.js';

class FakeSocket {
  static last = null;
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    this.readyState = 1;
    FakeSocket.last = this;
  }
  send(line) { this.sent.push(line); }
  close() { this.readyState = 3; }
  open() { this.onopen(); }
  recv(...lines) { for (const l of lines) this.onmessage({ data: l }); }
  drop(reason = '') { this.readyState = 3; this.onclose({ code: 1006, reason }); }
  take() { const s = this.sent; this.sent = []; return s; }
}

const CAPS = 'message-tags server-time echo-message batch labeled-response sasl=PLAIN draft/chathistory draft/event-playback '
  + 'away-notify account-tag extended-join multi-prefix userhost-in-names setname chghost invite-notify';

function session(opts = {}) {
  const state = new ChatState(() => 1_000_000);
  const timers = [];
  const client = new IrcClient(state, {
    url: 'ws://127.0.0.1:20000/', nick: 'me', mode: 'guest', channels: ['#chat'], WebSocket: FakeSocket,
    setTimeout: (f, ms) => { timers.push({ f, ms }); return timers.length; }, clearTimeout: () => {}, random: () => 0.5, ...opts,
  });
  client.connect();
  const ws = FakeSocket.last;
  ws.open();
  return { state, client, ws, timers };
}

function register(s, caps = CAPS) {
  s.ws.recv(':srv CAP * LS :' + caps);
  const req = s.ws.take().find((l) => l.startsWith('CAP REQ'));
  s.ws.recv(':srv CAP me ACK :' + parse(req).params[1]);
  return s.ws.take();
}

test('the URL is the page origin and the subprotocol text.ircv3.net', () => {
  assert.equal(socketUrl({ protocol: 'https:', host: 'chat.example:8443' }), 'wss://chat.example:8443/');
  assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:20000' }), 'ws://127.0.0.1:20000/');
  const s = session();
  assert.deepEqual(s.ws.protocols, ['text.ircv3.net']);
  assert.deepEqual(s.ws.take(), ['CAP LS 302', 'NICK me', 'USER me 0 * me']);
});

test('requests only offered caps, then CAP END, joins after 001', () => {
  const s = session();
  s.ws.take();
  s.ws.recv(':srv CAP * LS * :message-tags server-time', ':srv CAP * LS :echo-message unknown-cap');
  const req = s.ws.take();
  assert.deepEqual(req, ['CAP REQ :message-tags server-time echo-message']);
  s.ws.recv(':srv CAP me ACK :message-tags server-time echo-message');
  assert.deepEqual(s.ws.take(), ['CAP END']);
  s.ws.recv(':srv 001 me :Welcome', ':srv 005 me CHANTYPES=# PREFIX=(ov)@+ :are supported');
  assert.deepEqual(s.ws.take(), ['JOIN #chat']);
  assert.ok(s.state.caps.has('echo-message'));
  s.ws.recv('PING :x');
  assert.deepEqual(s.ws.take(), ['PONG x']);
});

test('SASL PLAIN login', () => {
  const s = session({ mode: 'login', account: 'me', password: 'secret' });
  s.ws.take();
  const sent = register(s);
  assert.deepEqual(sent, ['AUTHENTICATE PLAIN']);
  s.ws.recv('AUTHENTICATE +');
  assert.deepEqual(s.ws.take(), ['AUTHENTICATE ' + Buffer.from('me\0me\0secret').toString('base64')]);
  s.ws.recv(':srv 900 me me!u@h me :You are now logged in as me', ':srv 903 me :SASL authentication successful');
  assert.deepEqual(s.ws.take(), ['CAP END']);
  assert.equal(s.state.account, 'me');
});

test('a failed login stops without reconnecting and says why', () => {
  const s = session({ mode: 'login', password: 'bad' });
  const seen = [];
  s.client.onStatus((st, d) => seen.push(st + ':' + d));
  register(s);
  s.ws.recv('AUTHENTICATE +', ':srv 904 me :SASL authentication failed');
  s.ws.drop();
  assert.ok(seen.includes('failed:SASL authentication failed'));
  assert.equal(s.timers.length, 0);
});

test('REGISTER after 001 when the server offers account registration', () => {
  const s = session({ mode: 'register', password: 'pw', email: '' });
  s.ws.take();
  register(s, CAPS + ' draft/account-registration');
  s.ws.recv(':srv 001 me :Welcome');
  assert.deepEqual(s.ws.take()[0], 'REGISTER * * pw');
});

test('nick in use during registration tries another', () => {
  const s = session();
  s.ws.take();
  s.ws.recv(':srv 433 * me :Nickname is already in use');
  assert.deepEqual(s.ws.take(), ['NICK me_']);
});

function joined(s) {
  s.ws.take();
  register(s);
  s.ws.recv(':srv 001 me :Welcome', ':srv 005 me CHANTYPES=# PREFIX=(ov)@+ CHATHISTORY=100 :are supported');
  s.ws.recv(':me!u@h JOIN #chat * :Me', ':srv 353 me = #chat :@alice!a@h +bob!b@h me!u@h', ':srv 366 me #chat :End');
  return s.ws.take();
}

test('join fetches the latest history; members and prefixes come from NAMES', () => {
  const s = session();
  const sent = joined(s);
  assert.deepEqual(sent, ['JOIN #chat', 'CHATHISTORY LATEST #chat * 50']);
  const b = s.state.find('#chat');
  assert.deepEqual(s.state.sortedMembers(b).map((m) => m.prefix + m.nick), ['@alice', '+bob', 'me']);
  s.ws.recv(':srv MODE #chat +o-v bob bob', ':carol!c@h JOIN #chat acct :Carol', ':alice!a@h PART #chat :bye');
  assert.deepEqual(s.state.sortedMembers(b).map((m) => m.prefix + m.nick), ['@bob', 'carol', 'me']);
  s.ws.recv(':bob!b@h NICK robert', ':carol!c@h QUIT :gone', ':robert!b@h AWAY :lunch');
  assert.deepEqual(s.state.sortedMembers(b).map((m) => m.prefix + m.nick + (m.away ? '(away)' : '')), ['@robert(away)', 'me']);
});

test('history is inserted in time order, changes no members, and duplicates are dropped by msgid', () => {
  const s = session();
  joined(s);
  s.ws.recv('@msgid=live1;time=2026-12-03T10:00:00.000Z :alice!a@h PRIVMSG #chat :live');
  s.ws.recv(':srv BATCH +h1 chathistory #chat',
    '@batch=h1;msgid=old1;time=2026-12-03T09:00:00.000Z :alice!a@h PRIVMSG #chat :first',
    '@batch=h1;msgid=old2;time=2026-12-03T09:05:00.000Z :zed!z@h JOIN #chat',
    '@batch=h1;msgid=live1;time=2026-12-03T10:00:00.000Z :alice!a@h PRIVMSG #chat :live',
    ':srv BATCH -h1');
  const b = s.state.find('#chat');
  const texts = b.messages.filter((m) => m.msgid).map((m) => m.msgid);
  assert.deepEqual(texts, ['old1', 'old2', 'live1']);
  assert.equal(b.members.has('zed'), false, 'a JOIN from history does not make zed a member');
  assert.equal(b.loadingHistory, false);
  // scrolling up asks BEFORE the oldest msgid
  s.ws.take();
  assert.equal(s.client.fetchOlder(b), true);
  assert.deepEqual(s.ws.take(), ['CHATHISTORY BEFORE #chat msgid=old1 50']);
  s.ws.recv(':srv BATCH +h2 chathistory #chat', ':srv BATCH -h2');
  assert.equal(b.historyDone, true);
  assert.equal(s.client.fetchOlder(b), false);
});

test('after a dropped connection: reconnect, rejoin, CHATHISTORY AFTER the last msgid, nothing twice', () => {
  const s = session();
  joined(s);
  s.ws.recv(':srv BATCH +h chathistory #chat', ':srv BATCH -h');
  s.ws.recv('@msgid=m1;time=2026-12-03T10:00:00.000Z :alice!a@h PRIVMSG #chat :before the drop');
  s.ws.drop('gone');
  assert.equal(s.client.status, 'reconnecting');
  assert.equal(s.timers.length, 1);
  s.timers[0].f();
  const ws2 = FakeSocket.last;
  assert.notEqual(ws2, s.ws);
  ws2.open();
  ws2.take();
  s.ws = ws2;
  register(s);
  ws2.recv(':srv 001 me :Welcome');
  assert.deepEqual(ws2.take(), ['JOIN #chat']);
  ws2.recv('@msgid=j2;time=2026-12-03T10:02:00.000Z :me!u@h JOIN #chat');
  assert.deepEqual(ws2.take(), ['CHATHISTORY AFTER #chat msgid=m1 100']);
  ws2.recv('@msgid=m3;time=2026-12-03T10:03:00.000Z :bob!b@h PRIVMSG #chat :live after rejoin');
  ws2.recv(':srv BATCH +a chathistory #chat',
    '@batch=a;msgid=m2;time=2026-12-03T10:01:00.000Z :bob!b@h PRIVMSG #chat :said while away',
    '@batch=a;msgid=j2;time=2026-12-03T10:02:00.000Z :me!u@h JOIN #chat',
    '@batch=a;msgid=m3;time=2026-12-03T10:03:00.000Z :bob!b@h PRIVMSG #chat :live after rejoin',
    ':srv BATCH -a');
  const said = s.state.find('#chat').messages.filter((m) => m.kind === 'privmsg').map((m) => m.text);
  assert.deepEqual(said, ['before the drop', 'said while away', 'live after rejoin']);
});

test('echo-message with labeled-response replaces the pending copy', () => {
  const s = session();
  joined(s);
  s.client.sendText('#chat', ['PRIVMSG #chat hi'], 'hi');
  const sent = s.ws.take();
  assert.match(sent[0], /^@label=l\d+ PRIVMSG #chat hi$/);
  const label = parse(sent[0]).tags.label;
  const b = s.state.find('#chat');
  assert.equal(b.messages.at(-1).pending, true);
  s.ws.recv('@label=' + label + ';msgid=e1 :me!u@h PRIVMSG #chat hi');
  const mine = b.messages.filter((m) => m.text === 'hi');
  assert.equal(mine.length, 1);
  assert.equal(mine[0].pending, false);
});

test('unread counts, mentions and DMs', () => {
  const s = session();
  joined(s);
  const events = [];
  s.state.on((e) => { if (e.type === 'notify') events.push(e.msg.text); });
  s.state.setActive('');
  s.ws.recv(':alice!a@h PRIVMSG #chat :hello all', ':alice!a@h PRIVMSG #chat :me: are you there?', ':bob!b@h PRIVMSG me :psst');
  const chat = s.state.find('#chat');
  assert.equal(chat.unread, 2);
  assert.equal(chat.highlight, true);
  assert.equal(s.state.find('bob').kind, 'query');
  assert.equal(s.state.find('bob').unread, 1);
  assert.deepEqual(events, ['me: are you there?', 'psst']);
  s.state.setActive('#chat');
  assert.equal(chat.unread, 0);
  assert.equal(chat.highlight, false);
});

test('typing indicator expires and clears on message', () => {
  let now = 1_000_000;
  const state = new ChatState(() => now);
  state.buffer('#c', 'channel');
  state.handle(parse('@+typing=active :bob!b@h TAGMSG #c'));
  const b = state.find('#c');
  assert.deepEqual(state.typingNicks(b), ['bob']);
  now += 7000;
  assert.deepEqual(state.typingNicks(b), []);
  state.handle(parse('@+typing=active :bob!b@h TAGMSG #c'));
  state.handle(parse(':bob!b@h PRIVMSG #c :done typing'));
  assert.deepEqual(state.typingNicks(b), []);
});

test('the client sends +typing at most every 3 s and done when cleared', () => {
  const s = session();
  joined(s);
  s.client.typing('#chat', true);
  s.client.typing('#chat', true);
  s.client.typing('#chat', false);
  assert.deepEqual(s.ws.take(), ['@+typing=active TAGMSG #chat', '@+typing=done TAGMSG #chat']);
});

test('markup in messages stays text in the model; CTCP other than ACTION is hidden', () => {
  const state = new ChatState();
  state.buffer('#c', 'channel');
  state.handle(parse(':x!x@h PRIVMSG #c :<img src=x onerror=alert(1)>'));
  state.handle(parse(':x!x@h PRIVMSG #c :\x01VERSION\x01'));
  state.handle(parse(':x!x@h PRIVMSG #c :\x01ACTION waves\x01'));
  const msgs = state.find('#c').messages;
  assert.deepEqual(msgs.map((m) => m.kind + ':' + m.text), ['privmsg:<img src=x onerror=alert(1)>', 'action:waves']);
});

test('a channel left on purpose is not rejoined after a reconnect', () => {
  const s = session();
  joined(s);
  s.ws.recv(':me!u@h JOIN #other', ':me!u@h PART #other');
  assert.deepEqual([...s.client.wantedChannels], ['#chat']);
});
