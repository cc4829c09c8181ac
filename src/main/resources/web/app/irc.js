// IRC protocol: parsing and serialising lines (with IRCv3 message tags), case mapping, SASL PLAIN, ISUPPORT.
// Pure functions, no DOM, no network: shared by the page and by the tests under node --test.

const TAG_UNESCAPE = { ':': ';', 's': ' ', '\\': '\\', 'r': '\r', 'n': '\n' };

/** Value of a tag as sent on the wire (IRCv3 message-tags: \: \s \\ \r \n). */
export function unescapeTag(v) {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c !== '\\') { out += c; continue; }
    i++;
    if (i < v.length) out += TAG_UNESCAPE[v[i]] ?? v[i];
  }
  return out;
}

export function escapeTag(v) {
  return String(v).replace(/[\\; \r\n]/g, (c) => ({ '\\': '\\\\', ';': '\\:', ' ': '\\s', '\r': '\\r', '\n': '\\n' })[c]);
}

/**
 * Parses one line (without CR LF) into { tags, source, nick, command, params }. Never throws: a line it cannot
 * make sense of comes back with command ''. `nick` is the nickname part of the source, or ''.
 */
export function parse(line) {
  const msg = { tags: {}, source: '', nick: '', command: '', params: [] };
  let i = 0;
  const n = line.length;
  const word = () => {
    const j = line.indexOf(' ', i);
    const w = j < 0 ? line.slice(i) : line.slice(i, j);
    i = j < 0 ? n : j;
    while (i < n && line[i] === ' ') i++;
    return w;
  };
  while (i < n && line[i] === ' ') i++;
  if (line[i] === '@') {
    i++;
    for (const kv of word().split(';')) {
      if (!kv) continue;
      const eq = kv.indexOf('=');
      if (eq < 0) msg.tags[kv] = '';
      else msg.tags[kv.slice(0, eq)] = unescapeTag(kv.slice(eq + 1));
    }
  }
  if (line[i] === ':') {
    i++;
    msg.source = word();
    const cut = msg.source.search(/[!@]/);
    msg.nick = cut >= 0 ? msg.source.slice(0, cut) : (msg.source.includes('.') ? '' : msg.source); // a.b is a server
  }
  msg.command = word().toUpperCase();
  while (i < n) {
    if (line[i] === ':') { msg.params.push(line.slice(i + 1)); break; }
    msg.params.push(word());
  }
  return msg;
}

/**
 * Builds a line from a command and params; the last param gets a ':' when it needs one. Refuses CR, LF and NUL
 * anywhere, and spaces or a leading ':' in any param but the last, so a user's text can never become two commands.
 */
export function serialise(command, params = [], tags = null) {
  let out = '';
  if (tags) {
    const parts = Object.entries(tags).map(([k, v]) => (v === '' || v === true ? k : k + '=' + escapeTag(v)));
    if (parts.length) out += '@' + parts.join(';') + ' ';
  }
  out += command;
  params.forEach((p, idx) => {
    p = String(p);
    if (/[\r\n\0]/.test(p)) throw new Error('line break in IRC parameter');
    const last = idx === params.length - 1;
    if (last && (p === '' || p.includes(' ') || p[0] === ':')) out += ' :' + p;
    else if (p === '' || p.includes(' ') || p[0] === ':') throw new Error('bad middle parameter');
    else out += ' ' + p;
  });
  return out;
}

/** rfc1459 case mapping (the server's default CASEMAPPING): []\~ are the upper case of {}|^. */
export function casefold(s, mapping = 'rfc1459') {
  let t = s.toLowerCase();
  if (mapping === 'ascii') return t;
  t = t.replace(/\[/g, '{').replace(/\]/g, '}').replace(/\\/g, '|');
  if (mapping !== 'rfc1459-strict') t = t.replace(/~/g, '^');
  return t;
}

/** SASL PLAIN (RFC 4616) as AUTHENTICATE payloads: base64 in chunks of 400, '+' after an exact multiple. */
export function saslPlain(account, password) {
  const bytes = new TextEncoder().encode(account + '\0' + account + '\0' + password);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = btoa(bin);
  const chunks = [];
  for (let i = 0; i < b64.length; i += 400) chunks.push(b64.slice(i, i + 400));
  if (b64.length % 400 === 0) chunks.push('+');
  return chunks;
}

/** Parses RPL_ISUPPORT tokens into a plain object (KEY=value, KEY -> true, -KEY -> removed). */
export function applyIsupport(isupport, tokens) {
  for (const t of tokens) {
    if (t.startsWith('-')) { delete isupport[t.slice(1)]; continue; }
    const eq = t.indexOf('=');
    if (eq < 0) isupport[t] = true;
    else isupport[t.slice(0, eq)] = t.slice(eq + 1).replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  }
  return isupport;
}

/** PREFIX=(ov)@+ -> { modes: 'ov', symbols: '@+' }; the default when absent. */
export function prefixes(isupport) {
  const m = /^\(([^)]*)\)(.*)$/.exec(typeof isupport.PREFIX === 'string' ? isupport.PREFIX : '(ov)@+');
  return m ? { modes: m[1], symbols: m[2] } : { modes: 'ov', symbols: '@+' };
}

/** Parses "@+nick!user@host" from a NAMES reply (multi-prefix, userhost-in-names) into its parts. */
export function parseNamesEntry(entry, symbols) {
  let i = 0;
  while (i < entry.length && symbols.includes(entry[i])) i++;
  const rest = entry.slice(i);
  const bang = rest.indexOf('!');
  return { prefix: entry.slice(0, i), nick: bang < 0 ? rest : rest.slice(0, bang) };
}

/** Strips mIRC formatting (bold, colours, italics, reverse, reset...) for plain display. */
export function stripFormatting(s) {
  return s.replace(/\x03(\d{1,2}(,\d{1,2})?)?|\x04([0-9a-fA-F]{6}(,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g, '');
}

/** Splits text into [{text}|{url}] for rendering; only http(s) URLs become links, trailing punctuation stays text. */
export function linkify(text) {
  const out = [];
  const re = /\bhttps?:\/\/[^\s<>"]+/gi;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    let url = m[0];
    while (/[.,;:!?'"]$/.test(url) || (url.endsWith(')') && !url.includes('('))) url = url.slice(0, -1);
    let ok = false;
    try { ok = ['http:', 'https:'].includes(new URL(url).protocol); } catch (e) { ok = false; }
    if (!ok) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ url });
    last = m.index + url.length;
    re.lastIndex = last;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** A stable colour class for a nick, 0..15, from its casefolded form (so Alice and alice match). */
export function nickColour(nick) {
  let h = 5381;
  for (const c of casefold(nick)) h = ((h * 33) ^ c.charCodeAt(0)) >>> 0;
  return h % 16;
}

/** True if `text` mentions `nick` as a word. */
export function mentions(text, nick) {
  if (!nick) return false;
  const esc = nick.replace(/[.*+?^$()|[\]\\{}]/g, (c) => '\\' + c);
  return new RegExp('(^|[^\\w\\[\\]\\\\`^{|}-])' + esc + '($|[^\\w\\[\\]\\\\`^{|}-])', 'i').test(text);
}

/** CTCP ACTION (/me) payload, or null. */
export function actionText(text) {
  if (text.startsWith('\x01ACTION ')) return text.slice(8).replace(/\x01$/, '');
  if (text === '\x01ACTION\x01') return '';
  return null;
}
