// The composer: what the user typed becomes IRC lines or a local action. Pure: returns a description, the caller
// sends the lines and performs the action, so the tests can check every command without a socket.

import { serialise } from './irc.js';

export const HELP = [
  '/join #channel [key]   join a channel',
  '/part [#channel] [reason]   leave (the current channel by default)',
  '/msg nick text   send a private message',
  '/query nick [text]   open a conversation',
  '/me action   describe an action',
  '/nick newnick   change your nick',
  '/topic [text]   show or set the topic',
  '/list   browse channels',
  '/away [message]   set or clear away',
  '/quote LINE   send a raw IRC line',
  '/clear   clear this window',
  '/quit [reason]   disconnect',
];

/** Lines of a long message, each at most `max` bytes of UTF-8 (the server's line limit leaves room for the prefix). */
export function splitText(text, max = 400) {
  const enc = new TextEncoder();
  const out = [];
  for (const para of text.split(/\r?\n/)) {
    let rest = para;
    while (enc.encode(rest).length > max) {
      let cut = max;
      while (enc.encode(rest.slice(0, cut)).length > max) cut--;
      const sp = rest.lastIndexOf(' ', cut);
      if (sp > cut / 2) cut = sp;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    if (rest !== '') out.push(rest);
  }
  return out;
}

/**
 * Interprets one composer input for the buffer named `target` ('' for the server buffer).
 * Returns { lines: [...], action?: {type, ...}, error?: string }. Plain text becomes PRIVMSGs to the target;
 * '//text' sends '/text' literally.
 */
export function interpret(input, target, isChannel) {
  const text = input.replace(/\r?\n$/, '');
  if (!text.trim()) return { lines: [] };
  if (!text.startsWith('/') || text.startsWith('//')) {
    if (!target) return { lines: [], error: 'This window is not a conversation; use /join or /msg.' };
    const body = text.startsWith('//') ? text.slice(1) : text;
    return { lines: splitText(body).map((t) => serialise('PRIVMSG', [target, t])), sent: { target, text: body } };
  }
  const sp = text.indexOf(' ');
  const cmd = (sp < 0 ? text.slice(1) : text.slice(1, sp)).toLowerCase();
  const rest = sp < 0 ? '' : text.slice(sp + 1);
  const args = rest.split(' ').filter(Boolean);
  const need = (n, usage) => (args.length < n ? { lines: [], error: 'Usage: ' + usage } : null);
  try {
    switch (cmd) {
      case 'join': case 'j': {
        const bad = need(1, '/join #channel [key]');
        if (bad) return bad;
        let chan = args[0];
        if (!/^[#&]/.test(chan)) chan = '#' + chan;
        return { lines: [serialise('JOIN', args[1] ? [chan, args[1]] : [chan])], action: { type: 'open', target: chan } };
      }
      case 'part': case 'leave': {
        let chan = target;
        let reason = rest;
        if (args[0] && /^[#&]/.test(args[0])) { chan = args[0]; reason = rest.slice(args[0].length).trim(); }
        if (!chan || !/^[#&]/.test(chan)) return { lines: [], error: 'Usage: /part [#channel] [reason]' };
        return { lines: [serialise('PART', reason ? [chan, reason] : [chan])] };
      }
      case 'msg': case 'query': case 'q': {
        const bad = need(1, '/' + cmd + ' nick [text]');
        if (bad) return bad;
        const to = args[0];
        const body = rest.slice(rest.indexOf(to) + to.length).replace(/^ /, '');
        const lines = body ? splitText(body).map((t) => serialise('PRIVMSG', [to, t])) : [];
        const res = { lines };
        if (cmd !== 'msg' || !/^[#&]/.test(to)) res.action = { type: 'open', target: to };
        if (body) res.sent = { target: to, text: body };
        return res;
      }
      case 'me': {
        if (!target) return { lines: [], error: '/me works in a channel or conversation' };
        return { lines: [serialise('PRIVMSG', [target, '\x01ACTION ' + rest + '\x01'])], sent: { target, text: rest, action: true } };
      }
      case 'nick': {
        const bad = need(1, '/nick newnick');
        return bad || { lines: [serialise('NICK', [args[0]])] };
      }
      case 'topic': {
        let chan = target;
        let t = rest;
        if (args[0] && /^[#&]/.test(args[0])) { chan = args[0]; t = rest.slice(args[0].length).replace(/^ /, ''); }
        if (!chan || !isChannel && chan === target) return { lines: [], error: 'Usage: /topic [#channel] [text]' };
        return { lines: [serialise('TOPIC', t ? [chan, t] : [chan])] };
      }
      case 'list': return { lines: [], action: { type: 'list' } };
      case 'away': return { lines: [serialise('AWAY', rest ? [rest] : [])] };
      case 'quote': case 'raw': {
        const bad = need(1, '/quote LINE');
        if (bad) return bad;
        if (/[\r\n\0]/.test(rest)) return { lines: [], error: 'one line only' };
        return { lines: [rest] };
      }
      case 'clear': return { lines: [], action: { type: 'clear' } };
      case 'close': return { lines: [], action: { type: 'close' } };
      case 'quit': return { lines: [serialise('QUIT', [rest || 'Leaving'])], action: { type: 'quit' } };
      case 'help': return { lines: [], action: { type: 'help' } };
      default: return { lines: [], error: 'Unknown command /' + cmd + ' (try /help)' };
    }
  } catch (e) {
    return { lines: [], error: e.message };
  }
}

/**
 * Tab completion: the word before the caret completed from `candidates` (nicks, most recent speakers first,
 * then channels); `state` carries the cycle between presses. Returns { value, caret, state }.
 */
export function complete(value, caret, candidates, state) {
  if (state && state.value === value && state.caret === caret) {
    const i = (state.index + 1) % state.matches.length;
    return apply(state.before, state.after, state.matches[i], state.atStart, { ...state, index: i });
  }
  const before = value.slice(0, caret);
  const start = before.search(/\S*$/);
  const word = before.slice(start).toLowerCase();
  if (!word) return null;
  const matches = candidates.filter((c) => c.toLowerCase().startsWith(word));
  if (!matches.length) return null;
  const st = { before: value.slice(0, start), after: value.slice(caret), matches, index: 0, atStart: start === 0 };
  return apply(st.before, st.after, matches[0], st.atStart, st);
}

function apply(before, after, word, atStart, state) {
  const insert = word + (atStart && !/^[#&]/.test(word) ? ': ' : ' ');
  const value = before + insert + after.replace(/^ /, '');
  const caret = before.length + insert.length;
  return { value, caret, state: { ...state, value, caret } };
}
