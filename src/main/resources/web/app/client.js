// One IRC session over a WebSocket to the page's own origin: capability negotiation, SASL PLAIN or REGISTER,
// joining, history, typing notifications and reconnection that fetches exactly what was missed. The socket
// class is injectable so the tests can drive it without a server.

import { parse, serialise, saslPlain } from './irc.js';

/** What the client asks for; it requests only those the server offers (CAP REQ is all-or-nothing). */
export const WANTED_CAPS = ['message-tags', 'server-time', 'echo-message', 'batch', 'labeled-response', 'sasl',
  'draft/chathistory', 'draft/event-playback', 'away-notify', 'account-tag', 'account-notify', 'extended-join',
  'multi-prefix', 'userhost-in-names', 'setname', 'chghost', 'invite-notify', 'draft/account-registration',
  'cap-notify'];

const HISTORY_PAGE = 50;
const TYPING_EVERY_MS = 3000;

/** The page's WebSocket URL: same host and port, ws or wss after the page's own scheme. */
export function socketUrl(location) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/';
}

export class IrcClient {
  /**
   * @param state  a ChatState
   * @param opts   { url, nick, mode: 'guest'|'login'|'register', account, password, email, channels,
   *                 WebSocket (constructor), setTimeout, clearTimeout, random }
   */
  constructor(state, opts) {
    this.state = state;
    this.opts = { setTimeout: globalThis.setTimeout?.bind(globalThis), clearTimeout: globalThis.clearTimeout?.bind(globalThis),
      random: Math.random, ...opts };
    this.ws = null;
    this.attempt = 0;
    this.stopped = false;
    this.registered = false;
    this.nickTries = 0;
    this.offered = new Map();
    this.labelSeq = 0;
    this.lastTyping = new Map();
    this.statusListeners = new Set();
    this.status = 'idle';
    this.reconnectTimer = null;
    this.wantedChannels = new Set(opts.channels || []);
    state.on((ev) => {
      if (ev.type === 'history') this.onHistoryEnd(ev);
      else if (ev.type === 'parted') { // left on purpose: not rejoined after a reconnect
        for (const name of this.wantedChannels) if (state.key(name) === ev.key) this.wantedChannels.delete(name);
      }
    });
  }

  onStatus(fn) { this.statusListeners.add(fn); }

  setStatus(status, detail = '') {
    this.status = status;
    for (const fn of this.statusListeners) fn(status, detail);
  }

  connect() {
    this.stopped = false;
    this.setStatus('connecting');
    const WS = this.opts.WebSocket || globalThis.WebSocket;
    const ws = new WS(this.opts.url, ['text.ircv3.net']);
    this.ws = ws;
    this.registered = false;
    this.offered = new Map();
    this.nickTries = 0;
    this.currentNick = this.opts.nick;
    ws.onopen = () => {
      this.send('CAP LS 302');
      this.send(serialise('NICK', [this.currentNick]));
      this.send(serialise('USER', [this.opts.nick, '0', '*', this.opts.nick]));
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      for (const line of ev.data.split(/\r?\n/)) if (line) this.receive(parse(line));
    };
    ws.onclose = (ev) => this.closed(ev);
    ws.onerror = () => {};
  }

  send(line) {
    if (this.ws && this.ws.readyState === 1) this.ws.send(line);
  }

  has(cap) { return this.state.caps.has(cap); }

  /** A fresh label when labeled-response is on, else null. */
  label() { return this.has('labeled-response') ? 'l' + (++this.labelSeq) : null; }

