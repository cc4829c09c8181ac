// The chat model: buffers (the server, channels, conversations), their messages, members, unread counts and
// typing, updated from parsed IRC messages. No DOM and no socket: the view listens for change events, and the
// tests feed it lines.

import { casefold, prefixes, parseNamesEntry, applyIsupport, actionText, mentions, stripFormatting } from './irc.js';

export const MAX_MESSAGES = 2000; // per buffer; older ones are dropped and come back through CHATHISTORY BEFORE
const TYPING_MS = 6000; // +typing=active lasts this long without a renewal (IRCv3 typing spec)
const EVENT_KINDS = new Set(['join', 'part', 'quit', 'nick', 'kick', 'mode', 'chghost', 'away']);

export function isEventKind(kind) {
  return EVENT_KINDS.has(kind);
}

export class ChatState {
  constructor(now = () => Date.now()) {
    this.now = now;
    this.nick = '';
    this.account = '';
    this.caps = new Set();
    this.isupport = {};
    this.buffers = new Map();
    this.active = '';
    this.listeners = new Set();
    this.batches = new Map();
    this.channelList = null;
    this.seq = 0;
    this.focused = true;
    this.buffer('', 'server');
  }

  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }

  emit(ev) { for (const fn of this.listeners) fn(ev); }

  key(name) { return casefold(name, this.isupport.CASEMAPPING || 'rfc1459'); }

  isChannel(name) {
    const types = typeof this.isupport.CHANTYPES === 'string' ? this.isupport.CHANTYPES : '#&';
    return name !== '' && types.includes(name[0]);
  }

  isSelf(nick) { return nick !== '' && this.key(nick) === this.key(this.nick); }

  /** The buffer for `name`, created on first use. */
  buffer(name, kind) {
    const k = this.key(name);
    let b = this.buffers.get(k);
    if (!b) {
      b = {
        name, key: k, kind: kind || (name === '' ? 'server' : this.isChannel(name) ? 'channel' : 'query'),
        messages: [], msgids: new Set(), unread: 0, highlight: false, members: new Map(), topic: '', topicBy: '',
        joined: false, typing: new Map(), historyDone: false, loadingHistory: false,
      };
      this.buffers.set(k, b);
      this.emit({ type: 'sidebar' });
    }
    return b;
  }

  find(name) { return this.buffers.get(this.key(name)); }

  setActive(name) {
    const b = this.buffer(name);
    this.active = b.key;
    b.unread = 0;
    b.highlight = false;
    this.emit({ type: 'active', key: b.key });
    this.emit({ type: 'sidebar' });
  }

  closeBuffer(name) {
    const b = this.find(name);
    if (!b || b.kind === 'server') return;
    this.buffers.delete(b.key);
    if (this.active === b.key) this.setActive('');
    this.emit({ type: 'sidebar' });
  }

  /** The newest msgid seen in each buffer, for CHATHISTORY AFTER on reconnect. */
  newestMsgid(b) {
    for (let i = b.messages.length - 1; i >= 0; i--) if (b.messages[i].msgid) return b.messages[i].msgid;
    return '';
  }

  oldestMsgid(b) {
    for (const m of b.messages) if (m.msgid) return m.msgid;
    return '';
  }

  /**
   * Adds a message to a buffer. Duplicates (same msgid) are dropped, which is what makes "fetch what was
   * missed" safe: a reconnect may ask for a little more than it needs. History is inserted in time order.
   */
  add(bufName, m, { history = false } = {}) {
    const b = this.buffer(bufName);
    if (m.msgid && b.msgids.has(m.msgid)) return null;
    const msg = { id: ++this.seq, time: this.now(), text: '', nick: '', self: false, mention: false, pending: false, ...m };
    if (msg.msgid) b.msgids.add(msg.msgid);
    const arr = b.messages;
    if (history || (arr.length && msg.time < arr[arr.length - 1].time && m.timeFromServer)) {
      let lo = 0, hi = arr.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid].time <= msg.time) lo = mid + 1; else hi = mid; }
      arr.splice(lo, 0, msg);
    } else arr.push(msg);
    if (arr.length > MAX_MESSAGES) {
      for (const old of arr.splice(0, arr.length - MAX_MESSAGES)) if (old.msgid) b.msgids.delete(old.msgid);
      b.historyDone = false;
    }
    if (!history && !msg.self && (msg.kind === 'privmsg' || msg.kind === 'action' || msg.kind === 'notice')) {
      const seen = b.key === this.active && this.focused;
      if (!seen) {
        b.unread++;
        if (msg.mention || b.kind === 'query') b.highlight = true;
        this.emit({ type: 'sidebar' });
      }
      if ((msg.mention || b.kind === 'query') && !seen) this.emit({ type: 'notify', key: b.key, msg });
      b.typing.delete(this.key(msg.nick));
    }
    this.emit({ type: 'messages', key: b.key, history });
    return msg;
  }

  info(text, kind = 'info', bufName) {
    const name = bufName !== undefined ? bufName : (this.buffers.get(this.active)?.name ?? '');
    return this.add(name, { kind, text });
  }

  /** Handles one parsed server message. Returns true if it was consumed by the model. */
  handle(msg) {
    const batchId = msg.tags.batch;
    const batch = batchId ? this.batches.get(batchId) : null;
    if (batch && batch.type === 'chathistory') return this.historyItem(batch, msg);
    const h = HANDLERS[msg.command];
    if (h) { h.call(this, msg); return true; }
    if (/^[45]\d\d$/.test(msg.command)) {
      this.info(msg.params.slice(1).join(' '), 'error');
      return true;
    }
    if (/^\d\d\d$/.test(msg.command)) {
      this.info(msg.params.slice(1).join(' '), 'info', '');
      return true;
    }
    return false;
  }

  /** A message inside a chathistory batch: shown in its buffer, but it changes no state (members, topic). */
  historyItem(batch, msg) {
    const m = this.toMessage(msg);
    if (!m) return true;
    batch.count++;
    if (m.msgid && m.time >= batch.newestTime) { batch.newestTime = m.time; batch.newest = m.msgid; }
    this.add(batch.target, m, { history: true });
    return true;
  }

  /** A PRIVMSG, NOTICE or (event-playback) JOIN/PART/QUIT/... as a message record, or null. */
  toMessage(msg) {
    const time = msg.tags.time ? Date.parse(msg.tags.time) : this.now();
    const base = { msgid: msg.tags.msgid || '', time: Number.isNaN(time) ? this.now() : time,
      timeFromServer: !!msg.tags.time, nick: msg.nick, self: this.isSelf(msg.nick), account: msg.tags.account || '' };
    switch (msg.command) {
      case 'PRIVMSG': case 'NOTICE': {
        const raw = msg.params[1] ?? '';
        const act = actionText(raw);
        if (act === null && raw.startsWith('\x01')) return null; // other CTCPs are not shown
        const text = stripFormatting(act ?? raw);
        const kind = act !== null ? 'action' : msg.command === 'NOTICE' ? 'notice' : 'privmsg';
        return { ...base, kind, text, mention: !base.self && mentions(text, this.nick) };
      }
      case 'JOIN': return { ...base, kind: 'join', text: 'joined' };
      case 'PART': return { ...base, kind: 'part', text: msg.params[1] ? 'left (' + msg.params[1] + ')' : 'left' };
      case 'QUIT': return { ...base, kind: 'quit', text: msg.params[0] ? 'quit (' + msg.params[0] + ')' : 'quit' };
      case 'KICK': return { ...base, kind: 'kick', text: 'kicked ' + msg.params[1] + (msg.params[2] ? ' (' + msg.params[2] + ')' : '') };
      case 'NICK': return { ...base, kind: 'nick', text: 'is now known as ' + msg.params[0] };
      case 'TOPIC': return { ...base, kind: 'topic', text: 'set the topic: ' + (msg.params[1] ?? '') };
      case 'MODE': return { ...base, kind: 'mode', text: 'set mode ' + msg.params.slice(1).join(' ') };
      default: return null;
    }
  }

  /** Where a PRIVMSG/NOTICE/TAGMSG belongs: the channel, or the other party of a conversation. */
  conversation(msg) {
    const target = msg.params[0] ?? '';
    if (this.isChannel(target.replace(/^[~&@%+]+(?=[#&])/, ''))) return target.replace(/^[~&@%+]+(?=[#&])/, '');
    if (this.isSelf(msg.nick)) return target; // our own message echoed back
    if (!msg.nick || msg.nick === '*') return '';
    return msg.nick;
  }

  setTyping(bufKey, nick, status) {
    const b = this.buffers.get(bufKey);
    if (!b) return;
    const k = this.key(nick);
    if (status === 'active' || status === 'paused') b.typing.set(k, { nick, until: this.now() + TYPING_MS, status });
    else b.typing.delete(k);
    this.emit({ type: 'typing', key: bufKey });
  }

  typingNicks(b) {
    const t = this.now();
    const out = [];
    for (const [k, v] of b.typing) {
      if (v.until < t) b.typing.delete(k);
      else if (v.status === 'active') out.push(v.nick);
    }
    return out;
  }

  /** Members sorted by rank (prefix order from ISUPPORT) then nick. */
  sortedMembers(b) {
    const { symbols } = prefixes(this.isupport);
    const rank = (p) => (p ? symbols.indexOf(p[0]) : symbols.length);
    return [...b.members.values()].sort((x, y) => rank(x.prefix) - rank(y.prefix)
      || x.nick.localeCompare(y.nick, undefined, { sensitivity: 'base' }));
  }

  /** Nicks for Tab completion: recent speakers first, then the other members. */
  completionCandidates(b) {
    const seen = new Set();
    const out = [];
    for (let i = b.messages.length - 1; i >= 0 && out.length < 50; i--) {
      const n = b.messages[i].nick;
      if (n && !this.isSelf(n) && !seen.has(this.key(n))) { seen.add(this.key(n)); out.push(n); }
    }
    for (const m of b.members.values()) if (!seen.has(this.key(m.nick)) && !this.isSelf(m.nick)) { seen.add(this.key(m.nick)); out.push(m.nick); }
    for (const c of this.buffers.values()) if (c.kind === 'channel') out.push(c.name);
    return out;
  }

  /** Forgets what is tied to one connection (members, joined flags, batches) but keeps messages across reconnects. */
  disconnected() {
    for (const b of this.buffers.values()) {
      b.resumeFrom = b.resumeFrom || this.newestMsgid(b); // where CHATHISTORY AFTER starts once we are back
      b.members.clear();
      b.typing.clear();
      b.joined = false;
      b.loadingHistory = false;
    }
    this.batches.clear();
    this.caps = new Set();
    this.emit({ type: 'sidebar' });
    this.emit({ type: 'members', key: this.active });
  }

  renameEverywhere(oldNick, newNick, msg) {
    const ok = this.key(oldNick);
    for (const b of this.buffers.values()) {
      const m = b.members.get(ok);
      if (m) {
        b.members.delete(ok);
        b.members.set(this.key(newNick), { ...m, nick: newNick });
        this.add(b.name, this.toMessage(msg));
        this.emit({ type: 'members', key: b.key });
      }
    }
    const q = this.buffers.get(ok);
    if (q && q.kind === 'query' && !this.buffers.has(this.key(newNick))) {
      this.buffers.delete(ok);
      q.name = newNick;
      q.key = this.key(newNick);
      this.buffers.set(q.key, q);
      if (this.active === ok) this.active = q.key;
      this.emit({ type: 'sidebar' });
    }
  }
}

/** Server message handlers, `this` being the ChatState. Named by command, numerics by their spec names. */
const HANDLERS = {
  '001'(msg) { // RPL_WELCOME
    this.nick = msg.params[0];
    this.info(msg.params[1] ?? '', 'info', '');
    this.emit({ type: 'registered' });
  },
  '005'(msg) { // RPL_ISUPPORT
    applyIsupport(this.isupport, msg.params.slice(1, -1));
  },
  '900'(msg) { // RPL_LOGGEDIN
    this.account = msg.params[2] ?? '';
    this.info(msg.params[3] ?? 'Logged in', 'info', '');
  },
  '321'() { this.channelList = []; }, // RPL_LISTSTART
  '322'(msg) { // RPL_LIST
    if (!this.channelList) this.channelList = [];
    if (this.channelList.length < 5000) {
      this.channelList.push({ name: msg.params[1], users: Number(msg.params[2]) || 0, topic: stripFormatting(msg.params[3] ?? '') });
    }
  },
  '323'() { this.emit({ type: 'list', channels: this.channelList || [] }); }, // RPL_LISTEND
  '331'(msg) { const b = this.buffer(msg.params[1]); b.topic = ''; this.emit({ type: 'topic', key: b.key }); }, // RPL_NOTOPIC
  '332'(msg) { // RPL_TOPIC
    const b = this.buffer(msg.params[1]);
    b.topic = stripFormatting(msg.params[2] ?? '');
    this.emit({ type: 'topic', key: b.key });
  },
  '333'(msg) { const b = this.buffer(msg.params[1]); b.topicBy = msg.params[2] ?? ''; }, // RPL_TOPICWHOTIME
  '353'(msg) { // RPL_NAMREPLY
    const b = this.buffer(msg.params[2]);
    if (!b.namesInProgress) { b.members.clear(); b.namesInProgress = true; }
    const { symbols } = prefixes(this.isupport);
    for (const entry of (msg.params[3] ?? '').split(' ')) {
      if (!entry) continue;
      const { prefix, nick } = parseNamesEntry(entry, symbols);
      const old = b.members.get(this.key(nick));
      b.members.set(this.key(nick), { nick, prefix, away: old?.away ?? false, account: old?.account ?? '' });
    }
  },
  '366'(msg) { // RPL_ENDOFNAMES
    const b = this.buffer(msg.params[1]);
    b.namesInProgress = false;
    this.emit({ type: 'members', key: b.key });
  },
  JOIN(msg) {
    const chan = msg.params[0];
    const b = this.buffer(chan, 'channel');
    if (this.isSelf(msg.nick)) {
      b.joined = true;
      b.members.clear();
      this.emit({ type: 'joined', key: b.key, name: chan });
    }
    const account = msg.params[1] && msg.params[1] !== '*' ? msg.params[1] : ''; // extended-join
    b.members.set(this.key(msg.nick), { nick: msg.nick, prefix: '', away: false, account });
    this.add(chan, this.toMessage(msg));
    this.emit({ type: 'members', key: b.key });
  },
  PART(msg) {
    const b = this.find(msg.params[0]);
    if (!b) return;
    this.add(b.name, this.toMessage(msg));
    if (this.isSelf(msg.nick)) {
      b.joined = false;
      b.members.clear();
      this.emit({ type: 'parted', key: b.key });
      this.emit({ type: 'sidebar' });
    } else b.members.delete(this.key(msg.nick));
    this.emit({ type: 'members', key: b.key });
  },
  KICK(msg) {
    const b = this.find(msg.params[0]);
    if (!b) return;
    this.add(b.name, this.toMessage(msg));
    if (this.isSelf(msg.params[1])) { b.joined = false; b.members.clear(); this.emit({ type: 'sidebar' }); }
    else b.members.delete(this.key(msg.params[1]));
    this.emit({ type: 'members', key: b.key });
  },
  QUIT(msg) {
    const k = this.key(msg.nick);
    for (const b of this.buffers.values()) {
      if (b.members.delete(k)) {
        this.add(b.name, this.toMessage(msg));
        this.emit({ type: 'members', key: b.key });
      }
    }
  },
  NICK(msg) {
    const newNick = msg.params[0];
    if (this.isSelf(msg.nick)) {
      this.nick = newNick;
      this.info('You are now known as ' + newNick, 'info', '');
      this.emit({ type: 'nick' });
    }
    this.renameEverywhere(msg.nick, newNick, msg);
  },
  TOPIC(msg) {
    const b = this.buffer(msg.params[0]);
    b.topic = stripFormatting(msg.params[1] ?? '');
    b.topicBy = msg.nick;
    this.add(b.name, this.toMessage(msg));
    this.emit({ type: 'topic', key: b.key });
  },
  MODE(msg) {
    const target = msg.params[0];
    if (!this.isChannel(target)) return;
    const b = this.find(target);
    if (!b) return;
    const { modes, symbols } = prefixes(this.isupport);
    const cm = (typeof this.isupport.CHANMODES === 'string' ? this.isupport.CHANMODES : 'beI,k,l,imnpst').split(',');
    let sign = '+';
    let p = 2;
    for (const c of msg.params[1] ?? '') {
      if (c === '+' || c === '-') { sign = c; continue; }
      const pi = modes.indexOf(c);
      if (pi >= 0) {
        const nick = msg.params[p++];
        const m = nick && b.members.get(this.key(nick));
        if (m) {
          const set = new Set(m.prefix);
          if (sign === '+') set.add(symbols[pi]); else set.delete(symbols[pi]);
          m.prefix = [...symbols].filter((s) => set.has(s)).join('');
        }
      } else if (cm[0]?.includes(c) || cm[1]?.includes(c) || (sign === '+' && cm[2]?.includes(c))) p++;
    }
    this.add(b.name, this.toMessage(msg));
    this.emit({ type: 'members', key: b.key });
  },
  PRIVMSG(msg) { message.call(this, msg); },
  NOTICE(msg) { message.call(this, msg); },
  TAGMSG(msg) {
    const typing = msg.tags['+typing'];
    if (!typing || this.isSelf(msg.nick)) return;
    const where = this.conversation(msg);
    const b = this.find(where);
    if (b) this.setTyping(b.key, msg.nick, typing);
  },
  AWAY(msg) { // away-notify
    const k = this.key(msg.nick);
    for (const b of this.buffers.values()) {
      const m = b.members.get(k);
      if (m) { m.away = msg.params.length > 0; this.emit({ type: 'members', key: b.key }); }
    }
  },
  ACCOUNT(msg) {
    const k = this.key(msg.nick);
    for (const b of this.buffers.values()) { const m = b.members.get(k); if (m) m.account = msg.params[0] === '*' ? '' : msg.params[0]; }
  },
  CHGHOST() { /* hosts are not shown */ },
  SETNAME() { /* real names are not shown */ },
  INVITE(msg) {
    const who = msg.params[0];
    const chan = msg.params[1];
    if (this.isSelf(who)) this.info(msg.nick + ' invites you to ' + chan + ' (type /join ' + chan + ')', 'info');
    else { const b = this.find(chan); if (b) this.add(b.name, { kind: 'info', text: msg.nick + ' invited ' + who }); }
  },
  BATCH(msg) {
    const ref = msg.params[0] ?? '';
    if (ref.startsWith('+')) {
      const type = msg.params[1] ?? '';
      this.batches.set(ref.slice(1), { type, target: msg.params[2] ?? '', count: 0, newest: '', newestTime: 0, label: msg.tags.label || '' });
    } else if (ref.startsWith('-')) {
      const b = this.batches.get(ref.slice(1));
      this.batches.delete(ref.slice(1));
      if (b && b.type === 'chathistory') this.emit({ type: 'history', target: b.target, count: b.count, newest: b.newest, label: b.label });
    }
  },
  FAIL(msg) { this.info(msg.params[0] + ': ' + msg.params[msg.params.length - 1], 'error'); }, // standard-replies
  WARN(msg) { this.info(msg.params[msg.params.length - 1], 'info'); },
  NOTE(msg) { this.info(msg.params[msg.params.length - 1], 'info'); },
  ERROR(msg) { this.info(msg.params[0] ?? 'Closing link', 'error', ''); },
  PING() {}, PONG() {}, CAP() {}, AUTHENTICATE() {}, REGISTER() {},
};

function message(msg) {
  const m = this.toMessage(msg);
  if (!m) return;
  let where = this.conversation(msg);
  if (msg.command === 'NOTICE' && (!this.isChannel(where) && (!msg.nick || !this.find(where)))) where = ''; // server and service notices
  if (msg.tags.label && m.self) { // our own message with labeled-response: replace the pending copy
    const b = this.find(where);
    const i = b ? b.messages.findIndex((x) => x.pending && x.label === msg.tags.label) : -1;
    if (i >= 0) b.messages.splice(i, 1);
  }
  this.add(where, m);
}
