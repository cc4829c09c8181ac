// The chat model: buffers (the server, channels, conversations), their messages, members, unread counts and
// typing, updated from parsed IRC messages. No DOM and no socket: the view listens for change events, and the
// tests feed it lines.

import { casefold, prefixes, actionText, mentions, stripFormatting } from './irc.js';
import { HANDLERS } from './handlers.js';

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
      // RPL_LOCALUSERS/GLOBALUSERS repeat their two counts in the sentence: show the sentence only
      const words = msg.command === '265' || msg.command === '266' ? msg.params.slice(-1) : msg.params.slice(1);
      this.info(words.join(' '), 'info', '');
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