  receive(msg) {
    switch (msg.command) {
      case 'PING': this.send(serialise('PONG', msg.params)); return;
      case 'CAP': this.cap(msg); return;
      case 'AUTHENTICATE': this.authenticate(msg); return;
      case '903': this.send('CAP END'); break; // RPL_SASLSUCCESS
      case '904': case '905': case '906': case '902': // ERR_SASLFAIL and friends
        this.setStatus('failed', msg.params[msg.params.length - 1]);
        this.stop('Login failed');
        return;
      case '433': case '432': // ERR_NICKNAMEINUSE, ERR_ERRONEUSNICKNAME
        if (!this.registered && msg.command === '433' && this.nickTries++ < 5) {
          this.currentNick = this.opts.nick + '_'.repeat(this.nickTries);
          this.send(serialise('NICK', [this.currentNick]));
          return;
        }
        if (!this.registered) { this.setStatus('failed', msg.params[msg.params.length - 1]); this.stop('Nick refused'); return; }
        break;
      case '001': this.state.handle(msg); this.welcome(); return;
      case 'REGISTER': this.state.info('Account ' + (msg.params[1] || '') + ' registered: ' + (msg.params[2] || ''), 'info', ''); return;
      case 'FAIL':
        if (msg.params[0] === 'CHATHISTORY') for (const b of this.state.buffers.values()) b.loadingHistory = false;
        break;
      default: break;
    }
    this.state.handle(msg);
    if (msg.command === 'JOIN' && this.state.isSelf(msg.nick)) this.joined(msg.params[0]);
  }

  cap(msg) {
    const sub = (msg.params[1] || '').toUpperCase();
    const more = msg.params[2] === '*';
    const list = more ? msg.params[3] : msg.params[2];
    if (sub === 'LS' || sub === 'NEW') {
      for (const t of (list || '').split(' ')) {
        if (!t) continue;
        const eq = t.indexOf('=');
        this.offered.set(eq < 0 ? t : t.slice(0, eq), eq < 0 ? '' : t.slice(eq + 1));
      }
      if (more) return;
      const req = WANTED_CAPS.filter((c) => this.offered.has(c) && !this.state.caps.has(c));
      if (sub === 'NEW' && this.registered) { if (req.length) this.send(serialise('CAP', ['REQ', req.join(' ')])); return; }
      if (req.length) this.send(serialise('CAP', ['REQ', req.join(' ')]));
      else this.capDone();
    } else if (sub === 'ACK') {
      for (const c of (list || '').split(' ')) if (c) { if (c.startsWith('-')) this.state.caps.delete(c.slice(1)); else this.state.caps.add(c); }
      if (!this.registered) this.capDone();
    } else if (sub === 'NAK') {
      if (!this.registered) this.capDone();
    } else if (sub === 'DEL') {
      for (const c of (list || '').split(' ')) this.state.caps.delete(c);
    }
  }

  /** After CAP REQ is answered: log in with SASL, or end negotiation (REGISTER comes after 001). */
  capDone() {
    if (this.opts.mode === 'login') {
      if (!this.has('sasl')) { this.setStatus('failed', 'This server offers no login (SASL).'); this.stop('No SASL'); return; }
      this.send('AUTHENTICATE PLAIN');
      return;
    }
    if (this.opts.mode === 'register' && !this.has('draft/account-registration')) {
      this.setStatus('failed', 'This server does not offer account registration.');
      this.stop('No registration');
      return;
    }
    this.send('CAP END');
  }

  authenticate(msg) {
    if (msg.params[0] !== '+') return;
    for (const chunk of saslPlain(this.opts.account || this.opts.nick, this.opts.password || '')) this.send('AUTHENTICATE ' + chunk);
  }

  welcome() {
    this.registered = true;
    this.attempt = 0;
    this.setStatus('connected');
    if (this.opts.mode === 'register') {
      this.send(serialise('REGISTER', ['*', this.opts.email || '*', this.opts.password || '']));
      this.opts.mode = 'login'; // the next connection logs in with the new account
      this.opts.account = this.opts.nick;
    }
    for (const name of this.wantedChannels) this.send(serialise('JOIN', [name]));
    const queries = [...this.state.buffers.values()].filter((b) => b.kind === 'query');
    for (const q of queries) this.fetchMissed(q);
  }

  joined(name) {
    this.wantedChannels.add(name);
    const b = this.state.find(name);
    if (b) this.fetchMissed(b);
  }

