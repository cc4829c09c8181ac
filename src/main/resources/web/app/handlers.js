// What each server message does to the chat model. Each handler runs with `this` bound to the ChatState, so the
// model's class stays about buffers and messages and this file reads as a table of IRC commands.

import { prefixes, parseNamesEntry, applyIsupport, stripFormatting } from './irc.js';

/** Server message handlers, `this` being the ChatState. Named by command, numerics by their spec names. */
export const HANDLERS = {
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
  '422'(msg) { this.info(msg.params[msg.params.length - 1], 'info', ''); }, // ERR_NOMOTD: not an error to the user
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
