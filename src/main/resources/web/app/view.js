// The DOM. Every piece of user text goes in through textContent (or a text node), never parsed as HTML, so a message
// like <img src=x onerror=...> is shown as the characters it is. Links are built as elements with an href that
// passed linkify's http/https check, and open with rel=noopener.

import { linkify, nickColour } from './irc.js';
import { isEventKind } from './state.js';

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function nickEl(nick) {
  return el('span', 'nick c' + nickColour(nick), nick);
}

function textWithLinks(text) {
  const span = el('span', 'text');
  for (const part of linkify(text)) {
    if (part.url) {
      const a = el('a', '', part.url);
      a.href = part.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      span.append(a);
    } else span.append(document.createTextNode(part.text));
  }
  return span;
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

function dayKey(t) {
  const d = new Date(t);
  return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
}

function timeEl(t) {
  const e = el('time', 'ts', timeFmt.format(t));
  e.dateTime = new Date(t).toISOString();
  e.title = new Date(t).toLocaleString();
  return e;
}

/** One row for a message. */
export function messageRow(m) {
  const row = el('div', 'msg ' + m.kind + (m.self ? ' self' : '') + (m.mention ? ' mention' : '') + (m.pending ? ' pending' : ''));
  row.append(timeEl(m.time));
  if (m.kind === 'action') {
    row.append(el('span', 'star', '*'), nickEl(m.nick), document.createTextNode(' '), textWithLinks(m.text));
  } else if (m.kind === 'privmsg' || m.kind === 'notice') {
    const n = nickEl(m.nick || 'server');
    if (m.kind === 'notice') n.textContent = '-' + (m.nick || 'server') + '-';
    row.append(n, textWithLinks(m.text));
  } else if (m.nick) {
    row.append(nickEl(m.nick), el('span', 'text', ' ' + m.text));
  } else row.append(textWithLinks(m.text));
  return row;
}

/** Joins, parts, quits and nick changes in a row collapse into one line that expands on demand. */
function eventGroup(events) {
  if (events.length === 1) return messageRow(events[0]);
  const d = el('details', 'msg events');
  const s = el('summary');
  s.append(timeEl(events[0].time));
  const counts = {};
  for (const e of events) counts[e.kind] = (counts[e.kind] || 0) + 1;
  const words = { join: 'joined', part: 'left', quit: 'quit', nick: 'renamed', kick: 'kicked', mode: 'mode changes', chghost: 'host changes', away: 'away' };
  s.append(el('span', 'text', Object.entries(counts).map(([k, n]) => n + ' ' + (words[k] || k)).join(', ')));
  d.append(s);
  for (const e of events) d.append(messageRow(e));
  return d;
}

export class View {
  constructor(state, handlers) {
    this.state = state;
    this.handlers = handlers; // { select(name), close(name), query(nick), older(), canLoadOlder(buffer), join(name) }
    this.pending = new Set();
    this.frame = 0;
    this.messages = $('messages');
    this.rendered = null;
    state.on((ev) => this.onEvent(ev));
    this.messages.addEventListener('scroll', () => {
      if (this.messages.scrollTop < 40) this.handlers.older();
    });
  }

  onEvent(ev) {
    switch (ev.type) {
      case 'sidebar': case 'joined': this.schedule('sidebar'); break; // joined: no longer drawn as parted
      case 'active':
        this.rendered = null; // a buffer is drawn whole when it is opened
        this.schedule('sidebar', 'messages', 'members', 'header', 'typing');
        break;
      case 'history': // a page arrived, possibly empty: redraw, the "older" button may have to go
        if (this.state.key(ev.target) === this.state.active) this.schedule('messages-keep');
        break;
      case 'messages': if (ev.key === this.state.active) this.schedule(ev.history ? 'messages-keep' : 'messages'); break;
      case 'members': if (ev.key === this.state.active) this.schedule('members'); break;
      case 'topic': if (ev.key === this.state.active) this.schedule('header'); break;
      case 'typing': if (ev.key === this.state.active) this.schedule('typing'); break;
      case 'nick': this.schedule('me'); break;
      default: break;
    }
  }

  /** Coalesces renders to one per animation frame: a history page of 50 lines is drawn once. */
  schedule(...parts) {
    for (const p of parts) this.pending.add(p);
    if (this.frame) return;
    const raf = globalThis.requestAnimationFrame || ((f) => setTimeout(f, 16));
    this.frame = raf(() => {
      this.frame = 0;
      const p = this.pending;
      this.pending = new Set();
      if (p.has('sidebar')) this.renderSidebar();
      if (p.has('messages') || p.has('messages-keep')) this.renderMessages(p.has('messages-keep') && !p.has('messages'));
      if (p.has('members')) this.renderMembers();
      if (p.has('header')) this.renderHeader();
      if (p.has('typing')) this.renderTyping();
      if (p.has('me')) $('me').textContent = this.state.nick;
    });
  }

  active() { return this.state.buffers.get(this.state.active); }

  renderSidebar() {
    const list = $('buffer-list');
    list.replaceChildren();
    const bufs = [...this.state.buffers.values()].sort((a, b) => order(a) - order(b)
      || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    let lastKind = '';
    for (const b of bufs) {
      if (b.kind !== lastKind && b.kind !== 'server') list.append(el('li', 'group', b.kind === 'channel' ? 'Channels' : 'Direct messages'));
      lastKind = b.kind;
      const li = el('li', 'buffer' + (b.key === this.state.active ? ' active' : '') + (b.highlight ? ' highlight' : '')
        + (b.kind === 'channel' && !b.joined ? ' parted' : ''));
      const btn = el('button', 'select', b.kind === 'server' ? 'Server' : b.name);
      btn.type = 'button';
      if (b.key === this.state.active) btn.setAttribute('aria-current', 'page');
      btn.addEventListener('click', () => this.handlers.select(b.name));
      li.append(btn);
      if (b.unread) {
        const badge = el('span', 'badge', String(b.unread > 99 ? '99+' : b.unread));
        badge.setAttribute('aria-label', b.unread + ' unread' + (b.highlight ? ', mentioned' : ''));
        btn.append(badge);
      }
      if (b.kind !== 'server') {
        const x = el('button', 'close icon', '\u2715');
        x.type = 'button';
        x.setAttribute('aria-label', (b.kind === 'channel' ? 'Leave ' : 'Close ') + b.name);
        x.addEventListener('click', () => this.handlers.close(b.name));
        li.append(x);
      }
      list.append(li);
    }
    const unread = bufs.reduce((n, b) => n + (b.highlight ? 1 : 0), 0);
    document.title = (unread ? '(' + unread + ') ' : '') + (this.active()?.name || 'chat.jar') + ' \u2013 chat.jar';
  }

  /**
   * Draws the active buffer. New messages at the end are appended (the log is an ARIA live region: redrawing it
   * all would read every line out again); anything else (another buffer, history inserted, a pending echo
   * replaced) redraws it. Keeps the bottom in view if it was, or the same message in view after history.
   */
  renderMessages(keepPosition) {
    const b = this.active();
    const box = this.messages;
    if (!b) { box.replaceChildren(); this.rendered = null; return; }
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 30;
    const fromBottom = box.scrollHeight - box.scrollTop;
    const r = this.rendered;
    const appendable = !keepPosition && r && r.key === b.key && b.messages.length >= r.count
      && (r.count === 0 || b.messages[r.count - 1].id === r.lastId);
    if (appendable) {
      this.draw(b.messages.slice(r.count), box, r);
      if (atBottom) box.scrollTop = box.scrollHeight;
      return;
    }
    const fresh = { key: b.key, count: 0, lastId: 0, day: 0, events: [], eventsEl: null };
    const frag = document.createDocumentFragment();
    if (b.kind !== 'server' && !b.historyDone && this.handlers.canLoadOlder?.(b)) { // for keyboards and short buffers
      const more = el('button', 'older', 'Load older messages');
      more.type = 'button';
      more.addEventListener('click', () => this.handlers.older());
      frag.append(more);
    }
    this.draw(b.messages, frag, fresh);
    box.setAttribute('aria-busy', 'true');
    box.replaceChildren(frag);
    box.removeAttribute('aria-busy');
    this.rendered = fresh;
    if (keepPosition && !atBottom) box.scrollTop = box.scrollHeight - fromBottom;
    else box.scrollTop = box.scrollHeight;
  }

  /** Appends rows for `msgs` to `parent`; `r` remembers the trailing run of events so it can grow in place. */
  draw(msgs, parent, r) {
    for (const m of msgs) {
      const d = dayKey(m.time);
      if (d !== r.day) {
        r.day = d;
        r.events = [];
        r.eventsEl = null;
        const sep = el('div', 'day', dayFmt.format(m.time));
        sep.setAttribute('role', 'separator');
        parent.append(sep);
      }
      if (isEventKind(m.kind)) { // joins, parts... in a row share one collapsed line
        r.events.push(m);
        const g = eventGroup(r.events);
        if (r.eventsEl) r.eventsEl.replaceWith(g);
        else parent.append(g);
        r.eventsEl = g;
      } else {
        r.events = [];
        r.eventsEl = null;
        parent.append(messageRow(m));
      }
      r.count++;
      r.lastId = m.id;
    }
  }

  renderMembers() {
    const b = this.active();
    const list = $('member-list');
    list.replaceChildren();
    const pane = $('members-pane');
    const show = b && b.kind === 'channel';
    pane.classList.toggle('empty', !show);
    const toggle = $('toggle-members');
    if (toggle) toggle.hidden = !show; // nothing to show in the server buffer or a DM
    if (!show) { $('members-title').textContent = 'Members'; return; }
    const members = this.state.sortedMembers(b);
    $('members-title').textContent = members.length + (members.length === 1 ? ' member' : ' members');
    for (const m of members.slice(0, 1000)) {
      const li = el('li', m.away ? 'away' : '');
      const btn = el('button', 'member');
      btn.type = 'button';
      btn.append(el('span', 'prefix', m.prefix.slice(0, 1)), nickEl(m.nick));
      btn.setAttribute('aria-label', m.nick + (m.prefix ? ' (' + rankName(m.prefix[0]) + ')' : '') + (m.away ? ', away' : '')
        + '. Send a message');
      btn.addEventListener('click', () => this.handlers.query(m.nick));
      li.append(btn);
      list.append(li);
    }
  }

  renderHeader() {
    const b = this.active();
    $('buffer-name').textContent = !b || b.kind === 'server' ? 'Server' : b.name;
    $('buffer-topic').textContent = b ? b.topic : '';
    $('buffer-topic').title = b ? b.topic : '';
  }

  renderTyping() {
    const b = this.active();
    const who = b ? this.state.typingNicks(b) : [];
    $('typing').textContent = who.length === 0 ? '' : who.length === 1 ? who[0] + ' is typing\u2026'
      : who.length <= 3 ? who.join(', ') + ' are typing\u2026' : 'Several people are typing\u2026';
  }

  /** LIST results in the dialog; the filter is applied as the user types. */
  showChannelList(channels) {
    const dlg = $('list-dialog');
    const filter = $('list-filter');
    const draw = () => {
      const q = filter.value.toLowerCase();
      const ul = $('channel-list');
      ul.replaceChildren();
      const shown = channels.filter((c) => !q || c.name.toLowerCase().includes(q) || c.topic.toLowerCase().includes(q))
        .sort((a, b) => b.users - a.users).slice(0, 300);
      if (!shown.length) ul.append(el('li', 'none', channels.length ? 'No channel matches.' : 'No channels yet: join one to create it.'));
      for (const c of shown) {
        const li = el('li');
        const btn = el('button', 'join-channel');
        btn.type = 'button';
        btn.append(el('strong', '', c.name), el('span', 'users', ' ' + c.users + (c.users === 1 ? ' user' : ' users')),
          el('span', 'topic', c.topic));
        btn.addEventListener('click', () => { dlg.close(); this.handlers.join(c.name); });
        li.append(btn);
        ul.append(li);
      }
    };
    filter.oninput = draw;
    draw();
    if (!dlg.open) dlg.showModal();
    filter.focus();
  }
}

function order(b) {
  return b.kind === 'server' ? 0 : b.kind === 'channel' ? 1 : 2;
}

function rankName(sym) {
  return { '~': 'owner', '&': 'admin', '@': 'operator', '%': 'half-operator', '+': 'voice' }[sym] || sym;
}
