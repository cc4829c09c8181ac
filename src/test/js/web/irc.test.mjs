// node --test src/test/js/web : the web client's pure modules, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, serialise, casefold, saslPlain, linkify, nickColour, mentions, stripFormatting, applyIsupport, parseNamesEntry, actionText }
  from '../../../main/resources/web/app/irc.js';

test('parse: tags, source, command, params', () => {
  const m = parse('@time=2026-12-03T09:00:00.000Z;msgid=abc;+typing=active;x=a\\sb\\:c\\\\ :alice!u@h PRIVMSG #chat :hello there');
  assert.deepEqual(m.tags, { time: '2026-12-03T09:00:00.000Z', msgid: 'abc', '+typing': 'active', x: 'a b;c\\' });
  assert.equal(m.source, 'alice!u@h');
  assert.equal(m.nick, 'alice');
  assert.equal(m.command, 'PRIVMSG');
  assert.deepEqual(m.params, ['#chat', 'hello there']);
  assert.equal(parse(':irc.example 001 bob :Welcome').nick, '');
  assert.deepEqual(parse('PING').params, []);
  assert.deepEqual(parse('CAP * LS :a b').params, ['*', 'LS', 'a b']);
  assert.deepEqual(parse(':s 005 me A=1 :are supported').params, ['me', 'A=1', 'are supported']);
});

test('serialise: trailing only when needed, and never a second line', () => {
  assert.equal(serialise('PRIVMSG', ['#a', 'hi there']), 'PRIVMSG #a :hi there');
  assert.equal(serialise('NICK', ['bob']), 'NICK bob');
  assert.equal(serialise('PRIVMSG', ['#a', ':)']), 'PRIVMSG #a ::)');
  assert.equal(serialise('PRIVMSG', ['#a', '']), 'PRIVMSG #a :');
  assert.equal(serialise('TAGMSG', ['#a'], { '+typing': 'active' }), '@+typing=active TAGMSG #a');
  assert.equal(serialise('TAGMSG', ['#a'], { 'x': 'a b;c' }), '@x=a\\sb\\:c TAGMSG #a');
  assert.throws(() => serialise('PRIVMSG', ['#a', 'x\r\nQUIT']));
  assert.throws(() => serialise('JOIN', ['#a b', 'k']));
  const round = parse(serialise('PRIVMSG', ['#a', 'x y'], { label: 'l1' }));
  assert.equal(round.tags.label, 'l1');
  assert.deepEqual(round.params, ['#a', 'x y']);
});

test('casefold is rfc1459 by default', () => {
  assert.equal(casefold('Nick[A]\\~'), 'nick{a}|^');
  assert.equal(casefold('Nick[A]', 'ascii'), 'nick[a]');
});

test('SASL PLAIN payload and chunking', () => {
  assert.deepEqual(saslPlain('alice', 'pw'), [Buffer.from('alice\0alice\0pw').toString('base64')]);
  const long = saslPlain('a', 'x'.repeat(296)); // 300 bytes -> exactly 400 base64 chars -> a '+' follows
  assert.equal(long.length, 2);
  assert.equal(long[0].length, 400);
  assert.equal(long[1], '+');
  assert.equal(Buffer.from(saslPlain('é', 'p')[0], 'base64').toString('utf8'), 'é\0é\0p');
});

test('linkify keeps only http(s) links and leaves punctuation as text', () => {
  assert.deepEqual(linkify('see https://example.org/a?b=1, then'), [{ text: 'see ' }, { url: 'https://example.org/a?b=1' }, { text: ', then' }]);
  assert.deepEqual(linkify('javascript:alert(1) and data:text/html,x'), [{ text: 'javascript:alert(1) and data:text/html,x' }]);
  assert.deepEqual(linkify('(http://x.org/y)'), [{ text: '(' }, { url: 'http://x.org/y' }, { text: ')' }]);
  assert.deepEqual(linkify('http://en.wikipedia.org/wiki/A_(b)'), [{ url: 'http://en.wikipedia.org/wiki/A_(b)' }]);
  assert.deepEqual(linkify('<img src=x onerror=alert(1)>'), [{ text: '<img src=x onerror=alert(1)>' }]);
});

test('nick colours are stable and case-insensitive', () => {
  assert.equal(nickColour('Alice'), nickColour('alice'));
  assert.ok(nickColour('bob') >= 0 && nickColour('bob') < 16);
  const spread = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(nickColour));
  assert.ok(spread.size > 4);
});

test('mentions match the nick as a word only', () => {
  assert.ok(mentions('hey Bob, look', 'bob'));
  assert.ok(mentions('bob: hi', 'bob'));
  assert.ok(!mentions('bobby is here', 'bob'));
  assert.ok(mentions('ping [x]!', '[x]'));
});

test('formatting, ISUPPORT, NAMES entries, ACTION', () => {
  assert.equal(stripFormatting('\x02bold\x02 \x0304,01red\x03 \x1ditalic\x0f'), 'bold red italic');
  const is = applyIsupport({}, ['CHANTYPES=#', 'PREFIX=(qov)~@+', 'SAFELIST', 'NETWORK=a\\x20b']);
  assert.deepEqual(is, { CHANTYPES: '#', PREFIX: '(qov)~@+', SAFELIST: true, NETWORK: 'a b' });
  applyIsupport(is, ['-SAFELIST']);
  assert.equal(is.SAFELIST, undefined);
  assert.deepEqual(parseNamesEntry('@+alice!u@h', '~@+'), { prefix: '@+', nick: 'alice' });
  assert.equal(actionText('\x01ACTION waves\x01'), 'waves');
  assert.equal(actionText('plain'), null);
});