  /**
   * History for a buffer: after a reconnect, everything AFTER the newest msgid seen before the connection dropped
   * (duplicates are dropped by msgid, so nothing shows twice and nothing is skipped); else the LATEST page.
   */
  fetchMissed(b) {
    if (!this.has('draft/chathistory') || b.loadingHistory) return;
    const newest = b.resumeFrom || '';
    const max = Math.min(Number(this.state.isupport.CHATHISTORY) || 100, newest ? 1000 : HISTORY_PAGE);
    b.loadingHistory = true;
    b.historyMode = newest ? 'after' : 'latest';
    b.historyMax = max;
    if (newest) this.send(serialise('CHATHISTORY', ['AFTER', b.name, 'msgid=' + newest, String(max)]));
    else this.send(serialise('CHATHISTORY', ['LATEST', b.name, '*', String(max)]));
  }

  /** Older messages when the user scrolls to the top. */
  fetchOlder(b) {
    if (!this.has('draft/chathistory') || b.loadingHistory || b.historyDone) return false;
    const oldest = this.state.oldestMsgid(b);
    if (!oldest) return false;
    b.loadingHistory = true;
    b.historyMode = 'before';
    const max = Math.min(Number(this.state.isupport.CHATHISTORY) || 100, HISTORY_PAGE);
    this.send(serialise('CHATHISTORY', ['BEFORE', b.name, 'msgid=' + oldest, String(max)]));
    return true;
  }

  /** A chathistory batch ended: the buffer may ask again; a short AFTER page means we have caught up. */
  onHistoryEnd(ev) {
    const b = this.state.find(ev.target);
    if (!b || !b.loadingHistory) return;
    b.loadingHistory = false;
    if (b.historyMode === 'before' && ev.count === 0) b.historyDone = true;
    if (b.historyMode !== 'after') return;
    if (ev.count >= b.historyMax && ev.newest) { // a full page: more was missed, go on from its newest message
      b.resumeFrom = ev.newest;
      this.fetchMissed(b);
    } else b.resumeFrom = '';
  }

  /** Sends a message the user typed: with echo-message the server's copy is shown, else a local one. */
  sendText(target, lines, text, isAction = false) {
    const label = lines.length === 1 ? this.label() : null;
    for (const line of lines) this.send(label ? '@label=' + label + ' ' + line : line);
    this.typingDone(target);
    if (!this.has('echo-message')) {
      this.state.add(target, { kind: isAction ? 'action' : 'privmsg', nick: this.state.nick, self: true, text });
    } else if (label) {
      this.state.add(target, { kind: isAction ? 'action' : 'privmsg', nick: this.state.nick, self: true, text, pending: true, label });
    }
  }

  /** +typing=active at most every 3 s while the user types (IRCv3 typing spec), done when the input empties. */
  typing(target, hasText) {
    if (!this.has('message-tags') || !target || this.state.isupport.CLIENTTAGDENY === '*') return;
    const now = Date.now();
    const last = this.lastTyping.get(target) || 0;
    if (hasText && now - last >= TYPING_EVERY_MS) {
      this.lastTyping.set(target, now);
      this.send(serialise('TAGMSG', [target], { '+typing': 'active' }));
    } else if (!hasText && last) this.typingDone(target);
  }

  typingDone(target) {
    if (!this.lastTyping.get(target)) return;
    this.lastTyping.delete(target);
    if (this.has('message-tags')) this.send(serialise('TAGMSG', [target], { '+typing': 'done' }));
  }

  closed(ev) {
    this.ws = null;
    this.state.disconnected();
    if (this.stopped) { if (this.status !== 'failed') this.setStatus('disconnected'); return; }
    const delay = Math.min(30000, 1000 * 2 ** Math.min(this.attempt++, 5)) * (0.5 + this.opts.random() / 2);
    this.setStatus('reconnecting', Math.round(delay / 1000) + ' s' + (ev && ev.reason ? ' (' + ev.reason + ')' : ''));
    this.reconnectTimer = this.opts.setTimeout(() => this.connect(), delay);
  }

  /** Ends the session on purpose: no reconnect. */
  stop(reason = 'Leaving') {
    this.stopped = true;
    if (this.reconnectTimer) this.opts.clearTimeout(this.reconnectTimer);
    if (this.ws) {
      if (this.registered) this.send(serialise('QUIT', [reason]));
      this.ws.close(1000, reason.slice(0, 100));
    }
  }
}
